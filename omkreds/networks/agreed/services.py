"""Marking a map version as agreed with the citizen, changing the mark, taking it away.

Each write names what it was based on: the latest map version the worker saw and the revision
of the mark (0: none). If either moved on, the write is refused with `AgreementStale` (409) and
nothing changes. Each change leaves a ChangeRecord in the same transaction.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.access.history import record_change
from omkreds.lib.errors import WorkflowError
from omkreds.networks.agreed.models import MapAgreement
from omkreds.networks.models import MapVersion, NetworkMap

KINDS = {
    "map_agreed": _("map version marked as agreed"),
    "map_agreement_changed": _("agreed map version changed"),
    "map_agreement_removed": _("agreed mark taken off a map version"),
}


class AgreementError(WorkflowError):
    default_message = _("The mark could not be changed.")


class AgreementStale(AgreementError):
    default_message = _(
        "The map or its agreed marks changed since you opened this page. "
        "Look at the page again and repeat what you did."
    )


class AgreementDateInvalid(AgreementError):
    field = "agreed_on"


def agreements_of(citizen) -> dict[int, MapAgreement]:
    """Version number -> its mark, for every marked version of the citizen's map (one query)."""
    found = MapAgreement.objects.of(citizen).select_related("version").defer("version__document")
    return {a.version.number: a for a in found}


def _locked_version(citizen, number: int, based_on: int | None) -> MapVersion:
    network_map = NetworkMap.objects.select_for_update().filter(citizen=citizen).first()
    if network_map is None:
        raise MapVersion.DoesNotExist
    latest = network_map.versions.order_by("-number").values_list("number", flat=True).first()
    version = network_map.versions.defer("document").filter(number=number).first()
    if version is None:
        raise MapVersion.DoesNotExist
    if based_on != latest:
        raise AgreementStale()
    return version


def _check_date(version: MapVersion, agreed_on: dt.date) -> None:
    today = timezone.localdate()
    saved = timezone.localdate(version.created_at)
    if agreed_on > today:
        raise AgreementDateInvalid(_("The date cannot be in the future."))
    if agreed_on < saved:
        raise AgreementDateInvalid(
            _("The date cannot be before the version was saved (%(date)s)."),
            params={"date": saved.isoformat()},
        )


def _summary(number: int, agreement: MapAgreement | None) -> str:
    parts = [f"version {number}"]
    if agreement is not None:
        parts.append(agreement.agreed_on.isoformat())
        if agreement.note:
            parts.append(agreement.note)
    return " · ".join(parts)


def agreement_mark(
    *,
    citizen,
    by,
    number: int,
    agreed_on: dt.date,
    note: str = "",
    based_on: int | None,
    revision: int,
) -> MapAgreement:
    """Mark version `number` as agreed with the citizen on `agreed_on`, or change its mark.

    `revision` is the mark's revision the worker saw (0 for none). Raises `AgreementStale`,
    `AgreementDateInvalid` or `MapVersion.DoesNotExist`; nothing changes then.
    """
    note = (note or "").strip()
    if len(note) > 500:
        raise AgreementError(_("Use at most 500 characters."), field="note")
    with transaction.atomic():
        version = _locked_version(citizen, number, based_on)
        _check_date(version, agreed_on)
        agreement = MapAgreement.objects.filter(version=version).first()
        if (agreement.revision if agreement else 0) != revision:
            raise AgreementStale()
        kind = "map_agreement_changed" if agreement else "map_agreed"
        if agreement is None:
            agreement = MapAgreement(version=version, revision=0)
        agreement.agreed_on = agreed_on
        agreement.note = note
        agreement.marked_by = by
        agreement.revision += 1
        agreement.save()
        record_change(
            citizen=citizen, by=by, kind=kind, obj=agreement, summary=_summary(number, agreement)
        )
        return agreement


def agreement_remove(*, citizen, by, number: int, based_on: int | None, revision: int) -> None:
    """Take the mark off version `number`. Raises `AgreementStale` if the page was stale."""
    with transaction.atomic():
        version = _locked_version(citizen, number, based_on)
        agreement = MapAgreement.objects.filter(version=version).first()
        if agreement is None or agreement.revision != revision:
            raise AgreementStale()
        record_change(
            citizen=citizen,
            by=by,
            kind="map_agreement_removed",
            obj=agreement,
            summary=_summary(number, None),
        )
        agreement.delete()


def default_pair(numbers: list[int], agreed: dict[int, MapAgreement]) -> dict[str, int]:
    """What compare shows first (numbers newest first): the two newest agreed versions; with one
    agreed version, from it to the latest; without any (or one, the latest), the last two."""
    marked = [n for n in numbers if n in agreed]
    if len(marked) >= 2:
        return {"a": marked[1], "b": marked[0]}
    if len(marked) == 1 and marked[0] != numbers[0]:
        return {"a": marked[0], "b": numbers[0]}
    if len(numbers) > 1:
        return {"a": numbers[1], "b": numbers[0]}
    return {}
