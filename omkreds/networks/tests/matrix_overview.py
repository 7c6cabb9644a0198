"""Authorization matrix routes for the network overview, photos and the directory
(format: omkreds/lib/testing/matrix.py)."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.lib.testing.matrix import CASE, CASE_AND_SHARED, Route
from omkreds.networks.models_overview import DirectoryEntry
from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture


def _map(cast) -> dict:
    version = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("gp", "Dr. Lund", sector="professionals", role="own_doctor"),
                contact("mor", "Mor"),
            ]
        ),
        based_on=None,
    )
    photo = photo_store(
        citizen=cast.citizen,
        upload=SimpleUploadedFile("p.png", picture("PNG", (40, 40))),
        user=cast.worker,
    )
    version = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [
                contact("gp", "Dr. Lund", sector="professionals", role="own_doctor",
                        photo=photo.key),
                contact("mor", "Mor"),
            ]
        ),
        based_on=version.number,
    )  # fmt: skip
    entry = DirectoryEntry.objects.create(
        organisation=cast.org, name="Dr. Dir", role="own_doctor", phone_main="+45 70 70 70 70"
    )
    return {"latest": version.number, "photo": photo.key, "entry": entry.pk}


def _citizen(cast, extra):
    return {"citizen_id": cast.citizen.pk}


def _person(cast, extra):
    return {"citizen_id": cast.citizen.pk, "contact_id": "gp"}


def _photo(cast, extra):
    return {"citizen_id": cast.citizen.pk, "key": extra["photo"]}


def _export(fmt):
    return lambda cast, extra: {"citizen_id": cast.citizen.pk, "fmt": fmt}


def _entry(cast, extra):
    return {"pk": extra["entry"]}


def _person_form(cast, extra):
    return {"based_on": extra["latest"], "name": "Dr. Lund", "role": "own_doctor",
            "email": "lund@example.org"}  # fmt: skip


DIRECTORY_USERS = frozenset({"worker", "colleague", "lead", "other_lead", "admin", "outsider"})
DIRECTORY_MANAGERS = frozenset({"lead", "other_lead", "admin"})

ROUTES = [
    Route("overview:table", kwargs=_citizen, setup=_map, allowed=CASE_AND_SHARED),
    Route("overview:add", kwargs=_citizen, setup=_map, allowed=CASE),
    Route(
        "overview:add",
        method="POST",
        kwargs=_citizen,
        setup=_map,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"based_on": extra["latest"], "name": "Nyt Navn"},
    ),
    Route("overview:edit", kwargs=_person, setup=_map, allowed=CASE),
    Route(
        "overview:edit",
        method="POST",
        kwargs=_person,
        setup=_map,
        allowed=CASE,
        ok_status=302,
        data=_person_form,
    ),
    Route(
        "overview:cell",
        method="POST",
        kwargs=_person,
        setup=_map,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"based_on": extra["latest"], "already_active": "on"},
    ),
    Route(
        "overview:photo_upload",
        method="POST",
        kwargs=_person,
        setup=_map,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {
            "based_on": extra["latest"],
            "photo": SimpleUploadedFile("p.jpg", picture("JPEG", (60, 60))),
        },
    ),
    Route(
        "overview:photo",
        kwargs=_photo,
        setup=_map,
        allowed=CASE_AND_SHARED,
        notes="Professionals see only photos of people on the shareable copy.",
    ),
    Route("overview:export", kwargs=_export("csv"), setup=_map, allowed=CASE_AND_SHARED),
    Route("overview:export", kwargs=_export("xlsx"), setup=_map, allowed=CASE_AND_SHARED),
    Route("overview:export", kwargs=_export("docx"), setup=_map, allowed=CASE_AND_SHARED),
    Route(
        "overview:export",
        kwargs=_export("pdf-team"),
        setup=_map,
        allowed=CASE_AND_SHARED,
        ok_status=(200, 302),
        data=lambda cast, extra: {"consent": cast.consent.pk},
    ),
    # The directory is the organisation's, not a citizen's.
    Route("overview:directory", allowed=DIRECTORY_USERS, setup=_map, citizen_data=False),
    Route(
        "overview:directory",
        method="POST",
        allowed=DIRECTORY_MANAGERS,
        setup=_map,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"name": "Ny Fagperson", "email": "ny@example.org"},
    ),
    Route(
        "overview:directory_edit",
        kwargs=_entry,
        setup=_map,
        allowed=DIRECTORY_MANAGERS,
        citizen_data=False,
    ),
    Route(
        "overview:directory_edit",
        method="POST",
        kwargs=_entry,
        setup=_map,
        allowed=DIRECTORY_MANAGERS,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"name": "Dr. Dir", "phone_main": "+45 70 70 70 71"},
    ),
    Route(
        "overview:directory_delete",
        method="POST",
        kwargs=_entry,
        setup=_map,
        allowed=DIRECTORY_MANAGERS,
        ok_status=302,
        citizen_data=False,
    ),
    # API.
    Route(
        "api:networks_overview",
        api=True,
        kwargs=_citizen,
        setup=_map,
        allowed=CASE_AND_SHARED,
    ),
    Route(
        "api:networks_overview_photo",
        method="POST",
        api=True,
        kwargs=_person,
        setup=_map,
        allowed=CASE,
        ok_status=201,
        data=lambda cast, extra: {
            "based_on": extra["latest"],
            "photo_base64": base64.b64encode(picture("PNG", (30, 30))).decode(),
        },
    ),
    Route(
        "api:networks_directory",
        api=True,
        setup=_map,
        allowed=DIRECTORY_USERS,
        citizen_data=False,
    ),
]
