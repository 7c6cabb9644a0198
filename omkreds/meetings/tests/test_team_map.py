"""Before a meeting with the team: "the map was last updated …" and "send the map to the team"
(seed 001), to each team member whose consent covers the map — by e-mail, or listed to print —
and to nobody else; the printed map is the shared copy."""

import io

import pytest
from pypdf import PdfReader

from omkreds.access.models import AccessLogEntry, ChangeRecord, Consent, GivenHow, Part
from omkreds.accounts.models import Role
from omkreds.lib.testing.cast import make_user
from omkreds.meetings import services_invitations, team_map
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _map(cast, based_on=None):
    document = MapDocument(
        contacts=[
            Contact(id="c-anna", name="Anna Mor", sector="family", closeness=0.2),
            Contact(id="c-bo", name="Bo Bror", sector="family", closeness=0.4),
            Contact(
                id="c-hidden",
                name="Hemmelig Person",
                sector="family",
                closeness=0.5,
                safety_marker=True,
            ),
        ]
    )
    return map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=based_on)


@pytest.fixture
def team_meeting(scheduled, cast):
    """The team: a professional (consent, e-mail), the lead (the case), one by letter with a
    map consent, one with a consent for meetings only, one with an expired consent."""
    by_letter = make_user("letter@example.org", "Lise Letter", cast.org, Role.PROFESSIONAL)
    meetings_only = make_user("mo@example.org", "Mette Meetings", cast.org, Role.PROFESSIONAL)
    for user, parts in ((by_letter, [Part.MAP]), (meetings_only, [Part.MEETINGS])):
        Consent.objects.create(
            citizen=cast.citizen,
            to_user=user,
            parts=parts,
            purpose="Patientens team",
            given_how=GivenHow.WRITTEN,
            recorded_by=cast.worker,
        )
    for user in (cast.professional, cast.lead, meetings_only, cast.professional_expired):
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, user=user)
    services_invitations.invitee_add(
        meeting=scheduled,
        by=cast.worker,
        user=by_letter,
        channel="letter",
        postal_address="Vej 1\n8000 Aarhus C",
    )
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, name="Anna Mor", email="anna@example.org"
    )
    return scheduled


def test_the_meeting_page_says_when_the_map_was_updated(cast, login_as, team_meeting):
    client = login_as(cast.worker)
    body = client.get(_url(team_meeting)).content.decode()
    assert "There is no network map yet. Draw it with the citizen before the team" in body
    version = _map(cast)
    body = client.get(_url(team_meeting)).content.decode()
    card = body.split('id="team-map"')[1].split("</section>")[0]
    assert f"(version {version.number})" in card and "The map was last updated on" in card
    assert "Petra Professional: by e-mail" in card
    assert "Lena Lead: by e-mail" in card
    assert "Lise Letter: to print and hand over" in card
    assert "Mette Meetings: no consent in force covers the map" in card
    assert "Erik Expired: no consent in force covers the map" in card
    assert "Anna Mor" not in card  # a close one is not the team


def test_send_the_map_to_the_team(cast, login_as, team_meeting, smtp_server):
    version = _map(cast)
    client = login_as(cast.worker)
    response = client.post(_url(team_meeting, "team-map/send/"), {"based_on": version.number})
    assert response.status_code == 302
    messages = smtp_server.messages
    assert sorted(m["To"] for m in messages) == ["lead@example.org", "pro@example.org"]
    for message in messages:
        (attachment,) = list(message.iter_attachments())
        pdf = attachment.get_content()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "Anna Mor" in text and "Bo Bror" in text
        assert "Hemmelig" not in text  # the shared copy: no safety-marked person
        assert cast.citizen.name not in message.get_body(("plain",)).get_content()
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("Lise Letter" in m and "Print the map" in m for m in shown)
    assert any("Mette Meetings" in m and "Erik Expired" in m for m in shown)
    assert AccessLogEntry.objects.filter(
        citizen_id=cast.citizen.pk, object_type="map_to_team", user=cast.worker
    ).exists()
    assert ChangeRecord.objects.filter(kind="map_sent_to_team").count() == 1


def test_a_map_saved_since_the_page_was_shown_gets_409(cast, login_as, team_meeting, smtp_server):
    first = _map(cast)
    _map(cast, based_on=first.number)
    response = login_as(cast.worker).post(
        _url(team_meeting, "team-map/send/"), {"based_on": first.number}
    )
    assert response.status_code == 409
    assert "saved again since you opened the page" in response.content.decode()
    assert smtp_server.messages == []
    assert not ChangeRecord.objects.filter(kind="map_sent_to_team").exists()


@pytest.mark.parametrize("based_on", ["", "abc", "-1"])
def test_bad_input_sends_nothing(cast, login_as, team_meeting, smtp_server, based_on):
    _map(cast)
    response = login_as(cast.worker).post(
        _url(team_meeting, "team-map/send/"), {"based_on": based_on}
    )
    assert response.status_code == 409
    assert smtp_server.messages == []


def test_no_map_or_nobody_covered_is_refused_with_a_message(cast, login_as, scheduled, smtp_server):
    client = login_as(cast.worker)
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, user=cast.professional_without
    )
    response = client.post(_url(scheduled, "team-map/send/"), {"based_on": "1"})
    assert response.status_code == 302
    assert "There is no network map yet" in str(list(response.wsgi_request._messages)[0])
    version = _map(cast)
    with pytest.raises(team_map.NobodyCovered):
        team_map.team_map_send(meeting=scheduled, by=cast.worker, based_on=version.number)
    assert smtp_server.messages == []


def test_send_guard(cast, login_as, team_meeting):
    version = _map(cast)
    url = _url(team_meeting, "team-map/send/")
    assert login_as(cast.worker).get(url).status_code == 405
    assert login_as(cast.colleague).post(url, {"based_on": version.number}).status_code == 404
    assert login_as(cast.professional).post(url, {"based_on": version.number}).status_code == 404
