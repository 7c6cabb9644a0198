"""Network-meeting workflows (seed 002): feedback from the participants, asked for, given
anonymously, and shown only once enough have answered. See `services.py` for the rules all
meeting services keep.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from omkreds.access.history import record_change
from omkreds.invitations import tokens
from omkreds.meetings import delivery, guide
from omkreds.meetings.errors import (
    EmptyFeedback,
    FeedbackFull,
    FeedbackStale,
    FeedbackTooEarly,
    FeedbackUsed,
    InvalidAnswer,
    MeetingError,
    NotAnInvitee,
    WrongState,
)
from omkreds.meetings.models import (
    LONG_TEXT,
    FeedbackResponse,
    FeedbackSource,
    Invitee,
    Meeting,
    MeetingStatus,
)
from omkreds.meetings.models_delivery import Document
from omkreds.meetings.services import clean_text, require_state

# Feedback is shown only once this many have answered, so no answer points to one person.
MIN_FEEDBACK = 3

__all__ = [
    "FeedbackResults",
    "QuestionResult",
    "feedback_paper_add",
    "feedback_request_send",
    "feedback_results",
    "feedback_submit",
    "feedback_tablet_submit",
    "feedback_waiting",
    "participants",
]


# --- 8. Feedback -------------------------------------------------------------------------------


def feedback_request_send(*, meeting: Meeting, by) -> delivery.Outcome:
    """Send each participant who was there their own anonymous feedback link, by their
    channel: e-mailed, a feedback form with the short link for the print pack, or a call.
    Nobody is asked twice."""
    require_state(meeting, MeetingStatus.HELD, MeetingStatus.CLOSED)
    if not meeting.has_started:
        raise FeedbackTooEarly(params={"when": meeting.starts_at_shown})
    invitees = list(
        meeting.invitees.exclude(present=False).filter(feedback_given_at__isnull=True).in_order()
    )
    outcome = delivery.deliveries_send(
        meeting=meeting, invitees=invitees, document=Document.FEEDBACK, version=1
    )
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="feedback_request_send",
        obj=meeting,
        summary=str(len(outcome.planned)),
    )
    return outcome


def _cleaned(answers, comment: str) -> tuple[dict, str]:
    if not isinstance(answers, dict):
        raise InvalidAnswer()
    cleaned = {k: v for k, v in answers.items() if v not in ("", None)}
    if not set(cleaned) <= set(guide.FEEDBACK.keys) or not set(cleaned.values()) <= set(
        guide.FEEDBACK_ANSWERS
    ):
        raise InvalidAnswer()
    comment = clean_text(comment, "comment", limit=LONG_TEXT)
    if not cleaned and not comment:
        raise EmptyFeedback()
    return cleaned, comment


def participants(meeting: Meeting) -> int:
    """How many may answer: the invitees, except those recorded as not there."""
    return meeting.invitees.exclude(present=False).count()


def _locked_for_answers(meeting_id) -> Meeting:
    """The meeting under its row lock, refusing answers before its start or once cancelled."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.is_cancelled or meeting.starts_at is None or meeting.starts_at > timezone.now():
        raise WrongState(params={"status": meeting.get_status_display()})
    return meeting


def _record(meeting: Meeting, *, answers, comment: str, source: str, invitee=None, by=None):
    """Store one anonymous answer, refusing one beyond the number of participants. Call under
    the meeting's row lock."""
    cleaned, comment = _cleaned(answers, comment)
    room = participants(meeting)
    if meeting.feedback.count() >= room:
        raise FeedbackFull(params={"participants": room})
    FeedbackResponse.objects.create(
        meeting=meeting, answers=cleaned, comment=comment, source=source
    )
    if invitee is not None:
        invitee.feedback_given_at = timezone.now()
        invitee.save(update_fields=["feedback_given_at"])
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="feedback_submit" if source != FeedbackSource.PAPER else "feedback_paper",
        obj=meeting,
        who="anonymous participant" if by is None else "",
    )


@transaction.atomic
def feedback_submit(*, token: str, answers: dict, comment: str = "", meeting_id=None) -> None:
    """Record one participant's answers. The response is not linked to the invitee; only the
    fact that they answered is, so each link answers once."""
    invitee = tokens.read(token, tokens.FEEDBACK, invitees=Invitee.objects, meeting_id=meeting_id)
    meeting = _locked_for_answers(invitee.meeting_id)
    invitee = Invitee.objects.select_for_update().get(pk=invitee.pk)
    if invitee.feedback_given_at is not None:
        raise FeedbackUsed()
    _record(meeting, answers=answers, comment=comment, source=FeedbackSource.LINK, invitee=invitee)


@transaction.atomic
def feedback_paper_add(*, meeting: Meeting, answers: dict, comment: str = "", based_on, by):
    """The worker types in a paper form's answers ("answered on paper"). `based_on` is the
    number of answers the page showed: a form typed in twice (or a double press) finds a
    different number and is refused, as is an answer beyond the number of participants."""
    meeting = _locked_for_answers(meeting.pk)
    require_state(meeting, MeetingStatus.HELD, MeetingStatus.CLOSED)
    responses = meeting.feedback.count()
    try:
        based_on = int(based_on)
    except (TypeError, ValueError):
        raise MeetingError(field="based_on") from None
    if based_on != responses:
        raise FeedbackStale(params={"responses": responses})
    _record(meeting, answers=answers, comment=comment, source=FeedbackSource.PAPER, by=by)


@transaction.atomic
def feedback_tablet_submit(*, meeting: Meeting, invitee_id, answers: dict, comment: str = ""):
    """A participant answers on the worker's tablet at the end of the meeting: anonymous like
    the link (only the fact that they answered is kept), and it uses up their link."""
    meeting = _locked_for_answers(meeting.pk)
    invitee = Invitee.objects.select_for_update().filter(meeting=meeting, pk=invitee_id).first()
    if invitee is None:
        raise NotAnInvitee(field="invitee")
    if invitee.feedback_given_at is not None:
        raise FeedbackUsed()
    _record(
        meeting, answers=answers, comment=comment, source=FeedbackSource.TABLET, invitee=invitee
    )


def feedback_waiting(meeting: Meeting) -> list[Invitee]:
    """Those present who have not answered yet, in the order of introductions."""
    return list(
        meeting.invitees.exclude(present=False).filter(feedback_given_at__isnull=True).in_order()
    )


@dataclass
class QuestionResult:
    item: guide.GuideItem
    counts: dict[str, int]

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass
class FeedbackResults:
    responses: int
    invited: int
    # Fewer than MIN_FEEDBACK answers: nothing is shown, so no answer points to one person.
    withheld: bool
    questions: list[QuestionResult]
    comments: list[str]


def feedback_results(*, meeting: Meeting) -> FeedbackResults:
    rows = list(meeting.feedback.values_list("answers", "comment"))
    invited = meeting.invitees.count()
    if len(rows) < MIN_FEEDBACK:
        return FeedbackResults(len(rows), invited, True, [], [])
    counters = {key: Counter() for key in guide.FEEDBACK.keys}
    for answers, _comment in rows:
        for key, value in answers.items():
            if key in counters:
                counters[key][value] += 1
    questions = [
        QuestionResult(item=item, counts={a: counters[item.key][a] for a in guide.FEEDBACK_ANSWERS})
        for item in guide.FEEDBACK.items
    ]
    # Comments in a stable order that is not the order of answering.
    comments = sorted(c for _a, c in rows if c)
    return FeedbackResults(len(rows), invited, False, questions, comments)
