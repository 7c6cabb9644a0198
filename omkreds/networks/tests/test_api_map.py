import pytest

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.accounts.models import ApiToken
from omkreds.lib.testing.cast import CANARY
from omkreds.networks.models import MapVersion
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db


def api(citizen, rest=""):
    return f"/api/v1/citizens/{citizen.pk}/map{rest}"


def save(cast, *contacts, ties=(), based_on=None, author=None):
    return map_save(
        citizen=cast.citizen,
        author=author or cast.worker,
        document=data(contacts, ties),
        based_on=based_on,
    )


def post(client, citizen, body):
    return client.post(api(citizen, "/versions"), body, content_type="application/json")


def test_latest_before_the_first_save_is_an_empty_map(cast, login_as):
    response = login_as(cast.worker).get(api(cast.citizen))
    assert response.status_code == 200
    assert response.json()["version"] is None
    assert response.json()["document"]["contacts"] == []
    assert response.json()["editable"] is True
    assert AccessLogEntry.objects.filter(
        user=cast.worker, citizen_id=cast.citizen.pk, action=Action.VIEW_MAP
    ).exists()


def test_save_then_read_back(cast, login_as):
    client = login_as(cast.worker)
    document = data([contact("anna", "Anna"), contact("bo", "Bo")], [tie("anna", "bo")])
    response = post(client, cast.citizen, {"document": document, "based_on": None, "note": "first"})
    assert response.status_code == 201, response.content
    assert response.json()["version"]["number"] == 1
    assert response.json()["version"]["author"] == "Wanda Worker"
    latest = client.get(api(cast.citizen)).json()
    assert latest["version"]["number"] == 1
    assert [c["name"] for c in latest["document"]["contacts"]] == ["Anna", "Bo"]
    assert AccessLogEntry.objects.filter(
        user=cast.worker, citizen_id=cast.citizen.pk, action=Action.EDIT_MAP
    ).exists()

    second = post(client, cast.citizen, {"document": document, "based_on": 1})
    assert second.status_code == 201
    versions = client.get(api(cast.citizen, "/versions")).json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["note"] == "first"
    assert client.get(api(cast.citizen, "/versions/1")).json()["version"]["number"] == 1
    assert client.get(api(cast.citizen, "/versions/9")).status_code == 404


def test_stale_save_is_409_with_the_current_version_and_what_changed(cast, login_as):
    save(cast, contact("anna", "Anna", closeness=0.8))
    # The colleague on the case (the lead) moves Anna closer and adds Bo.
    save(
        cast,
        contact("anna", "Anna", closeness=0.2),
        contact("bo", "Bo"),
        based_on=1,
        author=cast.lead,
    )
    client = login_as(cast.worker)
    mine = data([contact("anna", "Anna", closeness=0.8), contact("cy", "Cy")])
    response = post(client, cast.citizen, {"document": mine, "based_on": 1})
    assert response.status_code == 409
    body = response.json()
    assert "version 2" in body["detail"]
    assert body["current"]["version"]["number"] == 2
    assert body["current"]["version"]["author"] == "Lena Lead"
    assert [c["id"] for c in body["current"]["document"]["contacts"]] == ["anna", "bo"]
    assert [c["id"] for c in body["diff"]["added"]] == ["bo"]
    assert [c["id"] for c in body["diff"]["moved_closer"]] == ["anna"]
    assert "Bo was added." in body["diff"]["lines"]
    assert "Anna moved closer." in body["diff"]["lines"]
    assert MapVersion.objects.count() == 2  # nothing stored

    # Applying on top of the latest: based on version 2 now, it is stored.
    mine["contacts"].insert(1, contact("bo", "Bo"))
    again = post(client, cast.citizen, {"document": mine, "based_on": 2})
    assert again.status_code == 201
    assert again.json()["version"]["number"] == 3


