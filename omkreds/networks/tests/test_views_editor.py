import json

import pytest

from omkreds.access.log import REFUSED
from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.lib.testing.cast import CANARY
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, tie

pytestmark = pytest.mark.django_db


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def save(cast, *contacts, ties=(), based_on=None, note=""):
    return map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(contacts, ties),
        based_on=based_on,
        note=note,
    )


def test_worker_gets_the_editor_with_the_map(cast, login_as):
    save(
        cast,
        contact("anna", "Anna Sister", relation="sister"),
        contact("bo", "Bo Friend", sector="others", angle=150),
        contact("safe", "Secret Person", safety_marker=True, phone_direct="+45 12345678"),
        ties=[tie("anna", "bo")],
    )
    response = login_as(cast.worker).get(url(cast.citizen))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'class="network-map"' in body
    assert "Anna Sister" in body
    assert "Secret Person" in body  # the worker sees everyone
    assert 'id="map-config"' in body and 'id="map-document"' in body
    assert 'type="module"' in body and "networks/editor.js" in body
    assert 'nonce="' in body
    assert 'style="' not in body  # CSP: no inline styles
    assert "<script>" not in body  # every script has a nonce or is data
    assert AccessLogEntry.objects.filter(
        user=cast.worker, citizen_id=cast.citizen.pk, action=Action.VIEW_MAP
    ).exists()
    config = json.loads(
        response.context["map_config"] and json.dumps(response.context["map_config"])
    )
    assert config["version"] == 1
    assert config["saveUrl"] == f"/api/v1/citizens/{cast.citizen.pk}/map/versions"
    assert [s["key"] for s in config["sectorSet"]["sectors"]][:2] == ["family", "relatives"]


def test_editor_shows_the_organisations_word_and_an_empty_map(cast, login_as):
    cast.org.citizen_term = "patient"
    cast.org.save()
    body = login_as(cast.worker).get(url(cast.citizen)).content.decode()
    assert "Patient" in body
    assert CANARY + "-citizen-name" in body  # in the centre of the map
    assert "Not saved yet" in body


def test_case_team_can_be_added_from_the_editor(cast, login_as):
    body = login_as(cast.worker).get(url(cast.citizen)).content.decode()
    assert "From the case team" in body
    assert "Dag Deactivated" in body  # on the case team (the cast's deactivated worker)


def test_professional_gets_a_read_only_shared_copy(cast, login_as):
    save(
        cast,
        contact("anna", "Anna Sister", address="Street 1", note="private note"),
        contact("safe", "Secret Person", safety_marker=True),
    )
    response = login_as(cast.professional).get(url(cast.citizen))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anna Sister" in body
    assert "Secret Person" not in body
    assert "private note" not in body
    assert "Street 1" not in body
    assert "editor.js" not in body
    assert "map-config" not in body
    assert AccessLogEntry.objects.filter(
        user=cast.professional, citizen_id=cast.citizen.pk, action=Action.VIEW_MAP
    ).exists()


@pytest.mark.parametrize(
    "who",
    [
        "colleague",
        "other_lead",
        "coordinator",
        "admin",
        "outsider",
        "professional_expired",
        "professional_withdrawn",
        "professional_without",
    ],
)
def test_others_get_404_without_data(cast, login_as, who):
    save(cast, contact("anna", "Anna Sister"))
    for rest in ("", "together/", "history/", "compare/", "versions/1/", "export/json/"):
        response = login_as(getattr(cast, who)).get(url(cast.citizen, rest))
        assert response.status_code == 404, rest
        assert CANARY not in response.content.decode()
        assert "Anna Sister" not in response.content.decode()
    # Only the refused look-ups themselves are recorded (issue 15, point 11): no data shown.
    rows = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, user=getattr(cast, who))
    assert set(rows.values_list("action", flat=True)) <= {REFUSED}


def test_anonymous_is_sent_to_login(cast, client):
    response = client.get(url(cast.citizen))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_together_mode_hides_sensitive_fields_and_shows_questions(cast, login_as, settings):
    save(cast, contact("safe", "Secret Person", safety_marker=True, phone_direct="+45 11 22 33 44"))
    response = login_as(cast.worker).get(url(cast.citizen, "together/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="map-editor together"' in body
    assert "Questions to start with" in body
    assert "Who are you in closest contact with right now?" in body
    assert "panel-phone_direct" not in body
    assert "panel-safety_marker" not in body
    assert "panel-address" not in body
    assert "panel-note" not in body
    assert "do not contact" not in body.lower().split("map-document")[0]


def test_together_mode_keeps_the_seed_wording_in_its_language(cast, login_as):
    client = login_as(cast.worker)
    body = client.get(url(cast.citizen, "together/"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Vem har du bäst kontakt med just nu?" in body
    body = client.get(url(cast.citizen, "together/"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Hvem kender til, hvordan du har det?" in body


def test_together_is_for_case_roles_only(cast, login_as):
    assert login_as(cast.professional).get(url(cast.citizen, "together/")).status_code == 404


def test_editor_refuses_post(cast, login_as):
    assert login_as(cast.worker).post(url(cast.citizen)).status_code == 405
