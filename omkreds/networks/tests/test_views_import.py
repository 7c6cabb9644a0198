"""The import pages: upload → preview with a mapping → import as a new version (issue 19)."""

import datetime as dt
import html
import json

import networkx as nx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.networks.exports import to_graphml, to_json
from omkreds.networks.imports.forms import value_field
from omkreds.networks.imports.mapping import Mapping
from omkreds.networks.imports.models import ImportDraft
from omkreds.networks.models import MapVersion
from omkreds.networks.samples import sample_document
from omkreds.networks.services import map_latest, map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.test_import_files import BAD

pytestmark = pytest.mark.django_db


def url(cast, tail=""):
    return f"/citizens/{cast.citizen.pk}/map/import/{tail}"


def upload(client, cast, name, content):
    return client.post(url(cast), {"file": SimpleUploadedFile(name, content)})


def karate() -> bytes:
    return "\n".join(nx.generate_graphml(nx.karate_club_graph())).encode()


CLUB_MAPPING = {
    "name": "",
    "sector": "club",
    value_field("sv", "club", "Mr. Hi"): "family",
    value_field("sv", "club", "Officer"): "work_school",
    "sector_default": "others",
    "closeness": "middle",
    "closeness_attr": "",
    "closer_when": "lower",
    "valence": "",
    "valence_default": "neutral",
    "relation": "",
    "phone": "",
    "email": "",
    "rest_in_note": "on",
}


def previewed(fields: dict) -> str:
    mapping = Mapping(
        sector="club",
        sector_values={"Mr. Hi": "family", "Officer": "work_school"},
        sector_default="others",
        rest_in_note=True,
    )
    return mapping.fingerprint()


def test_upload_shows_the_preview_and_saves_nothing(cast, login_as):
    client = login_as(cast.worker)
    response = upload(client, cast, "karate.graphml", karate())
    assert response.status_code == 200
    body = response.content.decode()
    assert "34 people, 78 lines, 0 left out." in body
    assert "<svg" in body and "Import as a new version" in body
    assert not MapVersion.objects.exists()
    draft = ImportDraft.objects.get()
    assert (draft.citizen, draft.created_by, draft.file_name) == (
        cast.citizen,
        cast.worker,
        "karate.graphml",
    )
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="edit_map").exists()


