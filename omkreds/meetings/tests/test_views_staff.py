"""The staff's meeting pages: list and decision, the meeting page (preparation, time and place,
invitees, sending, documents, replies), the run sheet, the memo and the actions."""

import pytest

from omkreds.access.models import AccessLogEntry
from omkreds.meetings import services, services_memo
from omkreds.meetings.models import Action, Invitee, Meeting, MeetingStatus, Memo
from omkreds.meetings.tests.conftest import at
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save


def _base(cast) -> str:
    return f"/citizens/{cast.citizen.pk}/meetings/"


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _logged(cast, action: str) -> bool:
    return AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action=action).exists()


# --- 1. List and decide ------------------------------------------------------------------------


def test_list_shows_meetings_with_bounded_queries(
    cast, login_as, meeting, django_assert_max_num_queries
):
    client = login_as(cast.worker)
    for n in range(5):
        services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="c", goal=f"goal {n}", questions=["q"]
        )
    with django_assert_max_num_queries(15):
        response = client.get(_base(cast))
    assert response.status_code == 200
    assert "A plan for the flat" in response.content.decode()
    assert _logged(cast, "view_meetings")  # a GET is a view (issue 15, point 4)


def test_list_out_of_reach_and_method(cast, login_as):
    assert login_as(cast.colleague).get(_base(cast)).status_code == 404
    # A professional under a meetings consent reads memos, not the planning pages.
    assert login_as(cast.professional).get(_base(cast)).status_code == 404
    assert login_as(cast.worker).post(_base(cast)).status_code == 405


def test_decide_creates_meeting_with_people_from_map_and_team(cast, login_as):
    document = MapDocument(
        contacts=[
            Contact(id="c-anna", name="Anna Mor", sector="family", closeness=0.2, email="a@x.dk"),
            Contact(
                id="c-hidden", name="Do Not", sector="family", closeness=0.5, safety_marker=True
            ),
        ]
    )
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)
    client = login_as(cast.worker)
    page = client.get(_base(cast) + "new/").content.decode()
    assert "Anna Mor" in page and "Do Not" not in page
    response = client.post(
        _base(cast) + "new/",
        {
            "concern": "Worry",
            "goal": "Goal",
            "questions": "First?\n\nSecond?",
            "people": ["c:c-anna", f"u:{cast.worker.pk}"],
        },
    )
    meeting = Meeting.objects.get(citizen=cast.citizen)
    assert response.status_code == 302 and response.url == _url(meeting)
    assert [q.text for q in meeting.questions.all()] == ["First?", "Second?"]
    assert set(meeting.invitees.values_list("name", flat=True)) == {"Anna Mor", "Wanda Worker"}


