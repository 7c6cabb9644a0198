import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.lib.testing.cast import CANARY
from omkreds.networks.exports import to_graphml, to_json
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, document, tie

pytestmark = pytest.mark.django_db


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def save(cast, *contacts, ties=(), based_on=None, note="", author=None):
    return map_save(
        citizen=cast.citizen,
        author=author or cast.worker,
        document=data(contacts, ties),
        based_on=based_on,
        note=note,
    )


def three_versions(cast):
    save(cast, contact("anna", "Anna", closeness=0.9), note="first meeting")
    save(cast, contact("anna", "Anna", closeness=0.2), contact("bo", "Bo"), based_on=1)
    save(
        cast,
        contact("anna", "Anna", closeness=0.2, valence="negative"),
        based_on=2,
        author=cast.lead,
        note="after the council",
    )


def test_history_lists_versions_with_date_author_and_note(
    cast, login_as, django_assert_max_num_queries
):
    three_versions(cast)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(20):
        response = client.get(url(cast.citizen, "history/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "3 versions" in body
    assert "Lena Lead" in body and "Wanda Worker" in body
    assert "first meeting" in body and "after the council" in body
    assert "/map/versions/1/restore/" in body
    assert AccessLogEntry.objects.filter(user=cast.worker, action=Action.VIEW_MAP).exists()


def test_history_query_count_does_not_grow_with_versions(
    cast, login_as, django_assert_max_num_queries
):
    save(cast, contact("anna"))
    for number in range(1, 30):
        save(cast, contact("anna", closeness=(number % 10) / 10), based_on=number)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(20):
        assert client.get(url(cast.citizen, "history/")).status_code == 200


def test_professional_sees_history_without_restore(cast, login_as):
    three_versions(cast)
    body = login_as(cast.professional).get(url(cast.citizen, "history/")).content.decode()
    assert "3 versions" in body
    assert "restore/" not in body


def test_compare_shows_what_changed_with_movement_arrows(cast, login_as):
    three_versions(cast)
    client = login_as(cast.worker)
    body = client.get(url(cast.citizen, "compare/") + "?a=1&b=2").content.decode()
    assert "Bo was added." in body
    assert "Anna moved closer." in body
    assert 'class="movement-arrow"' in body
    body = client.get(url(cast.citizen, "compare/") + "?a=2&b=3").content.decode()
    assert "Bo was removed." in body
    assert "the relation changed from neutral to negative" in body
    # Without a choice: the last two versions.
    assert "Bo was removed." in client.get(url(cast.citizen, "compare/")).content.decode()


def test_compare_refuses_unknown_versions_with_a_message(cast, login_as):
    three_versions(cast)
    response = login_as(cast.worker).get(url(cast.citizen, "compare/") + "?a=1&b=99")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = login_as(cast.worker).get(url(cast.citizen, "compare/") + "?a=x")
    assert response.status_code == 200


def test_compare_for_the_professional_leaves_out_safety_marked_people(cast, login_as):
    save(cast, contact("anna", "Anna"))
    save(
        cast,
        contact("anna", "Anna"),
        contact("safe", "Hidden Person", safety_marker=True),
        based_on=1,
    )
    body = (
        login_as(cast.professional).get(url(cast.citizen, "compare/") + "?a=1&b=2").content.decode()
    )
    assert "Hidden Person" not in body
    assert "Nothing changed between these versions." in body


def test_version_page(cast, login_as):
    three_versions(cast)
    response = login_as(cast.worker).get(url(cast.citizen, "versions/1/"))
    assert response.status_code == 200
    assert "Network map, version 1" in response.content.decode()
    assert login_as(cast.worker).get(url(cast.citizen, "versions/7/")).status_code == 404


def test_restore_writes_a_new_version(cast, login_as):
    three_versions(cast)
    response = login_as(cast.worker).post(url(cast.citizen, "versions/1/restore/"))
    assert response.status_code == 302
    assert response["Location"] == url(cast.citizen, "history/")
    latest = MapVersion.objects.order_by("-number").first()
    assert latest.number == 4
    assert latest.restored_from == 1
    assert latest.author == cast.worker
    assert [c.id for c in latest.parsed().contacts] == ["anna"]
    assert latest.parsed().contacts[0].closeness == 0.9
    assert AccessLogEntry.objects.filter(user=cast.worker, action=Action.EDIT_MAP).exists()


def test_restore_needs_post_and_edit_rights(cast, login_as):
    three_versions(cast)
    assert login_as(cast.worker).get(url(cast.citizen, "versions/1/restore/")).status_code == 405
    assert (
        login_as(cast.professional).post(url(cast.citizen, "versions/1/restore/")).status_code
        == 404
    )
    assert login_as(cast.worker).post(url(cast.citizen, "versions/9/restore/")).status_code == 404
    assert MapVersion.objects.count() == 3


@pytest.mark.parametrize(
    ("fmt", "content_type", "marker"),
    [
        ("svg", "image/svg+xml", "<svg"),
        ("graphml", "application/graphml+xml", "<graphml"),
        ("json", "application/json", '"contacts"'),
        ("contacts-csv", "text/csv", "Sector"),
        ("ties-csv", "text/csv", "First person"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"),
        ("pdf-a4", "application/pdf", "%PDF"),
        ("pdf-a3", "application/pdf", "%PDF"),
    ],
)
def test_exports(cast, login_as, fmt, content_type, marker):
    save(cast, contact("anna", "Anna"), contact("bo", "Bo"), ties=[tie("anna", "bo")])
    response = login_as(cast.worker).get(url(cast.citizen, f"export/{fmt}/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]
    assert marker in response.content.decode("latin-1")
    assert AccessLogEntry.objects.filter(
        user=cast.worker, action=Action.VIEW_MAP, object_type="map_export", object_id=fmt
    ).exists()


def test_shared_exports_leave_out_safety_marked_people(cast, login_as):
    save(cast, contact("anna", "Anna"), contact("safe", "Hidden Person", safety_marker=True))
    client = login_as(cast.professional)
    for fmt in ("svg", "graphml", "json", "contacts-csv", "ties-csv"):
        response = client.get(url(cast.citizen, f"export/{fmt}/"))
        assert response.status_code == 200
        assert "Hidden Person" not in response.content.decode()
    assert (
        "Hidden Person"
        in login_as(cast.worker).get(url(cast.citizen, "export/json/")).content.decode()
    )


def test_export_of_an_old_version_and_unknown_format(cast, login_as):
    three_versions(cast)
    client = login_as(cast.worker)
    assert '"Bo"' in client.get(url(cast.citizen, "export/json/") + "?version=2").content.decode()
    assert client.get(url(cast.citizen, "export/json/") + "?version=9").status_code == 404
    assert client.get(url(cast.citizen, "export/json/") + "?version=x").status_code == 404
    assert client.get(url(cast.citizen, "export/exe/")).status_code == 404


def upload(name, content):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def test_import_json_and_graphml_as_new_versions(cast, login_as):
    from omkreds.networks.imports.models import ImportDraft

    save(cast, contact("anna", "Anna"))
    client = login_as(cast.worker)
    incoming = document([contact("cy", "Cy"), contact("di", "Di")], [tie("cy", "di")])
    response = client.post(
        url(cast.citizen, "import/"), {"file": upload("map.json", to_json(incoming))}
    )
    assert response.status_code == 200  # the preview: nothing saved yet
    assert MapVersion.objects.count() == 1
    draft = ImportDraft.objects.get()
    response = client.post(url(cast.citizen, f"import/{draft.pk}/save/"), {})
    assert response.status_code == 302
    latest = MapVersion.objects.order_by("-number").first()
    assert latest.number == 2 and latest.based_on == 1
    assert [c.name for c in latest.parsed().contacts] == ["Cy", "Di"]
    client.post(url(cast.citizen, "import/"), {"file": upload("map.graphml", to_graphml(incoming))})
    draft = ImportDraft.objects.get()
    response = client.post(url(cast.citizen, f"import/{draft.pk}/save/"), {"note": "from yEd"})
    assert response.status_code == 302
    latest = MapVersion.objects.order_by("-number").first()
    assert latest.number == 3 and latest.note == "Imported from map.graphml. from yEd"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("map.json", "{not json", "not valid JSON"),
        ("map.graphml", "<graphml><node", "The file is not well-formed XML."),
        (
            "map.json",
            '{"contacts": [{"id": "a", "sector": "family", "closeness": 2, "name": "A"}]}',
            "at most 1",
        ),
        ("map.exe", "MZ", "Choose a GraphML"),
    ],
)
def test_import_errors_are_clear_and_store_nothing(cast, login_as, name, content, message):
    response = login_as(cast.worker).post(
        url(cast.citizen, "import/"), {"file": upload(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MapVersion.objects.exists()


def test_import_without_a_file(cast, login_as):
    response = login_as(cast.worker).post(url(cast.citizen, "import/"), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_import_is_for_editors_only(cast, login_as):
    assert login_as(cast.professional).get(url(cast.citizen, "import/")).status_code == 404


def test_citizen_page_links_to_the_map(cast, login_as):
    body = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/").content.decode()
    assert url(cast.citizen) in body
    assert url(cast.citizen, "together/") in body
    body = login_as(cast.professional).get(f"/shared/{cast.citizen.pk}/").content.decode()
    assert url(cast.citizen) in body
    assert url(cast.citizen, "together/") not in body


def test_home_lists_maps_not_updated_for_six_months(cast, login_as):
    old = save(cast, contact("anna"))
    MapVersion.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    body = login_as(cast.worker).get("/").content.decode()
    assert "Update the network map" in body
    MapVersion.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    body = login_as(cast.worker).get("/").content.decode()
    assert "Update the network map" not in body
    assert CANARY  # the cast is in place
