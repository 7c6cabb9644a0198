"""The network map API: /api/v1/citizens/<uuid>/map/…

Every operation asks the policy (404 when out of reach) and writes the access-log row before
it returns any of the citizen's data. Readers under a consent get the shared copy.
Saving names the version it was based on: a stale save answers 409 with the current version
and what changed since, a bad document 422 with one message per problem; neither stores
anything.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Schema, Status

from omkreds.access.decorators import api_citizen
from omkreds.access.policy import Action
from omkreds.lib import fastjson
from omkreds.lib.api.schemas import ValidationErrorOut
from omkreds.networks import present, present_figures
from omkreds.networks.agreed.services import agreements_of
from omkreds.networks.models import MapVersion
from omkreds.networks.schema import DocumentInvalid, MapDocument
from omkreds.networks.services import MapConflict, map_latest, map_save

router = Router(tags=["network maps"])


def _json(payload: dict, status: int = 200) -> HttpResponse:
    """An answer carrying a whole map, written by pydantic-core (a 500-person map is ~300 KB:
    about 1 ms instead of ninja's ~4 ms through the json module). Same JSON, same headers."""
    return HttpResponse(
        fastjson.dumps(payload), status=status, content_type="application/json; charset=utf-8"
    )


def _version(citizen, number: int) -> MapVersion:
    return get_object_or_404(
        MapVersion.objects.select_related("author").defer("document"),
        map__citizen=citizen,
        number=number,
    )


class SaveIn(Schema):
    # Loosely typed on purpose: the document is checked by the map's own schema, which gives
    # one translated message per problem; `based_on` is checked below.
    document: Any = None
    based_on: Any = None
    note: Any = ""


@router.get("/{citizen_id}/map", url_name="networks_map_latest")
def map_get(request, citizen_id: str):
    """The latest version of the map (an empty map with `version: null` before the first save)."""
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_MAP)
    copy = present.copy_for(reach, citizen)
    payload = present.version_payload(map_latest(citizen=citizen), copy)
    payload["editable"] = reach.allows(Action.EDIT_MAP)
    return _json(payload)


@router.get("/{citizen_id}/map/versions", url_name="networks_map_versions")
def versions_list(request, citizen_id: str):
    """Every version, newest first: number, date, author, note."""
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_MAP)
    copy = present.copy_for(reach, citizen)
    versions = list(MapVersion.objects.filter(map__citizen=citizen).history())
    copy.read_notes(versions)
    return {"versions": [present.version_meta(v, copy) for v in versions]}


@router.get("/{citizen_id}/map/versions/{number}", url_name="networks_map_version")
def version_get(request, citizen_id: str, number: int):
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_MAP)
    copy = present.copy_for(reach, citizen)
    return _json(present.version_payload(_version(citizen, number), copy))


@router.post(
    "/{citizen_id}/map/versions",
    url_name="networks_map_save",
    response={201: dict[str, Any], 409: dict[str, Any], 422: ValidationErrorOut},
)
def version_save(request, citizen_id: str, payload: SaveIn):
    """Save the map. 201 with the new version; 409 with the current version and a diff; 422."""
    citizen = api_citizen(request, citizen_id, Action.EDIT_MAP).citizen
    based_on = payload.based_on
    if based_on is not None and (
        isinstance(based_on, bool) or not isinstance(based_on, int) or based_on < 1
    ):
        return _invalid([("based_on", gettext("Give the number of the version you started from."))])
    note = payload.note if payload.note is not None else ""
    if not isinstance(note, str):
        return _invalid([("note", gettext("Enter text."))])
    if len(note.strip()) > 500:
        return _invalid([("note", gettext("Use at most 500 characters."))])
    if payload.document is None:
        return _invalid([("document", gettext("This field is required."))])
    try:
        version = map_save(
            citizen=citizen,
            author=request.user,
            document=payload.document,
            based_on=based_on,
            note=note,
        )
    except DocumentInvalid as exc:
        return _invalid([(f"document.{p.field}", p.message) for p in exc.problems])
    except MapConflict as conflict:
        return _json(_conflict(citizen, conflict), status=409)
    return _json(present.version_payload(version, present.case_copy(citizen)), status=201)