def test_decide_bad_input_changes_nothing(cast, login_as):
    client = login_as(cast.worker)
    response = client.post(_base(cast) + "new/", {"concern": "", "goal": "G", "questions": "q"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    # A contact that is not on the map: the meeting is not created either.
    response = client.post(
        _base(cast) + "new/",
        {"concern": "C", "goal": "G", "questions": "q", "people": ["c:nobody"]},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


# --- 2. The meeting page -----------------------------------------------------------------------


def test_meeting_page_shows_preparation_and_invitees(cast, login_as, invited):
    response = login_as(cast.worker).get(_url(invited))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Britt Syster" in page and "Mads Nabo" in page
    assert "How can the rent be paid?" in page
    assert login_as(cast.outsider).get(_url(invited)).status_code == 404
    assert login_as(cast.worker).post(_url(invited)).status_code == 405


def test_meeting_of_another_citizen_is_404(cast, login_as, meeting):
    other = f"/citizens/{cast.colleague_citizen.pk}/meetings/{meeting.pk}/"
    assert login_as(cast.lead).get(other).status_code == 404


def test_tick_and_untick(cast, login_as, meeting):
    client = login_as(cast.worker)
    for key in services.guide.PREPARATION.keys:
        client.post(_url(meeting, "tick/"), {"item_key": key, "ticked": "on"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PREPARED
    client.post(_url(meeting, "tick/"), {"item_key": services.guide.PREPARATION.keys[0]})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECIDED
    response = client.post(
        _url(meeting, "tick/"), {"item_key": "nope", "ticked": "on"}, follow=True
    )
    assert meeting.ticks.count() == len(services.guide.PREPARATION.keys) - 1
    assert response.status_code == 200
    assert client.get(_url(meeting, "tick/")).status_code == 405


def test_schedule_form(cast, login_as, meeting):
    client = login_as(cast.worker)
    day = at(5).date().isoformat()
    response = client.post(
        _url(meeting, "schedule/"), {"day": day, "time": "10:00", "duration": "60", "place": "R1"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at(5, 10) and meeting.duration_minutes == 60
    response = client.post(
        _url(meeting, "schedule/"), {"day": day, "time": "11:00", "duration": "60", "place": ""}
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.starts_at == at(5, 10)
    response = client.post(_url(meeting, "schedule/"), {"day": "x", "time": "", "duration": "1"})
    assert response.status_code == 400


def test_invitee_add_typed_and_bad(cast, login_as, scheduled):
    client = login_as(cast.worker)
    response = client.post(
        _url(scheduled, "invitees/"),
        {"name": "Tom Ven", "phone": "+45 1", "language": "da", "channel": "phone"},
    )
    assert response.status_code == 302
    assert scheduled.invitees.get().name == "Tom Ven"
    response = client.post(
        _url(scheduled, "invitees/"),
        {"name": "Ulla", "language": "da", "channel": "email"},
    )
    assert response.status_code == 400
    assert scheduled.invitees.count() == 1


def test_send_invitations_and_documents(cast, login_as, invited, smtp_server):
    client = login_as(cast.worker)
    response = client.post(_url(invited, "send/"))
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.INVITED
    # Only the e-mail went: the letter and the call wait for the worker (the delivery list).
    assert list(
        Invitee.objects.filter(meeting=invited, sent_at__isnull=False).values_list(
            "channel", flat=True
        )
    ) == ["email"]
    letter = invited.invitees.get(channel="letter")
    response = client.get(_url(invited, f"invitees/{letter.pk}/letter.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = client.get(_url(invited, f"invitees/{letter.pk}/letter.docx"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    phone = invited.invitees.get(channel="phone")
    response = client.get(_url(invited, f"invitees/{phone.pk}/script.txt"))
    assert response.status_code == 200 and "Britt Syster" in response.content.decode()
    assert client.get(_url(invited, "invitees/999999/letter.pdf")).status_code == 404
    assert client.get(_url(invited, "send/")).status_code == 405


def test_send_without_invitees_shows_message(cast, login_as, scheduled):
    response = login_as(cast.worker).post(_url(scheduled, "send/"), follow=True)
    assert response.status_code == 200
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.DECIDED


def test_record_reply(cast, login_as, invited):
    client = login_as(cast.worker)
    invitee = invited.invitees.get(channel="letter")
    client.post(_url(invited, f"invitees/{invitee.pk}/reply/"), {"reply": "yes"})
    invitee.refresh_from_db()
    assert invitee.reply == "yes"
    client.post(_url(invited, f"invitees/{invitee.pk}/reply/"), {"reply": "bogus"})
    invitee.refresh_from_db()
    assert invitee.reply == "yes"


def test_run_sheet(cast, login_as, invited):
    response = login_as(cast.worker).get(_url(invited, "run-sheet/"))
    assert response.status_code == 200
    assert "Welcome everyone" in response.content.decode()


# --- 4. Memo and actions -----------------------------------------------------------------------


def _memo_post(invited, **extra):
    data = {"citizen_present": "on", "summary": "Good talk", "successful": "yes"}
    for invitee in invited.invitees.all():
        data[f"present_{invitee.pk}"] = "on"
        data[f"memo_{invitee.pk}"] = "on"
    for question in invited.questions.all():
        data[f"notes_{question.pk}"] = "Talked"
        data[f"decision_{question.pk}"] = "Agreed"
    data.update(extra)
    return data


def test_memo_save_creates_followup_and_documents(cast, login_as, started):
    invited = started
    client = login_as(cast.worker)
    assert client.get(_url(invited, "memo/")).status_code == 200
    followup_day = at(30).date().isoformat()
    response = client.post(
        _url(invited, "memo/"),
        _memo_post(
            invited,
            followup_on=followup_day,
            followup_time="09:00",
            responsible_user=cast.worker.pk,
        ),
    )
    assert response.status_code == 302
    memo = Memo.objects.get(meeting=invited)
    assert memo.summary == "Good talk" and memo.responsible_user == cast.worker
    assert memo.notes.count() == 2
    assert invited.followups.get().starts_at == at(30, 9)
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.HELD
    assert client.get(_url(invited, "memo.pdf")).content.startswith(b"%PDF")
    assert client.get(_url(invited, "memo.docx")).content.startswith(b"PK")


def test_memo_bad_input_changes_nothing(cast, login_as, started):
    invited = started
    client = login_as(cast.worker)
    response = client.post(
        _url(invited, "memo/"), _memo_post(invited, followup_on=at(-30).date().isoformat())
    )
    assert response.status_code == 400
    assert "after this meeting" in response.content.decode()
    assert not Memo.objects.exists()


def test_professional_reads_memo_only(cast, login_as, started):
    invited = started
    services_memo.memo_save(meeting=invited, by=cast.worker, summary="S")
    client = login_as(cast.professional)
    assert client.get(_url(invited, "memo.pdf")).status_code == 200
    assert _logged(cast, "view_meetings")
    assert client.get(_url(invited, "memo/")).status_code == 404
    assert login_as(cast.professional_without).get(_url(invited, "memo.pdf")).status_code == 404


def test_memo_send(cast, login_as, started, smtp_server):
    invited = started
    client = login_as(cast.worker)
    client.post(_url(invited, "memo/send/"), follow=True)  # no memo yet: a message
    client.post(_url(invited, "memo/"), _memo_post(invited))
    smtp_server.clear()
    response = client.post(_url(invited, "memo/send/"))
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == MeetingStatus.CLOSED
    # Only Britt has an e-mail address among those agreed to receive it.
    [envelope] = smtp_server.envelopes
    assert "britt@example.se" in envelope.recipients


def test_action_add_and_done(cast, login_as, invited, django_assert_max_num_queries):
    client = login_as(cast.worker)
    invitee = invited.invitees.get(channel="email")
    response = client.post(
        _url(invited, "actions/new/"),
        {"what": "Call the landlord", "owner": f"i:{invitee.pk}", "due_on": "2030-01-01"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner_name == "Britt Syster"
    response = client.post(_url(invited, "actions/new/"), {"what": "Nobody does it"})
    assert response.status_code == 400
    assert Action.objects.count() == 1
    for n in range(4):
        services_memo.action_add(
            meeting=invited, by=cast.worker, what=f"a{n}", owner_user=cast.worker
        )
    with django_assert_max_num_queries(15):
        response = client.get(_base(cast) + "actions/")
    assert "Call the landlord" in response.content.decode()
    client.post(_base(cast) + f"actions/{action.pk}/done/", {"done": "1"})
    action.refresh_from_db()
    assert action.done_at is not None and action.done_by == cast.worker
    client.post(_base(cast) + f"actions/{action.pk}/done/", {"done": "0"})
    action.refresh_from_db()
    assert action.done_at is None
    assert client.get(_base(cast) + f"actions/{action.pk}/done/").status_code == 405
    assert (
        login_as(cast.outsider).post(_base(cast) + f"actions/{action.pk}/done/").status_code == 404
    )


@pytest.mark.parametrize("user", ["colleague", "professional", "admin"])
def test_planning_pages_are_404_outside_the_case(cast, login_as, invited, user):
    client = login_as(getattr(cast, user))
    for rest in ("", "memo/", "run-sheet/", "actions/new/"):
        assert client.get(_url(invited, rest)).status_code == 404
