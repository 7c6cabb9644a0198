"""Citizens in the JSON API: list, read, create and edit, through the access policy.

Every answer that holds citizen data writes its access-log rows first, as the pages do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StringConstraints, field_validator

from omkreds.access import log, policy
from omkreds.access.decorators import api_citizen
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


class CitizenPage(PageMeta):
    items: list[CitizenOut]


@router.get("/", response={200: CitizenPage, **COMMON_ERRORS}, url_name="citizens_list")
def list_citizens(request, page: Query[PageParams]):
    """The citizens whose case you work on, by name. Each citizen listed is logged."""
    in_reach = policy.citizens_in_reach(request.user).order_by("name", "id")
    count = in_reach.count()
    citizens = list(
        in_reach.select_related("team", "primary_worker")[page.offset : page.offset + page.limit]
    )
    log.record_many(request, citizen_ids=[c.pk for c in citizens], action=log.LIST)
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": citizens}


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
