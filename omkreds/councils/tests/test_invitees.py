"""The council in the citizen's meetings list; the coordinator removing an invitee and noting a
reply by phone from the workspace; the meetings' feedback sent and shown on the council page."""

import datetime as dt

import pytest
from django.utils import timezone

from omkreds.access.models import ChangeRecord
from omkreds.councils import services as sc
from omkreds.councils.errors import CouncilWrongState, NotInReach
from omkreds.councils.tests.setup_councils import QUESTIONS, in_step, prepared
from omkreds.invitations import tokens
from omkreds.meetings import services, services_feedback, services_invitations
from omkreds.meetings.errors import NotAnInvitee
from omkreds.meetings.models import Invitee, Meeting


def _page(council, suffix: str = "") -> str:
    return f"/councils/{council.pk}/{suffix}"


def _text(response) -> str:
    return response.content.decode()


# --- 1. The citizen's meetings list ------------------------------------------------------------


def test_meetings_list_shows_a_council_as_a_council_with_bounded_queries(
    cast, login_as, django_assert_max_num_queries
):
    councils = [
        sc.council_create(citizen=cast.citizen, by=cast.worker, questions=QUESTIONS)
        for _ in range(4)
    ]
    for n in range(3):
        services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="c", goal=f"goal {n}", questions=["q"]
        )
    client = login_as(cast.worker)
    with django_assert_max_num_queries(15):
        response = client.get(f"/citizens/{cast.citizen.pk}/meetings/")
    page = _text(response)
    assert response.status_code == 200
    for council in councils:
        assert f'href="{_page(council)}"' in page
    # The council's own status, not the meeting's "decided".
    assert page.count("being prepared") == 4
    # The plain meetings are still plain meetings.
    assert page.count(">Network meeting</a>") == 3


# --- 2. Remove an invitee, record a reply by phone ---------------------------------------------


def test_coordinator_removes_an_invitee_and_the_e_mailed_one_is_told(cast, login_as, smtp_server):
    council = prepared(cast)
    sc.council_invitations_send(council=council, by=cast.coordinator)
    anna = council.meeting.invitees.get(name="Anna Mor")
    sc.visit_record(
        council=council, by=cast.coordinator, invitee=anna, visited_on=timezone.localdate()
    )
    smtp_server.clear()
    client = login_as(cast.coordinator)
    workspace = _text(client.get(_page(council)))
    assert f'href="{_page(council, f"invitees/{anna.pk}/remove/")}"' in workspace

    response = client.post(_page(council, f"invitees/{anna.pk}/remove/"), follow=True)
    page = _text(response)
    assert "Anna Mor is no longer invited." in page
    assert "Anna Mor is e-mailed a cancellation." in page
    assert not council.meeting.invitees.filter(name="Anna Mor").exists()
    assert not council.visits.exists()
    [message] = smtp_server.messages
    assert message["To"] == "anna@example.dk"
    assert ChangeRecord.objects.filter(
        citizen=cast.citizen, kind="invitee_remove", user=cast.coordinator, summary="Anna Mor"
    ).exists()


def test_removing_after_the_council_started_is_refused_and_changes_nothing(cast, login_as):
    council = in_step(cast, "information")
    bo = council.meeting.invitees.get(name="Bo Ven")
    client = login_as(cast.coordinator)
    assert f"invitees/{bo.pk}/remove/" not in _text(client.get(_page(council)))
    response = client.post(_page(council, f"invitees/{bo.pk}/remove/"), follow=True)
    assert "This cannot be done while the network council is step 1" in _text(response)
    assert Invitee.objects.filter(pk=bo.pk).exists()
    with pytest.raises(CouncilWrongState):
        sc.council_invitee_remove(council=council, by=cast.coordinator, invitee=bo)


def test_coordinator_records_a_reply_given_by_phone(cast, login_as):
    council = prepared(cast)
    bo = council.meeting.invitees.get(name="Bo Ven")
    client = login_as(cast.coordinator)
    url = _page(council, f"invitees/{bo.pk}/reply/")
    assert f'action="{url}"' in _text(client.get(_page(council)))

    response = client.post(url, {"reply": "yes"}, follow=True)
    assert "The reply from Bo Ven is recorded." in _text(response)
    bo.refresh_from_db()
    assert bo.reply == "yes" and bo.replied_at is not None
    assert ChangeRecord.objects.filter(
        kind="invitation_reply", user=cast.coordinator, object_id=str(bo.pk)
    ).exists()

    # A reply that is not yes, no or maybe: a message, nothing changed.
    response = client.post(url, {"reply": "perhaps"}, follow=True)
    assert "Choose yes, no or maybe." in _text(response)
    bo.refresh_from_db()
    assert bo.reply == "yes"


