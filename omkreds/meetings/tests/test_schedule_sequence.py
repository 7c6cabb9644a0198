"""A new time and new questions at the same moment: each raises the invitations' SEQUENCE, so
calendars take the last update and "send the update" is offered (no change is lost)."""

import datetime as dt

from django.utils import timezone

from omkreds.meetings import services
from omkreds.meetings.models import Meeting


def test_a_reschedule_from_a_page_opened_before_a_revision_keeps_both_raises(sent, cast):
    before = sent.sequence
    # Two people opened the meeting; one changes the questions, then the other the time.
    theirs = Meeting.objects.get(pk=sent.pk)
    mine = Meeting.objects.get(pk=sent.pk)
    services.meeting_revise(
        meeting=theirs,
        by=cast.worker,
        concern=theirs.concern,
        goal=theirs.goal,
        why_not_own_tools=theirs.why_not_own_tools,
        questions=["Who can help with meals?"],
    )
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=9)
    result = services.meeting_schedule(
        meeting=mine,
        by=cast.worker,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place=mine.place or "Town hall",
    )
    assert result.needs_update
    stored = Meeting.objects.get(pk=sent.pk)
    assert stored.sequence == before + 2
    # The time and the revised questions are both kept.
    assert stored.starts_at == starts
    assert [q.text for q in stored.questions.all()] == ["Who can help with meals?"]


def test_the_same_time_again_is_no_change(sent, cast):
    before = sent.sequence
    result = services.meeting_schedule(
        meeting=Meeting.objects.get(pk=sent.pk),
        by=cast.worker,
        starts_at=sent.starts_at,
        ends_at=sent.ends_at,
        place=sent.place,
        at_client_home=sent.at_client_home,
    )
    assert not result.changed and not result.needs_update
    assert Meeting.objects.get(pk=sent.pk).sequence == before
