"""Step 8: anonymous feedback from participants, one link each, results only in aggregate."""

import re

import pytest
from django.utils import translation

from omkreds.invitations import links, tokens
from omkreds.invitations.errors import TokenInvalid
from omkreds.meetings import guide, services, services_feedback
from omkreds.meetings.errors import EmptyFeedback, FeedbackUsed, InvalidAnswer
from omkreds.meetings.models import FeedbackResponse
from omkreds.meetings.tests.conftest import at


@pytest.fixture
def held(invited, cast):
    invited.starts_at, invited.ends_at = at(-1, 10), at(-1, 11)
    invited.status = "held"
    invited.save()
    return invited


def test_feedback_is_anonymous_and_given_once(held):
    britt = held.invitees.get(name="Britt Syster")
    token = tokens.make(britt, tokens.FEEDBACK)
    services_feedback.feedback_submit(
        token=token, answers={"fb.heard": "yes", "fb.safe": "partly"}, comment="Good coffee."
    )
    [response] = FeedbackResponse.objects.all()
    assert response.answers == {"fb.heard": "yes", "fb.safe": "partly"}
    assert response.comment == "Good coffee."
    # Nothing ties the response to the person.
    fields = {f.name for f in FeedbackResponse._meta.get_fields()}
    assert not fields & {"invitee", "user", "submitted_at", "created_at"}
    britt.refresh_from_db()
    assert britt.feedback_given_at is not None
    with pytest.raises(FeedbackUsed):
        services_feedback.feedback_submit(token=token, answers={"fb.heard": "no"})
    assert FeedbackResponse.objects.count() == 1


def test_bad_feedback_is_refused(held):
    britt = held.invitees.get(name="Britt Syster")
    token = tokens.make(britt, tokens.FEEDBACK)
    with pytest.raises(InvalidAnswer):
        services_feedback.feedback_submit(token=token, answers={"fb.heard": "very"})
    with pytest.raises(InvalidAnswer):
        services_feedback.feedback_submit(token=token, answers={"fb.unknown": "yes"})
    with pytest.raises(EmptyFeedback):
        services_feedback.feedback_submit(token=token, answers={"fb.heard": ""}, comment="  ")
    with pytest.raises(services.MeetingError) as caught:
        services_feedback.feedback_submit(token=token, answers={}, comment="x" * 4001)
    assert "comment" in caught.value.message_dict
    with pytest.raises(TokenInvalid):
        services_feedback.feedback_submit(
            token=tokens.make(britt, tokens.REPLY), answers={"fb.heard": "y"}
        )
    assert not FeedbackResponse.objects.exists()


def test_feedback_before_the_meeting_is_refused(invited):
    britt = invited.invitees.get(name="Britt Syster")
    with pytest.raises(services.MeetingError):
        services_feedback.feedback_submit(
            token=tokens.make(britt, tokens.FEEDBACK), answers={"fb.heard": "yes"}
        )


def test_results_are_withheld_below_three_answers_then_aggregated(held):
    britt, mads, eve = (
        held.invitees.get(name=n) for n in ("Britt Syster", "Mads Nabo", "Eve English")
    )
    services_feedback.feedback_submit(
        token=tokens.make(britt, tokens.FEEDBACK),
        answers={"fb.heard": "yes", "fb.successful": "yes"},
        comment="Zebra",
    )
    services_feedback.feedback_submit(
        token=tokens.make(mads, tokens.FEEDBACK), answers={"fb.heard": "partly"}
    )
    results = services_feedback.feedback_results(meeting=held)
    assert results.withheld and results.responses == 2 and results.questions == []
    assert results.comments == []
    services_feedback.feedback_submit(
        token=tokens.make(eve, tokens.FEEDBACK),
        answers={"fb.heard": "yes", "fb.successful": "no"},
        comment="Apple",
    )
    results = services_feedback.feedback_results(meeting=held)
    assert not results.withheld
    assert (results.responses, results.invited) == (3, 3)
    by_key = {q.item.key: q for q in results.questions}
    assert [q.item.key for q in results.questions] == list(guide.FEEDBACK.keys)
    assert by_key["fb.heard"].counts == {"yes": 2, "partly": 1, "no": 0}
    assert by_key["fb.successful"].counts == {"yes": 1, "partly": 0, "no": 1}
    assert by_key["fb.safe"].answered == 0
    assert results.comments == ["Apple", "Zebra"]  # not in the order given


def test_feedback_links_are_e_mailed_to_those_present(held, cast, smtp_server):
    held.invitees.filter(name="Mads Nabo").update(present=False)
    sent = services_feedback.feedback_request_send(meeting=held, by=cast.worker)
    assert [row.name for row in sent.emailed] == ["Britt Syster"]
    # Eve (phone) was there too: she is asked by phone, not skipped.
    assert [row.name for row in sent.to_call] == ["Eve English"]
    [message] = smtp_server.messages
    assert message["Content-Language"] == "sv"
    body = message.get_body(("plain",)).get_content()
    assert re.search(r"/meetings/[0-9a-f-]+/feedback/\S+/", body)


def test_feedback_page(held, client):
    britt = held.invitees.get(name="Britt Syster")
    path = links.feedback_url(britt).removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lyssnade deltagarna och blev du hörd?" in page  # Swedish: the invitee's language
    assert "Rent arrears" not in page and "CANARY" not in page
    response = client.post(path, {"fb.heard": "maybe-not"})
    assert response.status_code == 400
    response = client.post(path, {"fb.heard": "yes", "comment": "Bra möte"})
    assert response.status_code == 200
    assert FeedbackResponse.objects.get().comment == "Bra möte"
    response = client.get(path)
    with translation.override("sv"):
        received = translation.gettext("Thank you, your feedback has already been received.")
    assert received in response.content.decode()
    other = path.replace(str(held.pk), "00000000-0000-0000-0000-000000000000")
    assert client.get(other).status_code == 404
