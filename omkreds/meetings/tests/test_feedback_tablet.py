"""The worker's tablet handed to a participant at the end of the meeting (issue 13, point 3):
only the anonymous feedback form until the worker's password; the answer uses up the
participant's link; wrong passwords keep it locked, five end the session."""

import pytest
from django.urls import reverse

from omkreds.invitations import tokens
from omkreds.lib.testing.cast import PASSWORD
from omkreds.meetings import services_feedback
from omkreds.meetings.errors import FeedbackUsed
from omkreds.meetings.models import FeedbackResponse
from omkreds.meetings.tests.conftest import at


@pytest.fixture
def held(invited, cast):
    invited.starts_at, invited.ends_at = at(-1, 10), at(-1, 11)
    invited.status = "held"
    invited.save()
    return invited


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/feedback/{rest}"


def _hand_over(client, meeting, invitee):
    return client.post(_url(meeting, "tablet/"), {"invitee": invitee.pk})


def test_the_handed_over_tablet_reaches_the_feedback_form_only(held, cast, login_as):
    client = login_as(cast.worker)
    mads = held.invitees.get(name="Mads Nabo")
    response = _hand_over(client, held, mads)
    assert response.status_code == 302 and response.url == _url(held, "tablet/answer/")
    page = client.get(response.url).content.decode()
    assert "Your answers are anonymous" in page
    assert cast.citizen.name not in page and "Mads" not in page
    staff_pages = [
        "/",
        f"/citizens/{held.citizen_id}/",
        _url(held),
        f"/citizens/{held.citizen_id}/meetings/{held.pk}/",
        "/profile/",
    ]
    for path in staff_pages:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == _url(held, "tablet/answer/"), path
    # Someone else's answer cannot be typed in while it is handed over.
    assert client.post(_url(held, "paper/"), {"based_on": 0, "fb.heard": "yes"}).status_code == 302
    assert not FeedbackResponse.objects.exists()


def test_the_answer_on_the_tablet_is_anonymous_and_uses_up_the_link(held, cast, login_as):
    client = login_as(cast.worker)
    eve = held.invitees.get(name="Eve English")
    _hand_over(client, held, eve)
    bad = client.post(_url(held, "tablet/answer/"), {"fb.heard": "maybe"})
    assert bad.status_code == 400
    assert "Choose one of the answers offered." in bad.content.decode()
    response = client.post(
        _url(held, "tablet/answer/"), {"fb.heard": "yes", "fb.safe": "no", "comment": "Godt"}
    )
    assert response.status_code == 200
    assert 'id="tablet-thanks"' in response.content.decode()
    [answer] = FeedbackResponse.objects.filter(meeting=held)
    assert (answer.answers, answer.comment, answer.source) == (
        {"fb.heard": "yes", "fb.safe": "no"},
        "Godt",
        "tablet",
    )
    # A second press stores nothing more; Eve's own link is used up.
    client.post(_url(held, "tablet/answer/"), {"fb.heard": "no"})
    assert FeedbackResponse.objects.filter(meeting=held).count() == 1
    with pytest.raises(FeedbackUsed):
        services_feedback.feedback_submit(
            token=tokens.make(eve, tokens.FEEDBACK), answers={"fb.heard": "yes"}
        )


def test_the_worker_takes_the_tablet_back_with_their_password(held, cast, login_as):
    client = login_as(cast.worker)
    britt = held.invitees.get(name="Britt Syster")
    _hand_over(client, held, britt)
    for wrong in ("", "guess", PASSWORD.upper()):
        response = client.post(_url(held, "tablet/unlock/"), {"password": wrong})
        assert response.url == _url(held, "tablet/answer/")
        assert client.get(_url(held)).status_code == 302  # still locked
    response = client.post(_url(held, "tablet/unlock/"), {"password": PASSWORD})
    assert response.status_code == 302 and response.url == _url(held)
    page = client.get(_url(held))
    assert page.status_code == 200
    assert "Welcome back" in page.content.decode()
    # Britt did not answer: she may still, and the tablet can be handed to her again.
    assert f'value="{britt.pk}">Britt Syster' in page.content.decode()


def test_five_wrong_passwords_end_the_session(held, cast, login_as):
    client = login_as(cast.worker)
    _hand_over(client, held, held.invitees.get(name="Britt Syster"))
    for _ in range(4):
        client.post(_url(held, "tablet/unlock/"), {"password": "guess"})
    response = client.post(_url(held, "tablet/unlock/"), {"password": "guess"})
    assert response.url == reverse("accounts:login")
    response = client.get(_url(held))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_tablet_is_handed_only_to_someone_present_who_has_not_answered(
    held, invited, cast, login_as
):
    client = login_as(cast.worker)
    britt, mads, eve = (
        held.invitees.get(name=n) for n in ("Britt Syster", "Mads Nabo", "Eve English")
    )
    services_feedback.feedback_submit(
        token=tokens.make(britt, tokens.FEEDBACK), answers={"fb.heard": "yes"}
    )
    mads.present = False
    mads.save(update_fields=["present"])
    for someone in (britt, mads):
        response = _hand_over(client, held, someone)
        assert response.url == _url(held)
        assert client.get(_url(held)).status_code == 200  # not locked
    page = client.get(_url(held)).content.decode()
    assert f'value="{eve.pk}">Eve English' in page
    assert "Britt Syster</option>" not in page and "Mads Nabo</option>" not in page
    assert client.get(_url(held, "tablet/")).status_code == 405
    assert client.get(_url(held, "tablet/answer/")).url == _url(held)  # nothing handed over