def test_replies_are_closed_once_the_private_meeting_starts(cast, login_as):
    council = in_step(cast, "private")
    bo = council.meeting.invitees.get(name="Bo Ven")
    response = login_as(cast.coordinator).post(
        _page(council, f"invitees/{bo.pk}/reply/"), {"reply": "no"}, follow=True
    )
    assert "This cannot be done while the network council is step 2" in _text(response)
    bo.refresh_from_db()
    assert bo.reply != "no"


def test_the_services_check_the_invitee_and_the_users_reach(cast):
    council = prepared(cast)
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    stranger = services_invitations.invitee_add(
        meeting=other, by=cast.worker, name="Ulla Fremmed", phone="+45 9999"
    )
    with pytest.raises(NotAnInvitee):
        sc.council_invitee_remove(council=council, by=cast.coordinator, invitee=stranger)
    bo = council.meeting.invitees.get(name="Bo Ven")
    # A colleague of the worker, not on the case and not the coordinator.
    with pytest.raises(NotInReach):
        sc.council_reply_record(council=council, by=cast.colleague, invitee=bo, reply="yes")
    with pytest.raises(NotInReach):
        sc.council_invitee_remove(council=council, by=cast.colleague, invitee=bo)
    bo.refresh_from_db()
    assert bo.reply == "pending"


def test_an_invitee_of_another_meeting_is_404_from_the_council(cast, login_as):
    council = prepared(cast)
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    stranger = services_invitations.invitee_add(
        meeting=other, by=cast.worker, name="Ulla Fremmed", phone="+45 9999"
    )
    client = login_as(cast.coordinator)
    assert client.post(_page(council, f"invitees/{stranger.pk}/remove/")).status_code == 404
    assert (
        client.post(_page(council, f"invitees/{stranger.pk}/reply/"), {"reply": "yes"}).status_code
        == 404
    )
    assert Invitee.objects.filter(pk=stranger.pk).exists()


# --- 4. Feedback after the council -------------------------------------------------------------


def _answer(invitee, answers, comment=""):
    services_feedback.feedback_submit(
        token=tokens.make(invitee, tokens.FEEDBACK), answers=answers, comment=comment
    )


def test_feedback_is_sent_from_the_council_page_and_shown_there_from_three_answers(
    cast, login_as, smtp_server
):
    council = prepared(cast)
    for name, email in (("Cille Kusine", "cille@example.dk"), ("Dan Nabo", "dan@example.dk")):
        sc.council_invitee_add(council=council, by=cast.worker, name=name, email=email)
    client = login_as(cast.coordinator)
    assert "Feedback from the participants" not in _text(client.get(_page(council)))
    response = client.post(_page(council, "feedback/send/"), follow=True)
    assert "The feedback request was not sent:" in _text(response)

    for _ in range(3):
        sc.step_advance(council=council, by=cast.coordinator)
    # The council was held an hour ago.
    Meeting.objects.filter(pk=council.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    smtp_server.clear()
    page = _text(client.get(_page(council)))
    assert "Feedback from the participants" in page
    assert f'action="{_page(council, "feedback/send/")}"' in page
    response = client.post(_page(council, "feedback/send/"))
    assert response.status_code == 302 and response["Location"] == _page(council) + "#feedback"
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "anna@example.dk",
        "cille@example.dk",
        "dan@example.dk",
    ]
    assert f"/meetings/{council.meeting_id}/feedback/" in (
        smtp_server.messages[0].get_body(("plain",)).get_content()
    )

    anna, cille, dan = (
        council.meeting.invitees.get(name=n) for n in ("Anna Mor", "Cille Kusine", "Dan Nabo")
    )
    _answer(anna, {"fb.heard": "yes"}, "Zebra crossing")
    _answer(cille, {"fb.heard": "partly"})
    page = _text(client.get(_page(council)))
    assert "2 of 4 invited have answered." in page
    assert "shown once at least 3 people have answered" in page
    assert "Zebra" not in page and "Answers per question" not in page

    _answer(dan, {"fb.heard": "yes"}, "Apple pie")
    page = _text(login_as(cast.worker).get(_page(council)))
    assert "3 of 4 invited have answered." in page
    row = page.split("Did the participants listen, and were you heard?")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["2", "1", "0", "3"]
    assert "Apple pie" in page and "Zebra crossing" in page