def _invalid(problems: list[tuple[str, str]]):
    errors: dict[str, list[str]] = {}
    for field, message in problems:
        errors.setdefault(field.rstrip("."), []).append(message)
    return Status(
        422,
        {
            "detail": gettext("The map was not saved. Correct the problems and save again."),
            "errors": errors,
        },
    )


def _conflict(citizen, conflict: MapConflict) -> dict:
    current = conflict.current
    base = None
    if conflict.based_on is not None:
        base = MapVersion.objects.filter(map__citizen=citizen, number=conflict.based_on).first()
    base_document = base.parsed() if base is not None else MapDocument()
    current_document = current.parsed() if current is not None else MapDocument()
    return {
        "detail": conflict.message,
        "current": present.version_payload(current, present.case_copy(citizen)),
        "diff": present.diff_payload(
            base_document,
            current_document,
            present.case_copy(citizen),
            sector_set=present.sector_set_of(current_document, citizen),
        ),
    }


@router.get("/{citizen_id}/map/compare", url_name="networks_map_compare")
def versions_compare(request, citizen_id: str, a: int, b: int):
    """What changed from version `a` to version `b`."""
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_MAP)
    copy = present.copy_for(reach, citizen)
    old, new = _version(citizen, a).parsed(), _version(citizen, b).parsed()
    return {
        "a": a,
        "b": b,
        "diff": present.diff_payload(
            old, new, copy, sector_set=present.sector_set_of(new, citizen)
        ),
    }


@router.get("/{citizen_id}/map/figures", url_name="networks_map_figures")
def figures(
    request,
    citizen_id: str,
    version: int | None = None,
    versions: Literal["agreed", "all"] = "agreed",
):
    """Figures of a version (default: the latest) and, over time, the figures per version,
    newest first, as the figures page shows them: the versions agreed with the citizen when
    there are any (each with `agreed_on`), every version with `versions=all` or when none is
    agreed. `over_time_versions` says which of the two `over_time` holds."""
    citizen, reach = api_citizen(request, citizen_id, Action.VIEW_MAP, object_type="map_figures")
    copy = present.copy_for(reach, citizen)
    chosen = _version(citizen, version) if version is not None else map_latest(citizen=citizen)
    document = chosen.parsed() if chosen is not None else MapDocument()
    agreed = agreements_of(citizen)
    only_agreed = bool(agreed) and versions == "agreed"
    rows = present_figures.over_time(citizen, copy, agreed=agreed if only_agreed else None)[
        "newest_first"
    ]
    for row in rows:
        row["created_at"] = row["created_at"].isoformat()
        mark = agreed.get(row["number"])
        row["agreed_on"] = mark.agreed_on.isoformat() if mark else None
    return {
        "version": chosen.number if chosen is not None else None,
        "figures": present_figures.figures_of(document, citizen, copy)[1],
        "over_time": rows,
        "over_time_versions": "agreed" if only_agreed else "all",
    }


# The formats as an enum in the OpenAPI document, so that a client sees what it may ask for;
# another value is refused with 422 before anything is read. (The PDFs answer 404 in a build
# without WeasyPrint.)
ExportFormat = Literal[tuple(present.EXPORT_FORMATS)]


@router.get("/{citizen_id}/map/export/{fmt}", url_name="networks_map_export")
def export(request, citizen_id: str, fmt: ExportFormat, version: int | None = None):
    """The map as svg, png (3000 × 2000 pixels), graphml, json, contacts-csv, ties-csv,
    pdf-a4 or pdf-a3. `version` picks an old version; the default is the latest."""
    citizen, reach = api_citizen(
        request, citizen_id, Action.VIEW_MAP, object_type="map_export", object_id=fmt[:40]
    )
    return export_response(citizen, fmt, version, present.copy_for(reach, citizen))


def export_response(citizen, fmt: str, number: int | None, copy) -> HttpResponse:
    """Shared by the export page and the API. The caller has checked access and logged."""
    chosen = _version(citizen, number) if number is not None else map_latest(citizen=citizen)
    document = chosen.parsed() if chosen is not None else MapDocument()
    made = present.export_content(
        fmt, document=document, citizen=citizen, version=chosen, copy=copy
    )
    if made is None:
        raise Http404
    content, content_type, filename = made
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
