"""The chair's run sheet follows seed 002: the chair's reminders beside the run, the round where
every participant says what they can contribute and what support they need, the citizen first
in the introductions; and the advisory network coordinator ("kontakta nätverkskoordinatorn"),
named on a meeting and told by e-mail."""

import re

import pytest

from omkreds.access.models import ChangeRecord
from omkreds.accounts.models import Language
from omkreds.meetings import guide, network_coordinator, services_invitations
from omkreds.meetings.models import Meeting


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def three_people(scheduled, cast):
    """An employee, a close one and another close one, added in that (wrong) order."""
    services_invitations.invitee_add(
        meeting=scheduled, by=cast.worker, user=cast.colleague, kind="employee"
    )
    for name, relation in (("Yrsa Nabo", "nabo"), ("Anna Mor", "mor")):
        services_invitations.invitee_add(
            meeting=scheduled,
            by=cast.worker,
            name=name,
            relation=relation,
            phone="+45 1234",
            channel="phone",
        )
    return scheduled


def test_run_sheet_puts_the_citizen_first_then_close_ones_then_employees(
    cast, login_as, three_people
):
    response = login_as(cast.worker).get(_url(three_people, "run-sheet/"))
    assert response.status_code == 200
    order = response.content.decode().split('id="introductions"')[1].split("</ol>")[0]
    names = re.findall(r"<li>([^<]+?) <span", order)
    assert names == [cast.citizen.name, "Anna Mor", "Yrsa Nabo", cast.colleague.full_name]
    assert "(mor)" in order and "(nabo)" in order


def test_run_sheet_has_the_round_of_contributions_and_the_chairs_reminders(
    cast, login_as, scheduled
):
    client = login_as(cast.worker)
    client.cookies["django_language"] = "sv"
    text = _text(client.get(_url(scheduled, "run-sheet/"), HTTP_ACCEPT_LANGUAGE="sv"))
    assert (
        "alla deltagare berättar om sina egna möjligheter att bidra och om eventuellt stödbehov"
        in text
    )
    reminders = text.split(guide.NOTES.title.sv)[1]
    for key in ("note.chair_main", "note.client_first", "note.past", "note.helper"):
        assert guide.item(key).text.sv in reminders, key
    assert "Fastna inte i det förflutna." in reminders
    # The round comes after the citizen has spoken and before the summary.
    keys = guide.RUN_SHEET.keys
    assert keys.index("chair.client_first") < keys.index("chair.contribute")
    assert keys.index("chair.contribute") < keys.index("chair.time_for_summary")


def test_naming_a_network_coordinator_tells_them_by_email(cast, login_as, scheduled, smtp_server):
    cast.coordinator.language = Language.SWEDISH
    cast.coordinator.save()
    client = login_as(cast.worker)
    page = client.get(_url(scheduled, "network-coordinator/"))
    assert page.status_code == 200
    assert cast.coordinator.full_name in page.content.decode()
    response = client.post(
        _url(scheduled, "network-coordinator/"),
        {"coordinator": cast.coordinator.pk, "based_on": ""},
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.network_coordinator == cast.coordinator
    assert scheduled.network_coordinator_told_at is not None
    (message,) = smtp_server.messages
    assert message["To"] == cast.coordinator.email
    assert message["Content-Language"] == "sv"
    body = message.get_content()
    assert cast.worker.full_name in body
    assert cast.citizen.name not in body  # nothing about the citizen in an e-mail
    assert ChangeRecord.objects.filter(kind="network_coordinator").count() == 1
    # The meeting page and the run sheet name them.
    assert cast.coordinator.full_name in client.get(_url(scheduled)).content.decode()
    sheet = client.get(_url(scheduled, "run-sheet/")).content.decode()
    assert 'id="network-coordinator"' in sheet and cast.coordinator.email in sheet


def test_a_stale_choice_of_coordinator_gets_409_and_changes_nothing(
    cast, login_as, scheduled, smtp_server
):
    network_coordinator.network_coordinator_name(
        meeting=scheduled, by=cast.lead, coordinator=cast.lead, expected=""
    )
    smtp_server.clear()
    response = login_as(cast.worker).post(
        _url(scheduled, "network-coordinator/"),
        {"coordinator": cast.coordinator.pk, "based_on": ""},  # shown before the lead chose
    )
    assert response.status_code == 409
    assert "Someone else changed the network coordinator" in response.content.decode()
    assert Meeting.objects.get(pk=scheduled.pk).network_coordinator == cast.lead
    assert smtp_server.messages == []


@pytest.mark.parametrize("who", ["outsider", "professional", "admin", "deactivated"])
def test_only_someone_working_in_the_organisation_can_be_named(cast, login_as, scheduled, who):
    user = getattr(cast, who)
    response = login_as(cast.worker).post(
        _url(scheduled, "network-coordinator/"), {"coordinator": user.pk, "based_on": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["coordinator"]
    assert Meeting.objects.get(pk=scheduled.pk).network_coordinator is None
    with pytest.raises(network_coordinator.NotInOrganisation):
        network_coordinator.network_coordinator_name(
            meeting=scheduled, by=cast.worker, coordinator=user, expected=""
        )


def test_removing_the_coordinator_and_the_pages_guard(cast, login_as, scheduled, smtp_server):
    network_coordinator.network_coordinator_name(
        meeting=scheduled, by=cast.worker, coordinator=cast.lead, expected=""
    )
    client = login_as(cast.worker)
    response = client.post(
        _url(scheduled, "network-coordinator/"),
        {"coordinator": "", "based_on": str(cast.lead.pk)},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=scheduled.pk).network_coordinator is None
    assert client.put(_url(scheduled, "network-coordinator/")).status_code == 405
    assert login_as(cast.colleague).get(_url(scheduled, "network-coordinator/")).status_code == 404
