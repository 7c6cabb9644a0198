"""Steps 1 and 2: deciding on a meeting with the citizen, and preparing it together."""

import pytest

from omkreds.meetings import guide, services
from omkreds.meetings.errors import MeetingError, NoQuestions, Required, TooLong, UnknownItem
from omkreds.meetings.models import Meeting, MeetingStatus


def test_decide_records_the_worry_goal_and_questions_in_order(meeting, cast):
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECIDED
    assert meeting.citizen == cast.citizen
    assert meeting.created_by == cast.worker
    assert [q.text for q in meeting.questions.all()] == [
        "How can the rent be paid?",
        "Who can help with letters?",
    ]
    assert [q.order for q in meeting.questions.all()] == [1, 2]


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"concern": "   "}, "concern", Required),
        ({"goal": ""}, "goal", Required),
        ({"questions": ["", "  "]}, "questions", NoQuestions),
        ({"concern": "x" * 4001}, "concern", TooLong),
        ({"questions": ["q" * 501]}, "questions", TooLong),
        ({"questions": [f"q{n}" for n in range(13)]}, "questions", MeetingError),
    ],
)
def test_bad_decisions_are_refused_with_a_message_on_the_field(cast, changes, field, error):
    data = {"concern": "Worry", "goal": "Goal", "questions": ["One?"], **changes}
    with pytest.raises(error) as caught:
        services.meeting_decide(citizen=cast.citizen, by=cast.worker, **data)
    assert field in caught.value.message_dict
    assert str(caught.value)
    assert not Meeting.objects.exists()


def test_overlong_text_message_names_the_limit_in_the_users_language(cast):
    from django.utils import translation

    with pytest.raises(TooLong) as caught:
        services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="x" * 4005, goal="g", questions=["q"]
        )
    with translation.override("en"):
        assert "4000" in str(caught.value) and "4005" in str(caught.value)


def test_revise_replaces_questions(meeting, cast):
    services.meeting_revise(
        meeting=meeting, by=cast.worker, concern="New worry", goal="New goal", questions=["Only?"]
    )
    meeting.refresh_from_db()
    assert meeting.concern == "New worry"
    assert [q.text for q in meeting.questions.all()] == ["Only?"]


def test_ticking_every_preparation_point_marks_the_meeting_prepared(meeting, cast):
    keys = guide.PREPARATION.keys
    for key in keys[:-1]:
        services.meeting_prepare_tick(meeting=meeting, item_key=key, by=cast.worker)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECIDED
    ticked = services.meeting_prepare_tick(
        meeting=meeting, item_key=keys[-1], by=cast.worker, note="She wants to chair herself."
    )
    assert ticked == set(keys)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PREPARED
    assert meeting.ticks.get(item_key=keys[-1]).note == "She wants to chair herself."

    services.meeting_prepare_tick(meeting=meeting, item_key=keys[0], by=cast.worker, ticked=False)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECIDED


def test_ticking_twice_keeps_one_tick(meeting, cast):
    for _ in range(2):
        services.meeting_prepare_tick(meeting=meeting, item_key="prep.chair", by=cast.worker)
    assert meeting.ticks.count() == 1


def test_unknown_preparation_point_is_refused(meeting, cast):
    with pytest.raises(UnknownItem):
        services.meeting_prepare_tick(meeting=meeting, item_key="prep.nope", by=cast.worker)
    assert not meeting.ticks.exists()
