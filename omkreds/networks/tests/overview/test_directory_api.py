import base64

from omkreds.access.models import AccessLogEntry
from omkreds.citizens.extensions import due_items
from omkreds.networks.models_overview import ContactPhoto, DirectoryEntry
from omkreds.networks.overview.providers import professionals_without_details
from omkreds.networks.services import map_latest
from omkreds.networks.tests.overview.helpers import picture, save_people

# --- Directory ------------------------------------------------------------------------------


def test_a_lead_adds_a_professional_to_the_directory(cast, login_as):
    client = login_as(cast.lead)
    response = client.post(
        "/directory/",
        {
            "name": "Pia PPR",
            "role": "ppr",
            "organisation_name": "PPR Nord",
            "phone_direct": "+45 40 40 40 40",
            "email": "pia@ppr.example",
        },
    )
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get()
    assert (entry.organisation, entry.role, entry.phone_direct) == (
        cast.org,
        "ppr",
        "+45 40 40 40 40",
    )


def test_bad_directory_input_gets_messages_and_stores_nothing(cast, login_as):
    client = login_as(cast.admin)
    response = client.post(
        "/directory/",
        {"name": "<b>X</b>", "email": "nope", "phone_main": "ring ring", "role": "pope"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in page
    assert "Enter a phone number with digits" in page
    assert "Select a valid choice." in page
    assert not DirectoryEntry.objects.exists()


def test_workers_read_the_directory_but_do_not_manage_it(cast, login_as):
    entry = DirectoryEntry.objects.create(organisation=cast.org, name="Pia PPR")
    client = login_as(cast.worker)
    page = client.get("/directory/").content.decode()
    assert "Pia PPR" in page and "Add a professional" not in page
    assert client.post("/directory/", {"name": "X"}).status_code == 404
    assert client.post(f"/directory/{entry.pk}/delete/").status_code == 404
    assert DirectoryEntry.objects.count() == 1


def test_another_organisations_entries_are_out_of_reach(cast, login_as):
    foreign = DirectoryEntry.objects.create(organisation=cast.other_org, name="Fremmed")
    client = login_as(cast.lead)
    assert "Fremmed" not in client.get("/directory/").content.decode()
    assert client.get(f"/directory/{foreign.pk}/").status_code == 404
    assert client.post(f"/directory/{foreign.pk}/delete/").status_code == 404
    assert DirectoryEntry.objects.filter(pk=foreign.pk).exists()


def test_professionals_have_no_directory(cast, login_as):
    client = login_as(cast.professional)
    assert client.get("/directory/").status_code == 404


# --- API ------------------------------------------------------------------------------------


def test_api_overview_rows(cast, login_as, django_assert_max_num_queries):
    save_people(cast)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(15):
        response = client.get(f"/api/v1/citizens/{cast.citizen.pk}/overview?show=professional")
    body = response.json()
    assert response.status_code == 200
    assert [r["name"] for r in body["rows"]] == ["Dr. Lund", "Jens Job"]
    assert body["rows"][0]["role_label"] == "own doctor"
    assert "ppr" in body["missing_roles"]


def test_api_overview_for_a_professional_is_the_shared_copy_and_logged(cast, login_as):
    save_people(cast)
    client = login_as(cast.professional)
    body = client.get(f"/api/v1/citizens/{cast.citizen.pk}/overview").json()
    assert body["shared"] is True
    assert "Secret Ex" not in [r["name"] for r in body["rows"]]
    assert AccessLogEntry.objects.filter(
        user=cast.professional, citizen_id=cast.citizen.pk, action="view_overview"
    ).exists()


def test_api_photo_upload(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    url = f"/api/v1/citizens/{cast.citizen.pk}/overview/people/gp/photo"
    response = client.post(
        url,
        {"based_on": version.number, "photo_base64": base64.b64encode(picture()).decode()},
        content_type="application/json",
    )
    assert response.status_code == 201
    key = response.json()["photo"]
    assert map_latest(citizen=cast.citizen).parsed().contact("gp").photo == key
    # Stale: 409, nothing stored in the map.
    response = client.post(
        url,
        {"based_on": version.number, "photo_base64": base64.b64encode(picture()).decode()},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert map_latest(citizen=cast.citizen).number == version.number + 1


def test_api_photo_upload_refuses_fakes(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    url = f"/api/v1/citizens/{cast.citizen.pk}/overview/people/gp/photo"
    for body in (
        {"based_on": version.number, "photo_base64": base64.b64encode(b"%PDF-1.4").decode()},
        {"based_on": version.number, "photo_base64": "not base64!"},
        {"based_on": version.number},
        {"based_on": "one", "photo_base64": base64.b64encode(picture()).decode()},
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, body
        assert response.json()["errors"]
    assert map_latest(citizen=cast.citizen).number == version.number
    assert not ContactPhoto.objects.exists()


def test_api_directory(cast, login_as):
    DirectoryEntry.objects.create(organisation=cast.org, name="Pia PPR", role="ppr")
    DirectoryEntry.objects.create(organisation=cast.other_org, name="Fremmed")
    client = login_as(cast.worker)
    body = client.get("/api/v1/directory/").json()
    assert [e["name"] for e in body["entries"]] == ["Pia PPR"]


# --- Due items ------------------------------------------------------------------------------


def test_the_count_of_professionals_without_details_is_stored_with_each_save(cast):
    """The home page reads a count stored when the map is saved, not the documents."""
    from omkreds.networks.models import NetworkMap
    from omkreds.networks.services import map_save
    from omkreds.networks.tests.helpers import contact, data
    from omkreds.networks.tests.overview.helpers import people

    def stored() -> int:
        return NetworkMap.objects.get(citizen=cast.citizen).professionals_without_details

    first = save_people(cast)
    assert stored() == 1  # Jens Job; the doctor is complete, the ex marked do-not-contact
    more = [
        *people(),
        contact("pa", "Pia Phone", sector="professionals", role="ppr", phone_main="+45 1"),
        contact("eo", "Eva Mail", sector="professionals", team_member=True, email="e@ex.org"),
    ]
    second = map_save(
        citizen=cast.citizen, author=cast.worker, document=data(more), based_on=first.number
    )
    assert stored() == 3
    complete = [
        c | {"phone_direct": "+45 2", "email": "x@ex.org"} if c["id"] in ("jc", "pa", "eo") else c
        for c in more
    ]
    map_save(
        citizen=cast.citizen, author=cast.worker, document=data(complete), based_on=second.number
    )
    assert stored() == 0
    assert professionals_without_details(cast.worker, [cast.citizen]) == []


def test_professionals_without_phone_or_email_are_due(cast, django_assert_max_num_queries):
    save_people(cast)
    with django_assert_max_num_queries(1):
        items = professionals_without_details(cast.worker, [cast.citizen, cast.colleague_citizen])
    assert len(items) == 1
    assert items[0].citizen_id == cast.citizen.pk
    assert "1 professional on the overview lacks" in items[0].label
    assert items[0].url.endswith("/overview/?show=professional")
    # The home page's list holds it too.
    assert any(
        "lacks a phone" in i.label for i in due_items(cast.worker, [cast.citizen])[cast.citizen.pk]
    )
