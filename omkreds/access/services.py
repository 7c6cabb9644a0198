"""Consent workflows. Views call these; tests call them directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omkreds.access.models import Consent, Part
from omkreds.accounts.models import Organisation, User
from omkreds.citizens.models import Citizen


@transaction.atomic
def consent_record(
    *,
    citizen: Citizen,
    recorded_by: User,
    parts: Iterable[str],
    purpose: str,
    given_how: str,
    to_user: User | None = None,
    to_organisation: Organisation | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Consent:
    """Record the citizen's consent to share `parts` with one person or one organisation.

    Raises ValidationError (and saves nothing) when the consent would be incomplete.
    """
    if (to_user is None) == (to_organisation is None):
        raise ValidationError(_("Choose either a person or an organisation, not both."))
    # Keep the parts in their canonical order, once each.
    chosen = set(parts)
    consent = Consent(
        citizen=citizen,
        to_user=to_user,
        to_organisation=to_organisation,
        parts=[p for p in Part.values if p in chosen] + sorted(chosen - set(Part.values)),
        purpose=purpose.strip(),
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        given_how=given_how,
        recorded_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User) -> Consent:
    """Withdraw a consent. It stops counting on the very next policy check.

    Withdrawing an already withdrawn consent changes nothing; the first withdrawal stands.
    """
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent.withdrawn_at = locked.withdrawn_at
    consent.withdrawn_by_id = locked.withdrawn_by_id
    return consent
