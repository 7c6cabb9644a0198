"""The overview in the JSON API: a citizen's overview rows, a photo upload, the directory.

Every operation asks the policy (404 when out of reach) and writes the access-log row before it
returns or changes citizen data. Readers under a consent get the shareable copy.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Router, Status

from omkreds.access import policy
from omkreds.access.decorators import api_citizen
from omkreds.access.policy import Action, OrgAction
from omkreds.networks import present
from omkreds.networks.models_overview import DirectoryEntry
from omkreds.networks.overview import services
from omkreds.networks.overview.photos import MAX_BYTES, PhotoRejected
from omkreds.networks.schema import MapDocument
from omkreds.networks.services import MapConflict, map_latest

router = Router(tags=["network overview"])
directory_router = Router(tags=["network overview"])


def _row(row: services.Row, citizen) -> dict[str, Any]:
    c = row.contact
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role.value if c.role else None,
        "role_label": row.role_label,
        "already_active": c.already_active,
        "team_member": c.team_member,
        "professional": row.professional,
        "organisation": c.organisation,
        "phone_direct": c.phone_direct,
        "phone_main": c.phone_main,
        "email": c.email,
        "address": c.address,
        "help_text": c.help_text,
        "support_kinds": [k.value for k in c.support_kinds],
        "sector": c.sector,
        "sector_label": row.sector_label,
        "closeness": c.closeness,
        "photo_url": reverse("overview:photo", args=[citizen.pk, c.photo]) if c.photo else None,
    }


@router.get("/{citizen_id}/overview", url_name="networks_overview")
def overview(request, citizen_id: str, show: str = "all", sort: str = "sector"):
    """The overview's rows (Bilag 7), filtered by `show` and ordered by `sort`."""
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_OVERVIEW)
    latest = map_latest(citizen=citizen)
    document = latest.parsed() if latest else MapDocument()
    copy = present.copy_for(reach, citizen)
    shared = copy.shared
    if shared:
        document = services.shareable(document)
    show = show if show in services.FILTERS else "all"
    sort = sort if sort in services.SORTS else "sector"
    rows = services.rows(document, present.sector_set_of(document, citizen), show=show, sort=sort)
    return {
        "version": present.version_meta(latest, copy),
        "shared": shared,
        "rows": [_row(r, citizen) for r in rows],
        "missing_roles": [] if shared else [r.value for r in services.missing_roles(document)],
    }


def _invalid(field: str, message: str):
    return Status(
        422,
        {"detail": gettext("The photo was not saved."), "errors": {field: [message]}},
    )


def _photo_input(request) -> tuple[Any, Any]:
    """(upload, based_on) from a multipart form (`photo`, `based_on`) or JSON
    (`photo_base64`, `based_on`)."""
    if request.content_type == "multipart/form-data":
        return request.FILES.get("photo"), request.POST.get("based_on")
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    encoded = body.get("photo_base64")
    if not isinstance(encoded, str) or len(encoded) > MAX_BYTES * 4 // 3 + 8:
        return (False if encoded else None), body.get("based_on")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return False, body.get("based_on")
    return SimpleUploadedFile("upload", raw), body.get("based_on")


@router.post(
    "/{citizen_id}/overview/people/{contact_id}/photo",
    url_name="networks_overview_photo",
    response={201: dict[str, Any], 409: dict[str, Any], 422: dict[str, Any]},
)
def photo_upload(request, citizen_id: str, contact_id: str):
    """Upload a person's photo: multipart (`photo`, `based_on`) or JSON (`photo_base64`,
    `based_on`). JPEG, PNG or WebP of at most 5 MB; stored re-encoded without metadata; saved
    as a new map version. 409 if the map changed since `based_on`."""
    citizen = api_citizen(
        request, citizen_id, Action.EDIT_OVERVIEW, object_type="photo", object_id=contact_id[:64]
    ).citizen
    upload, based_on = _photo_input(request)
    if upload is None:
        return _invalid("photo", gettext("This field is required."))
    if upload is False:
        return _invalid("photo", gettext("Send the photo as base64 of at most 5 MB."))
    if based_on is not None and not str(based_on).isdigit():
        return _invalid("based_on", gettext("Give the number of the version you started from."))
    based_on = int(based_on) if based_on is not None else None
    latest = map_latest(citizen=citizen)
    if latest is None or latest.parsed().contact(contact_id) is None:
        raise Http404
    try:
        photo, version = services.photo_attach(
            citizen=citizen,
            author=request.user,
            contact_id=contact_id,
            upload=upload,
            based_on=based_on,
            note=gettext("Overview: photo"),
        )
    except PhotoRejected as exc:
        return _invalid("photo", exc.message)
    except services.ContactMissing:
        raise Http404 from None
    except MapConflict as conflict:
        return Status(
            409,
            {
                "detail": conflict.message,
                "current": present.version_meta(conflict.current, present.case_copy(citizen)),
                "changes": services.conflict_lines(
                    citizen=citizen, based_on=based_on, contact_id=contact_id
                ),
            },
        )
    copy = present.case_copy(citizen)
    return Status(201, {"photo": photo.key, "version": present.version_meta(version, copy)})


@directory_router.get("/", url_name="networks_directory")
def directory(request):
    """The organisation's directory of professionals."""
    organisation = getattr(request, "organisation", None)
    if organisation is None or not policy.can_org(
        request.user, OrgAction.USE_DIRECTORY, organisation
    ):
        raise Http404
    return {
        "entries": [
            {
                "id": e.pk,
                "name": e.name,
                "role": e.role or None,
                "organisation_name": e.organisation_name,
                "phone_direct": e.phone_direct,
                "phone_main": e.phone_main,
                "email": e.email,
                "address": e.address,
            }
            for e in DirectoryEntry.objects.of(organisation)
        ]
    }