def test_the_mapping_is_previewed_then_imported_with_the_file_name_in_the_note(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()

    response = client.post(url(cast, f"{draft.pk}/"), CLUB_MAPPING)
    assert response.status_code == 200
    body = response.content.decode()
    assert "“Officer” goes in" in body
    assert not MapVersion.objects.exists()

    fields = {**CLUB_MAPPING, "previewed": previewed(CLUB_MAPPING), "note": "From the study"}
    response = client.post(url(cast, f"{draft.pk}/save/"), fields)
    assert response.status_code == 302
    version = map_latest(citizen=cast.citizen)
    assert version.number == 1
    assert version.note == "Imported from karate.graphml. From the study"
    document = version.parsed()
    assert len(document.contacts) == 34 and len(document.ties) == 78
    assert document.contact("0").sector == "family"
    assert document.contact("33").sector == "work_school"
    assert not ImportDraft.objects.exists()


def test_a_mapping_changed_after_the_preview_is_shown_before_it_is_saved(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    changed = {**CLUB_MAPPING, value_field("sv", "club", "Officer"): "relatives"}
    response = client.post(
        url(cast, f"{draft.pk}/save/"), {**changed, "previewed": previewed(CLUB_MAPPING)}
    )
    assert response.status_code == 200
    assert "The mapping changed since the preview." in response.content.decode()
    assert not MapVersion.objects.exists()


def test_problems_name_the_person_and_the_field_and_block_the_import(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    fields = {**CLUB_MAPPING, value_field("sv", "club", "Officer"): "", "sector_default": ""}
    response = client.post(url(cast, f"{draft.pk}/"), fields)
    body = response.content.decode()
    assert "9: Sector: choose a sector for “Officer”." in body
    assert "import_save" not in body and "/save/" not in body
    response = client.post(url(cast, f"{draft.pk}/save/"), fields)
    assert response.status_code == 200
    assert not MapVersion.objects.exists()


def test_danish_problems_are_in_danish(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    fields = {**CLUB_MAPPING, value_field("sv", "club", "Officer"): "", "sector_default": ""}
    response = client.post(url(cast, f"{draft.pk}/"), fields, HTTP_ACCEPT_LANGUAGE="da")
    assert "9: Felt: vælg et felt for “Officer”." in response.content.decode()


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_our_own_500_person_map_comes_back_identical_without_a_mapping_step(cast, login_as, fmt):
    document = sample_document(500, ties=800)
    content = (to_graphml if fmt == "graphml" else to_json)(document).encode()
    client = login_as(cast.worker)
    response = upload(client, cast, f"map.{fmt}", content)
    body = response.content.decode()
    assert "500 people, 800 lines, 0 left out." in body
    assert "What each attribute in the file becomes" not in body
    draft = ImportDraft.objects.get()
    response = client.post(url(cast, f"{draft.pk}/save/"), {"note": ""})
    assert response.status_code == 302
    saved = map_latest(citizen=cast.citizen)
    assert saved.note == f"Imported from map.{fmt}"
    assert saved.parsed().model_dump(mode="json") == document.model_dump(mode="json")


def test_someone_saving_after_the_upload_is_not_overwritten_silently(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "map.json", to_json(sample_document(3)).encode())
    draft = ImportDraft.objects.get()
    map_save(citizen=cast.citizen, author=cast.lead, document=data([contact("x")]), based_on=None)
    response = client.post(url(cast, f"{draft.pk}/save/"), {})
    assert "Someone saved the map after you uploaded the file." in response.content.decode()
    assert MapVersion.objects.count() == 1
    response = client.post(url(cast, f"{draft.pk}/save/"), {})
    assert response.status_code == 302
    assert MapVersion.objects.count() == 2


def test_cancel_forgets_the_file(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    response = client.post(url(cast, f"{draft.pk}/cancel/"))
    assert response.status_code == 302
    assert not ImportDraft.objects.exists() and not MapVersion.objects.exists()


def test_an_old_draft_is_gone(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    ImportDraft.objects.update(created_at=timezone.now() - dt.timedelta(hours=3))
    assert client.get(url(cast, f"{draft.pk}/")).status_code == 404
    # The next upload (by anyone) deletes it.
    upload(client, cast, "karate.graphml", karate())
    assert list(ImportDraft.objects.values_list("pk", flat=True)) != [draft.pk]
    assert ImportDraft.objects.count() == 1


def test_a_new_upload_replaces_the_workers_earlier_draft(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    upload(client, cast, "map.json", json.dumps(data([contact("a")])).encode())
    assert list(ImportDraft.objects.values_list("file_name", flat=True)) == ["map.json"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("picture.png.csv", b"\x89PNG\r\n\x1a\n\0\0", "not one Omkreds can read"),
        ("map.pdf", b"%PDF-1.4", "Choose a GraphML, GEXF, JSON, CSV or Excel (.xlsx) file."),
        ("bomb.graphml", b'<!DOCTYPE x [<!ENTITY a "a">]><graphml/>', "DTD or entities"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_kept(cast, login_as, name, content, message):
    response = upload(login_as(cast.worker), cast, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists() and not MapVersion.objects.exists()


def test_people_outside_the_reach_get_404(cast, login_as):
    client = login_as(cast.worker)
    upload(client, cast, "karate.graphml", karate())
    draft = ImportDraft.objects.get()
    other = login_as(cast.outsider)
    assert other.get(url(cast, f"{draft.pk}/")).status_code == 404
    assert other.post(url(cast, f"{draft.pk}/save/"), {}).status_code == 404
    assert ImportDraft.objects.exists()


def named(raw: bytes) -> str:
    """The name a file of this content would have."""
    if raw.startswith(b"PK"):
        return "network.xlsx"
    return "network.graphml" if raw.lstrip().startswith(b"<") else "network.csv"


@pytest.mark.parametrize("case", BAD)
def test_every_bad_file_is_refused_on_the_page_and_nothing_is_kept(cast, login_as, case):
    raw, message = BAD[case]
    raw = raw() if callable(raw) else raw
    response = upload(login_as(cast.worker), cast, named(raw), raw)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "The file was not imported:" in page and message in page
    assert not ImportDraft.objects.exists() and not MapVersion.objects.exists()
