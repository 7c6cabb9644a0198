"""What the access app adds to the worker's "what is due" list."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkreds.access.models import Consent
from omkreds.citizens.extensions import DueItem

EXPIRY_WARNING_DAYS = 30


def consents_expiring(user, citizens) -> list[DueItem]:
    """Consents in force that end within 30 days, so that the worker can renew them in time."""
    today = timezone.localdate()
    consents = (
        Consent.objects.in_force()
        .filter(
            citizen__in=[c.pk for c in citizens],
            valid_until__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .select_related("to_user", "to_organisation")
        .order_by("valid_until")
    )
    return [
        DueItem(
            citizen_id=consent.citizen_id,
            label=_("Consent to %(whom)s ends")
            % {"whom": consent.to_user or consent.to_organisation},
            due_on=consent.valid_until,
            url=reverse("citizens:detail", args=[consent.citizen_id]) + "#consents",
        )
        for consent in consents
    ]
