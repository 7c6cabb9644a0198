"""People on the map are data subjects too: record that someone was told they are on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from omkreds.networks.services import map_latest
from omkreds.privacy.models import InformedRecord


@dataclass(frozen=True)
class Person:
    contact_id: str
    name: str
    do_not_contact: bool
    informed: InformedRecord | None


def informed_people(*, citizen) -> list[Person]:
    """The people on the latest map, each with their latest informed record. Two queries."""
    latest = map_latest(citizen=citizen)
    if latest is None:
        return []
    records: dict[str, InformedRecord] = {}
    for record in InformedRecord.objects.filter(citizen=citizen).select_related("recorded_by"):
        records[record.contact_id] = record  # ordered oldest first: the latest wins
    return [
        Person(c.id, c.name, c.safety_marker, records.get(c.id)) for c in latest.parsed().contacts
    ]


def contact_mark_informed(
    *, citizen, contact_id: str, by, on: dt.date | None = None, how: str = ""
) -> InformedRecord:
    """Record that a person on the citizen's latest map was told they are on it.

    Refused (ValidationError, nothing stored) for someone not on the map, for a person marked
    do-not-contact, and for a date in the future.
    """
    on = on or timezone.localdate()
    how = (how or "").strip()
    if on > timezone.localdate():
        raise ValidationError({"informed_on": _("The date cannot be in the future.")})
    if len(how) > 200:
        raise ValidationError({"how": _("Use at most 200 characters.")})
    person = next((p for p in informed_people(citizen=citizen) if p.contact_id == contact_id), None)
    if person is None:
        raise ValidationError(_("This person is not on the network map."))
    if person.do_not_contact:
        raise ValidationError(_("This person is marked do-not-contact."))
    return InformedRecord.objects.create(
        citizen=citizen, contact_id=contact_id, informed_on=on, how=how, recorded_by=by
    )
