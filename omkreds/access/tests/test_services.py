import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from omkreds.access import policy, services
from omkreds.access.models import Consent, Part
from omkreds.access.policy import Action

pytestmark = pytest.mark.django_db


def record(cast, **overrides):
    values = {
        "citizen": cast.citizen,
        "recorded_by": cast.worker,
        "to_user": cast.professional_without,
        "parts": [Part.OVERVIEW, Part.MAP, Part.MAP],
        "purpose": "  Udskrivning  ",
        "given_how": "written",
    }
    values.update(overrides)
    return services.consent_record(**values)


def test_consent_record_shares_the_parts(cast):
    consent = record(cast)
    assert consent.pk is not None
    assert consent.parts == ["map", "overview"]
    assert consent.purpose == "Udskrivning"
    assert consent.valid_from == timezone.localdate()
    assert policy.can(cast.professional_without, Action.VIEW_MAP, cast.citizen)
    assert not policy.can(cast.professional_without, Action.VIEW_CTI, cast.citizen)


def test_consent_record_to_an_organisation(cast):
    outside_pro = cast.outsider  # a worker: organisation consents reach professionals only
    consent = record(cast, to_user=None, to_organisation=cast.org)
    assert consent.to_organisation == cast.org
    assert policy.can(cast.professional_without, Action.VIEW_OVERVIEW, cast.citizen)
    assert not policy.can(outside_pro, Action.VIEW_OVERVIEW, cast.citizen)


@pytest.mark.parametrize(
    "overrides",
    [
        {"to_user": None},
        {"to_organisation": "ORG"},
        {"parts": []},
        {"parts": ["map", "diary"]},
        {"purpose": "   "},
        {"given_how": "telepathy"},
        {"valid_from": dt.date(2030, 1, 2), "valid_until": dt.date(2030, 1, 1)},
    ],
)
def test_consent_record_refuses_incomplete_consents(cast, overrides):
    if overrides.get("to_organisation") == "ORG":
        overrides["to_organisation"] = cast.org
    before = Consent.objects.count()
    with pytest.raises(ValidationError):
        record(cast, **overrides)
    assert Consent.objects.count() == before


def test_consent_withdraw(cast):
    assert policy.can(cast.professional, Action.VIEW_MAP, cast.citizen)
    consent = services.consent_withdraw(consent=cast.consent, by=cast.lead)
    assert consent.withdrawn_at is not None
    cast.consent.refresh_from_db()
    assert cast.consent.withdrawn_by == cast.lead
    assert not policy.can(cast.professional, Action.VIEW_MAP, cast.citizen)


def test_consent_withdraw_twice_keeps_the_first(cast):
    services.consent_withdraw(consent=cast.consent, by=cast.worker)
    cast.consent.refresh_from_db()
    first = cast.consent.withdrawn_at
    services.consent_withdraw(consent=cast.consent, by=cast.lead)
    cast.consent.refresh_from_db()
    assert cast.consent.withdrawn_at == first
    assert cast.consent.withdrawn_by == cast.worker
