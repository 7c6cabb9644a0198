"""Steps 6 and 7: the memo (PDF, Word, e-mail), actions, reminders and the follow-up meeting."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from omkreds.invitations.choices import Reply
from omkreds.meetings import documents, services, services_invitations, services_memo
from omkreds.meetings.errors import (
    FollowupExists,
    FollowupNotSet,
    NoMemoRecipients,
    NotAnInvitee,
    OwnerRequired,
    UserNotInOrganisation,
)
from omkreds.meetings.models import Action, MeetingStatus
from omkreds.meetings.tests.conftest import at


@pytest.fixture
def held(invited, cast):
    """The invited meeting moved to yesterday, so that it has taken place."""
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    invited.starts_at, invited.ends_at = at(-1, 10), at(-1, 11, 30)
    invited.save()
    return invited


def _memo(meeting, cast, **extra):
    britt = meeting.invitees.get(name="Britt Syster")
    mads = meeting.invitees.get(name="Mads Nabo")
    eve = meeting.invitees.get(name="Eve English")
    q1, q2 = meeting.questions.all()
    data = {
        "citizen_present": True,
        "attendance": {britt.pk: True, mads.pk: False, eve.pk: True},
        "chair": "Britt Syster",
        "secretary": "Wanda Worker",
        "notes": {
            q1.pk: {"notes": "Arrears are 3 months.", "decision": "Apply for help with rent."},
            q2.pk: {"notes": "Letters pile up.", "decision": "Open letters together weekly."},
        },
        "summary": "A plan for rent and letters.",
        "responsible_user": cast.worker,
        "followup_at": at(30, 10),
        "successful": "yes",
        "successful_note": "Everyone spoke.",
        "recipients": [britt.pk],
    }
    data.update(extra)
    return services_memo.memo_save(meeting=meeting, by=cast.worker, **data)


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_memo_records_attendance_notes_and_the_plan(held, cast):
    memo = _memo(held, cast)
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD
    assert memo.responsible == "Wanda Worker"
    assert {i.name: i.present for i in held.invitees.all()} == {
        "Britt Syster": True,
        "Mads Nabo": False,
        "Eve English": True,
    }
    assert [n.decision for n in memo.notes.all()] == [
        "Apply for help with rent.",
        "Open letters together weekly.",
    ]
    # Saving again updates, never duplicates.
    _memo(held, cast, summary="Changed")
    memo.refresh_from_db()
    assert memo.summary == "Changed" and memo.notes.count() == 2


def test_memo_refuses_bad_input(held, cast, meeting):
    with pytest.raises(services.MeetingError) as caught:
        _memo(held, cast, followup_at=at(-1, 9))
    assert "followup_at" in caught.value.message_dict
    with pytest.raises(NotAnInvitee):
        _memo(held, cast, recipients=[999999])
    with pytest.raises(UserNotInOrganisation):
        _memo(held, cast, responsible_user=cast.outsider)
    with pytest.raises(services.MeetingError) as caught:
        _memo(held, cast, summary="s" * 4001)
    assert "summary" in caught.value.message_dict
    held.refresh_from_db()
    assert held.status == MeetingStatus.INVITED
    assert not hasattr(held, "memo") or held.memo is None


def test_memo_as_pdf_and_word(held, cast):
    memo = _memo(held, cast)
    services_memo.action_add(
        meeting=held,
        by=cast.worker,
        what="Call the housing office",
        owner_invitee=held.invitees.get(name="Britt Syster"),
        with_whom="the citizen",
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    pdf = _pdf_text(documents.memo_pdf(memo, language="en"))
    for text in (
        "Memo of the network meeting",
        "Arrears are 3 months.",
        "Apply for help with rent.",
        "Call the housing office",
        "Britt Syster",
        "Wanda Worker",
        "Mads Nabo",  # absent
    ):
        assert text in pdf, text
    word = Document(io.BytesIO(documents.memo_docx(memo, language="en")))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert "Present: " in paragraphs and "Absent: Mads Nabo" in paragraphs
    assert "Agreed: Open letters together weekly." in paragraphs
    [table] = word.tables
    assert [c.text for c in table.rows[1].cells][:2] == ["Britt Syster", "Call the housing office"]
    assert word.core_properties.language == "en"


def test_memo_is_e_mailed_only_to_those_the_citizen_agreed_to(held, cast, smtp_server):
    _memo(held, cast)
    smtp_server.clear()
    sent = services_memo.memo_send(meeting=held, by=cast.worker)
    assert [row.name for row in sent.emailed] == ["Britt Syster"]
    assert sent.to_print == sent.to_call == sent.failed == []
    [envelope] = smtp_server.envelopes
    assert envelope.recipients == ["britt@example.se"]
    message = envelope.message
    assert message["Content-Language"] == "sv"
    types = sorted(p.get_content_type() for p in message.iter_attachments())
    assert types == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    pdf = next(p for p in message.iter_attachments() if p.get_content_type() == "application/pdf")
    assert "Apply for help with rent." in _pdf_text(pdf.get_content())
    held.refresh_from_db()
    assert held.status == MeetingStatus.CLOSED
    assert held.memo.sent_at is not None


def test_memo_with_no_recipient_is_refused(held, cast):
    _memo(held, cast, recipients=[])
    with pytest.raises(NoMemoRecipients):
        services_memo.memo_send(meeting=held, by=cast.worker)


# --- Actions -------------------------------------------------------------------------------


def test_actions_who_what_when_with_whom(held, cast):
    today = timezone.localdate()
    a = services_memo.action_add(
        meeting=held, by=cast.worker, what="Apply", owner_user=cast.worker, due_on=today
    )
    b = services_memo.action_add(
        meeting=held,
        by=cast.worker,
        what="Visit",
        owner_name="Aunt Ida",
        due_on=today - dt.timedelta(days=2),
    )
    c = services_memo.action_add(meeting=held, by=cast.worker, what="Later", owner_name="Ida")
    assert services_memo.action_state(a) == "due"
    assert services_memo.action_state(b) == "overdue"
    assert services_memo.action_state(c) == "open"
    assert list(Action.objects.overdue()) == [b]
    assert [x.what for x in services_memo.actions_for_citizen(citizen=cast.citizen)] == [
        "Visit",
        "Apply",
        "Later",
    ]
    assert list(services_memo.actions_for_owner(user=cast.worker)) == [a]
    services_memo.action_complete(action=b, by=cast.worker)
    assert services_memo.action_state(b) == "done"
    assert list(Action.objects.overdue()) == []
    assert b.done_by == cast.worker


def test_actions_need_an_owner_of_this_case(held, cast):
    with pytest.raises(OwnerRequired):
        services_memo.action_add(meeting=held, by=cast.worker, what="Something")
    with pytest.raises(UserNotInOrganisation):
        services_memo.action_add(meeting=held, by=cast.worker, what="x", owner_user=cast.outsider)
    with pytest.raises(services.MeetingError) as caught:
        services_memo.action_add(meeting=held, by=cast.worker, what="", owner_name="A")
    assert "what" in caught.value.message_dict
    assert not Action.objects.exists()


def test_reminders_go_once_to_owners_with_an_address(held, cast, smtp_server):
    today = timezone.localdate()
    britt = held.invitees.get(name="Britt Syster")
    services_memo.action_add(
        meeting=held,
        by=cast.worker,
        what="Call the landlord",
        owner_invitee=britt,
        due_on=today + dt.timedelta(days=2),
    )
    services_memo.action_add(
        meeting=held, by=cast.worker, what="No address", owner_name="Ida", due_on=today
    )
    services_memo.action_add(
        meeting=held,
        by=cast.worker,
        what="Far away",
        owner_user=cast.worker,
        due_on=today + dt.timedelta(days=30),
    )
    done = services_memo.action_add(
        meeting=held, by=cast.worker, what="Done already", owner_user=cast.worker, due_on=today
    )
    services_memo.action_complete(action=done, by=cast.worker)
    smtp_server.clear()
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert "Sent 1 reminder(s)." in out.getvalue()
    [envelope] = smtp_server.envelopes
    assert envelope.recipients == ["britt@example.se"]
    assert envelope.message["Content-Language"] == "sv"
    assert "Call the landlord" in envelope.message.get_body(("plain",)).get_content()
    # Once only.
    call_command("send_action_reminders", stdout=io.StringIO())
    assert len(smtp_server.envelopes) == 1


# --- Follow-up -----------------------------------------------------------------------------


def test_followup_meeting_is_prefilled_from_open_actions(held, cast):
    with pytest.raises(services.MeetingError):
        services_memo.followup_create(meeting=held, by=cast.worker)
    _memo(held, cast, followup_at=None)
    with pytest.raises(FollowupNotSet):
        services_memo.followup_create(meeting=held, by=cast.worker)
    _memo(held, cast)
    services_memo.action_add(meeting=held, by=cast.worker, what="Apply", owner_user=cast.worker)
    finished = services_memo.action_add(meeting=held, by=cast.worker, what="Done", owner_name="Ida")
    services_memo.action_complete(action=finished, by=cast.worker)
    britt = held.invitees.get(name="Britt Syster")
    britt.reply, britt.replied_at = Reply.YES, timezone.now()
    britt.save()

    followup = services_memo.followup_create(meeting=held, by=cast.worker)
    assert followup.follows == held
    assert followup.status == MeetingStatus.DECIDED
    assert followup.starts_at == at(30, 10)
    assert followup.ends_at - followup.starts_at == dt.timedelta(minutes=90)
    assert followup.place == held.place
    # The actions are not copied into questions: the follow-up shows them as they stand.
    assert [q.text for q in followup.questions.all()] == ["Hvad er der sket siden sidste møde?"]
    assert [
        (a.what, state) for a, state in services_memo.actions_for_followup(meeting=followup)
    ] == [
        ("Apply", "open"),
        ("Done", "done"),
    ]
    copied = {i.name: i for i in followup.invitees.all()}
    assert set(copied) == {"Britt Syster", "Mads Nabo", "Eve English"}
    assert copied["Britt Syster"].reply == Reply.PENDING
    assert copied["Britt Syster"].sent_sequence is None
    assert copied["Britt Syster"].token_nonce != britt.token_nonce
    with pytest.raises(FollowupExists):
        services_memo.followup_create(meeting=held, by=cast.worker)
