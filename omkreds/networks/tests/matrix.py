"""Authorization matrix routes for the network map pages and API
(format: omkreds/lib/testing/matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.lib.testing.matrix import CASE, CASE_AND_SHARED, Route
from omkreds.networks.imports.services import draft_create
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie


def _two_versions(cast) -> dict:
    first = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([contact("anna", "Anna", closeness=0.8)]),
        based_on=None,
    )
    second = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [contact("anna", "Anna", closeness=0.2), contact("bo", "Bo")], [tie("anna", "bo")]
        ),
        based_on=first.number,
    )
    return {"first": first.number, "latest": second.number}


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _version(cast, extra):
    return {"citizen_id": cast.citizen.pk, "number": extra["first"]}


def _export(fmt):
    return lambda cast, extra: {"citizen_id": cast.citizen.pk, "fmt": fmt}


def _import_file(cast, extra):
    body = b'{"contacts": [{"id": "cy", "name": "Cy", "sector": "family", "closeness": 0.5}]}'
    return {"file": SimpleUploadedFile("map.json", body, content_type="application/json")}


def _import_draft(cast) -> dict:
    extra = _two_versions(cast)
    body = b'{"contacts": [{"id": "cy", "name": "Cy", "sector": "family", "closeness": 0.5}]}'
    draft = draft_create(citizen=cast.citizen, author=cast.worker, file_name="map.json", raw=body)
    return {**extra, "draft": draft.pk}


def _draft(cast, extra):
    return {"citizen_id": cast.citizen.pk, "draft_id": extra["draft"]}


ROUTES = [
    # Pages. Professionals under a consent read the shared copy; only the case edits.
    Route("networks:editor", kwargs=_citizen, setup=_two_versions, allowed=CASE_AND_SHARED),
    Route("networks:together", kwargs=_citizen, setup=_two_versions, allowed=CASE),
    Route("networks:history", kwargs=_citizen, setup=_two_versions, allowed=CASE_AND_SHARED),
    Route(
        "networks:compare",
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
        data=lambda cast, extra: {"a": extra["first"], "b": extra["latest"]},
    ),
    Route("networks:version", kwargs=_version, setup=_two_versions, allowed=CASE_AND_SHARED),
    Route("networks:figures", kwargs=_citizen, setup=_two_versions, allowed=CASE_AND_SHARED),
    Route(
        "networks:restore",
        method="POST",
        kwargs=_version,
        setup=_two_versions,
        allowed=CASE,
        ok_status=302,
    ),
    Route(
        "networks:export",
        kwargs=_export("json"),
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
        notes="Professionals get the shared copy (no safety-marked people, addresses, notes).",
    ),
    Route("networks:import", kwargs=_citizen, setup=_two_versions, allowed=CASE),
    Route(
        "networks:import",
        method="POST",
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE,
        notes="Answers with the preview; nothing is saved.",
        data=_import_file,
    ),
    Route("networks:import_preview", kwargs=_draft, setup=_import_draft, allowed=CASE),
    Route(
        "networks:import_preview",
        method="POST",
        kwargs=_draft,
        setup=_import_draft,
        allowed=CASE,
        data=lambda cast, extra: {"name": "name", "closeness": "middle"},
    ),
    Route(
        "networks:import_save",
        method="POST",
        kwargs=_draft,
        setup=_import_draft,
        allowed=CASE,
        ok_status=302,
    ),
    Route(
        "networks:import_cancel",
        method="POST",
        kwargs=_draft,
        setup=_import_draft,
        allowed=CASE,
        ok_status=302,
    ),
    # API.
    Route(
        "api:networks_map_latest",
        api=True,
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:networks_map_versions",
        api=True,
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:networks_map_version",
        api=True,
        kwargs=_version,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:networks_map_save",
        method="POST",
        api=True,
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE,
        ok_status=201,
        data=lambda cast, extra: {
            "document": data([contact("anna", "Anna")]),
            "based_on": extra["latest"],
            "note": "matrix",
        },
    ),
    Route(
        "api:networks_map_compare",
        api=True,
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
        data=lambda cast, extra: {"a": extra["first"], "b": extra["latest"]},
    ),
    Route(
        "api:networks_map_export",
        api=True,
        kwargs=_export("graphml"),
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:networks_map_figures",
        api=True,
        kwargs=_citizen,
        setup=_two_versions,
        allowed=CASE_AND_SHARED,
    ),
]