def test_first_save_racing_another_first_save_is_409(cast, login_as):
    save(cast, contact("anna", "Anna"))
    response = post(login_as(cast.worker), cast.citizen, {"document": data(), "based_on": None})
    assert response.status_code == 409
    assert response.json()["current"]["version"]["number"] == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {
                "document": {"contacts": [{"id": "a", "sector": "family", "closeness": 0.5}]},
                "based_on": None,
            },
            "document.contacts.1.name",
            "This field is required.",
        ),
        (
            {"document": {"contacts": [contact("a", closeness=3)]}, "based_on": None},
            "document.contacts.1.closeness",
            "Enter a number of at most 1.",
        ),
        (
            {"document": {"contacts": [contact("a", sector="mars")]}, "based_on": None},
            "document.contacts",
            "sector",
        ),
        (
            {"document": {"contacts": [contact("a", email="not-an-address")]}, "based_on": None},
            "document.contacts.1.email",
            "Enter a valid e-mail address.",
        ),
        (
            {"document": data([contact("a")], [tie("a", "zz")]), "based_on": None},
            "document.ties",
            "not on the map",
        ),
        (
            {"document": {"contacts": [], "colour": "red"}, "based_on": None},
            "document.colour",
            "not part of a network map",
        ),
        ({"document": [], "based_on": None}, "document", "JSON object"),
        ({"based_on": None}, "document", "required"),
        ({"document": data(), "based_on": "two"}, "based_on", "version you started from"),
        ({"document": data(), "based_on": None, "note": "x" * 501}, "note", "500"),
    ],
)
def test_bad_documents_are_422_with_clear_messages_and_store_nothing(
    cast, login_as, body, field, message
):
    response = post(login_as(cast.worker), cast.citizen, body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors
    assert "not saved" in response.json()["detail"]
    assert not MapVersion.objects.exists()


def test_messages_are_in_the_callers_language(cast, login_as):
    client = login_as(cast.worker)
    response = client.post(
        api(cast.citizen, "/versions"),
        {"document": [], "based_on": None},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 422


def test_body_that_is_not_json_is_refused(cast, login_as):
    response = login_as(cast.worker).post(
        api(cast.citizen, "/versions"), "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert not MapVersion.objects.exists()


def test_professional_reads_the_shared_copy_and_cannot_save(cast, login_as):
    save(
        cast,
        contact("anna", "Anna", note="private", address="Road 1"),
        contact("safe", "Hidden", safety_marker=True),
        ties=[tie("anna", "safe")],
    )
    client = login_as(cast.professional)
    body = client.get(api(cast.citizen)).json()
    assert [c["name"] for c in body["document"]["contacts"]] == ["Anna"]
    assert body["document"]["contacts"][0]["note"] == ""
    assert body["document"]["ties"] == []
    assert body["editable"] is False
    assert "Hidden" not in client.get(api(cast.citizen, "/versions/1")).content.decode()
    response = post(client, cast.citizen, {"document": data(), "based_on": 1})
    assert response.status_code == 404
    assert MapVersion.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["colleague", "other_lead", "admin", "outsider", "professional_expired"]
)
def test_out_of_reach_is_404_without_data(cast, login_as, who):
    save(cast, contact("anna", "Anna Sister"))
    client = login_as(getattr(cast, who))
    for rest in ("", "/versions", "/versions/1", "/compare?a=1&b=1", "/export/json"):
        response = client.get(api(cast.citizen, rest))
        assert response.status_code == 404, rest
        assert "Anna Sister" not in response.content.decode()
        assert CANARY not in response.content.decode()


def test_anonymous_and_unverified_get_401(cast, client, login_as):
    assert client.get(api(cast.citizen)).status_code == 401
    assert login_as(cast.worker, verified=False).get(api(cast.citizen)).status_code == 401


def test_api_token_works(cast, client):
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="script")
    response = client.get(api(cast.citizen), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    response = client.post(
        api(cast.citizen, "/versions"),
        {"document": data([contact("anna")]), "based_on": None},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    assert MapVersion.objects.get().author == cast.worker


def test_compare_and_export(cast, login_as):
    save(cast, contact("anna", "Anna", closeness=0.8, valence="positive"))
    save(cast, contact("anna", "Anna", closeness=0.9, valence="negative"), based_on=1)
    client = login_as(cast.worker)
    diff = client.get(api(cast.citizen, "/compare?a=1&b=2")).json()["diff"]
    assert [c["id"] for c in diff["moved_away"]] == ["anna"]
    assert diff["valence_changed"][0]["after"] == "negative"
    response = client.get(api(cast.citizen, "/export/graphml"))
    assert response.status_code == 200
    assert b"<graphml" in response.content
    # The format is an enum in the schema: another value is refused by name (422).
    refused = client.get(api(cast.citizen, "/export/exe"))
    assert refused.status_code == 422
    assert "fmt" in refused.content.decode()
    assert AccessLogEntry.objects.filter(object_type="map_export", object_id="graphml").exists()
