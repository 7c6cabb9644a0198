"""Feedback on paper (issue 13, point 4): the A4 form with the same questions and tick boxes,
its answers typed in as "answered on paper", anonymous and counted like the link's, refused
when typed in twice or beyond the number of participants."""

import io

import pytest
from pypdf import PdfReader

from omkreds.access.models import ChangeRecord
from omkreds.invitations import tokens
from omkreds.meetings import guide, services_feedback
from omkreds.meetings.errors import FeedbackFull
from omkreds.meetings.models import FeedbackResponse, Invitee
from omkreds.meetings.tests.conftest import at

A4 = (595, 842)  # points, rounded


@pytest.fixture
def held(invited, cast):
    """Held yesterday with Britt, Mads and Eve: three participants."""
    invited.starts_at, invited.ends_at = at(-1, 10), at(-1, 11)
    invited.status = "held"
    invited.save()
    return invited


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/feedback/{rest}"


def _paper(client, meeting, based_on, **answers):
    data = {"based_on": based_on, "comment": answers.pop("comment", ""), **answers}
    return client.post(_url(meeting, "paper/"), data)


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_the_form_on_paper_is_one_a4_page_with_each_question_and_its_tick_boxes(
    held, cast, login_as, language
):
    response = login_as(cast.worker).get(_url(held, f"form.pdf?language={language}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    [page] = PdfReader(io.BytesIO(response.content)).pages
    assert tuple(round(float(x)) for x in page.mediabox.upper_right) == A4
    text = " ".join(page.extract_text().split())
    assert guide.FEEDBACK.title.get(language) in text
    for item in guide.FEEDBACK.items:
        assert item.get_text(language) in text
    for answer in guide.FEEDBACK_ANSWERS.values():
        assert text.count(answer.get(language)) >= len(guide.FEEDBACK.items)
    for name in (cast.citizen.name, "Britt", "Mads", "Eve"):
        assert name not in text  # nobody's name on an anonymous form


def test_paper_answers_are_typed_in_anonymously_and_shown_from_three(held, cast, login_as):
    client = login_as(cast.worker)
    page = client.get(_url(held)).content.decode()
    assert 'name="based_on" value="0"' in page
    ticks = [("yes", "Tak"), ("partly", ""), ("no", "For lang")]
    for number, (tick, comment) in enumerate(ticks):
        response = _paper(client, held, number, comment=comment, **{"fb.heard": tick})
        assert response.status_code == 302
        page = client.get(_url(held)).content.decode()
        if number < 2:
            assert "The answers are shown once at least 3 people have answered" in page
    assert "3 answers typed in from paper so far." in page
    assert "For lang" in page and "Tak" in page
    rows = list(FeedbackResponse.objects.filter(meeting=held).order_by("pk"))
    assert [(r.answers, r.source) for r in rows] == [
        ({"fb.heard": tick}, "paper") for tick, _comment in ticks
    ]
    assert not held.invitees.filter(feedback_given_at__isnull=False).exists()
    records = ChangeRecord.objects.filter(kind="feedback_paper")
    assert [r.user for r in records] == [cast.worker] * 3


def test_the_same_paper_form_typed_in_twice_is_refused(held, cast, login_as):
    client = login_as(cast.worker)
    assert _paper(client, held, 0, **{"fb.safe": "yes"}).status_code == 302
    again = _paper(client, held, 0, **{"fb.safe": "yes"})
    assert again.status_code == 409
    assert "Check that this paper form has not been typed in already" in again.content.decode()
    assert FeedbackResponse.objects.filter(meeting=held).count() == 1


def test_answers_beyond_the_number_of_participants_are_refused(held, cast, login_as):
    britt, mads, eve = (
        held.invitees.get(name=n) for n in ("Britt Syster", "Mads Nabo", "Eve English")
    )
    services_feedback.feedback_submit(
        token=tokens.make(britt, tokens.FEEDBACK), answers={"fb.heard": "yes"}
    )
    client = login_as(cast.worker)
    for based_on in (1, 2):
        assert _paper(client, held, based_on, **{"fb.heard": "no"}).status_code == 302
    refused = _paper(client, held, 3, **{"fb.heard": "no"})
    assert refused.status_code == 409
    assert "All 3 participants have answered already" in refused.content.decode()
    # Mads's and Eve's own links would now count someone twice: refused as well.
    for invitee in (mads, eve):
        with pytest.raises(FeedbackFull):
            services_feedback.feedback_submit(
                token=tokens.make(invitee, tokens.FEEDBACK), answers={"fb.heard": "yes"}
            )
    assert FeedbackResponse.objects.filter(meeting=held).count() == 3


def test_bad_paper_input_says_what_is_wrong_and_saves_nothing(held, invited, cast, login_as):
    client = login_as(cast.worker)
    cases = [
        ({"based_on": 0, "fb.heard": "very"}, "Choose one of the answers offered."),
        ({"based_on": 0, "comment": " "}, "Answer at least one question or write a comment."),
        ({"based_on": "x", "fb.heard": "yes"}, ""),
        ({"based_on": 0, "comment": "x" * 4001}, "Keep this to at most 4000 characters"),
    ]
    for data, message in cases:
        response = client.post(_url(held, "paper/"), data)
        assert response.status_code == 400, data
        assert message in response.content.decode()
    assert client.get(_url(held, "paper/")).status_code == 405
    assert not FeedbackResponse.objects.exists()


def test_no_paper_answers_before_the_meeting(invited, cast, login_as):
    client = login_as(cast.worker)
    response = _paper(client, invited, 0, **{"fb.heard": "yes"})
    assert response.status_code == 400
    assert not FeedbackResponse.objects.exists()
    assert 'id="feedback-paper-form"' not in client.get(_url(invited)).content.decode()


def test_the_feedback_page_reads_a_bounded_number_of_rows(
    held, cast, login_as, django_assert_max_num_queries
):
    client = login_as(cast.worker)
    for based_on in range(3):
        _paper(client, held, based_on, **{"fb.heard": "yes"})
    with django_assert_max_num_queries(40) as few:
        client.get(_url(held))
    for n in range(6):  # more people present: the same number of queries
        Invitee.objects.create(meeting=held, name=f"Extra {n}", phone=f"+45 {n}", channel="phone")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(held))
