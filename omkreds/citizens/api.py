"""Citizens in the JSON API: list, read, create and edit, through the access policy.

Every answer that holds citizen data writes its access-log rows first, as the pages do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StringConstraints, field_validator

from omkreds.access import log, policy
from omkreds.access.decorators import api_citizen
from omkreds.access.models import Part
from omkreds.access.policy import Action, OrgAction
from omkreds.citizens import services
from omkreds.citizens.models import Citizen
from omkreds.lib.api.schemas import COMMON_ERRORS, PageMeta, PageParams

router = Router(tags=["citizens"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _check_birth_date(value: dt.date | None) -> dt.date | None:
    # The same rules and messages as Citizen.clean().
    if value is not None and value > timezone.localdate():
        raise ValueError(_("The date of birth cannot be in the future."))
    if value is not None and value.year < 1900:
        raise ValueError(_("The date of birth must be after 1900."))
    return value


class Ref(Schema):
    id: int
    name: str


class CitizenOut(Schema):
    id: uuid.UUID
    name: str
    date_of_birth: dt.date | None
    status: str
    closed_on: dt.date | None
    team: Ref | None
    primary_worker: Ref | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_primary_worker(obj: Citizen) -> dict | None:
        worker = obj.primary_worker
        return {"id": worker.pk, "name": worker.full_name} if worker else None


class CitizenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Name
    date_of_birth: dt.date | None = None

    @field_validator("date_of_birth")
    @classmethod
    def birth_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        return _check_birth_date(value)


class CitizenPatch(Schema):
    """Only the fields sent are changed. `null` clears the date of birth; a name is required."""

    model_config = ConfigDict(extra="forbid")

    name: Name = Field(None)  # type: ignore[assignment]
    date_of_birth: dt.date | None = None

    @field_validator("date_of_birth")
    @classmethod
    def birth_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        return _check_birth_date(value)


class CitizenListItem(CitizenOut):
    shared: bool = Field(
        description="Shared with you under a consent in force, not your case: the case's facts "
        "(date of birth, closing date, team, primary worker) are left out."
    )
    parts: list[str] = Field(
        description="The parts you may read: map, overview, meetings, cti. All of them for your "
        "own cases; for a shared citizen, those the consents cover."
    )
    links: dict[str, str] = Field(
        description="Part → the API address to read it. Under a consent a meeting's memo is read "
        "per meeting, so shared citizens have no `meetings` link."
    )

    @staticmethod
    def resolve_primary_worker(obj: dict) -> dict | None:
        return obj["primary_worker"]  # shaped by `_list_item`


class CitizenPage(PageMeta):
    items: list[CitizenListItem]


# Part → (the API address that reads it, whether a professional under a consent may read it).
_PART_LINKS = {
    Part.MAP: ("api:networks_map_latest", True),
    Part.OVERVIEW: ("api:networks_overview", True),
    Part.MEETINGS: ("api:meetings_list", False),
    Part.CTI: ("api:cti_courses", True),
}


def _list_item(citizen: Citizen, parts: set[str] | None) -> dict:
    """A citizen of the list: the case (`parts` None), or shared with only `parts` linked."""
    shared = parts is not None
    item = CitizenOut.from_orm(citizen).model_dump()
    if shared:
        item.update(date_of_birth=None, closed_on=None, team=None, primary_worker=None)
    readable = [p for p in Part.values if not shared or p in parts]
    item.update(
        shared=shared,
        parts=readable,
        links={
            part: reverse(_PART_LINKS[part][0], kwargs={"citizen_id": citizen.pk})
            for part in readable
            if not shared or _PART_LINKS[part][1]
        },
    )
    return item


@router.get("/", response={200: CitizenPage, **COMMON_ERRORS}, url_name="citizens_list")
def list_citizens(request, page: Query[PageParams]):
    """The citizens whose case you work on and those shared with you under a consent in force
    (`shared`, with only the consented parts linked), by name. Each citizen listed is logged."""
    user = request.user
    case = policy.citizens_in_reach(user)
    listed = (case | policy.shared_citizens(user)).order_by("name", "id")
    count = listed.count()
    citizens = list(
        listed.select_related("team", "primary_worker").annotate(
            is_case=Exists(case.filter(pk=OuterRef("pk")))
        )[page.offset : page.offset + page.limit]
    )
    log.record_many(request, citizen_ids=[c.pk for c in citizens], action=log.LIST)
    # The consents' parts (one query), only when someone on the page is shared, not the case.
    shared = {} if all(c.is_case for c in citizens) else policy.shared_parts(user)
    items = [_list_item(c, None if c.is_case else shared.get(c.pk, set())) for c in citizens]
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": items}


@router.get(
    "/{citizen_id}", response={200: CitizenOut, **COMMON_ERRORS}, url_name="citizens_detail"
)
def get_citizen(request, citizen_id: uuid.UUID):
    return api_citizen(request, citizen_id, Action.VIEW_CASE).citizen


@router.post("/", response={201: CitizenOut, **COMMON_ERRORS}, url_name="citizens_create")
def create_citizen(request, payload: CitizenIn):
    """A new case in your organisation. A worker becomes its primary worker."""
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.CREATE_CITIZEN, organisation
    ):
        raise Http404
    citizen = services.citizen_draft(membership=request.membership)
    citizen.name = payload.name
    citizen.date_of_birth = payload.date_of_birth
    with transaction.atomic():
        services.citizen_create(citizen=citizen, by=request.user)
        log.record(request, citizen_id=citizen.pk, action=log.CREATE_CASE, obj=citizen)
    return Status(201, Citizen.objects.select_related("team", "primary_worker").get(pk=citizen.pk))


@router.patch(
    "/{citizen_id}", response={200: CitizenOut, **COMMON_ERRORS}, url_name="citizens_update"
)
def update_citizen(request, citizen_id: uuid.UUID, payload: CitizenPatch):
    citizen = api_citizen(
        request, citizen_id, Action.EDIT_CASE, object_type="citizen", object_id=str(citizen_id)
    ).citizen
    changes = payload.model_dump(exclude_unset=True)
    for field, value in changes.items():
        setattr(citizen, field, value)
    return services.citizen_update(citizen=citizen, by=request.user, changed=list(changes))
