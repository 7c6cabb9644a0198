"""Network meetings through the JSON API after the meeting: the memo with its actions and the
follow-up meeting, the memo sent to those agreed, and the participants' feedback."""

from omkreds.invitations import tokens
from omkreds.lib.testing.api import JSON
from omkreds.meetings import services_feedback, services_invitations, services_memo
from omkreds.meetings.models import Action, Invitee, Meeting
from omkreds.meetings.tests.conftest import api_actions, at
from omkreds.meetings.tests.conftest import api_url as url


def _held(meeting, cast, n_present: int = 3) -> list[Invitee]:
    """Yesterday's meeting, held, with `n_present` participants who can give feedback."""
    meeting.starts_at, meeting.ends_at, meeting.place = at(-1, 10), at(-1, 11), "Room"
    meeting.save()
    people = [
        services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name=f"Person {n}", email=f"p{n}@example.org"
        )
        for n in range(n_present)
    ]
    services_memo.memo_save(meeting=meeting, by=cast.worker, summary="Held.")
    return people


# --- Memo, actions, follow-up, feedback ----------------------------------------------------


def test_memo_with_actions_and_a_follow_up_meeting(api, cast, started):
    invited = started
    britt = invited.invitees.get(name="Britt Syster")
    mads = invited.invitees.get(name="Mads Nabo")
    question = invited.questions.first()
    response = api.put(
        url(invited, "/memo"),
        {
            "attendance": {str(britt.pk): True, str(mads.pk): False},
            "chair": "Britt",
            "notes": {str(question.pk): {"notes": "Talked", "decision": "Pay by transfer"}},
            "summary": "A good meeting.",
            "responsible_user_id": cast.worker.pk,
            "followup_at": at(40, 10).isoformat(),
            "successful": "yes",
            "recipients": [britt.pk],
            "based_on": None,
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    memo = response.json()
    assert memo["responsible"] == str(cast.worker)
    assert memo["notes"][0] == {
        "question_id": question.pk,
        "question": "How can the rent be paid?",
        "notes": "Talked",
        "decision": "Pay by transfer",
    }
    assert {a["name"]: a["present"] for a in memo["attendance"]} == {
        "Britt Syster": True,
        "Mads Nabo": False,
        "Eve English": None,
    }
    followup = Meeting.objects.get(follows=invited)
    assert memo["followup_meeting_id"] == str(followup.pk)
    invited.refresh_from_db()
    assert invited.status == "held"

    response = api.post(
        url(invited, "/actions"),
        {"what": "Call the landlord", "owner_invitee_id": britt.pk, "due_on": "2020-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    action = response.json()
    assert action["owner"] == "Britt Syster"
    assert action["owner_email"] == "britt@example.se"
    assert action["state"] == "overdue"

    assert [a["what"] for a in api.get(url(invited, "/actions")).json()] == ["Call the landlord"]
    assert [a["what"] for a in api.get(api_actions(cast)).json()] == ["Call the landlord"]
    assert api.get(url(invited, "/memo")).json()["actions"][0]["what"] == "Call the landlord"

    response = api.post(f"{api_actions(cast)}/{action['id']}/done", {}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["state"] == "done"
    assert api.get(api_actions(cast) + "?open_only=true").json() == []
    assert Action.objects.get(pk=action["id"]).done_by == cast.worker


def test_memo_is_sent_to_those_agreed(api, cast, started, smtp_server):
    invited = started
    britt = invited.invitees.get(name="Britt Syster")
    services_memo.memo_save(meeting=invited, by=cast.worker, recipients=[britt.pk])
    response = api.post(url(invited, "/memo/send"), content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json() == {"sent_to": [britt.pk], "failed": [], "to_print": [], "to_call": []}
    [envelope] = smtp_server.envelopes
    assert envelope.recipients == ["britt@example.se"]


def test_feedback_results_are_withheld_below_three_answers(api, cast, meeting):
    people = _held(meeting, cast)
    for person in people[:2]:
        token = tokens.make(person, tokens.FEEDBACK)
        services_feedback.feedback_submit(token=token, answers={"fb.heard": "yes"}, comment="Good")
    response = api.get(url(meeting, "/feedback"))
    assert response.status_code == 200
    assert response.json() == {
        "responses": 2,
        "invited": 3,
        "withheld": True,
        "questions": [],
        "comments": [],
    }

    services_feedback.feedback_submit(
        token=tokens.make(people[2], tokens.FEEDBACK), answers={"fb.heard": "no"}
    )
    results = api.get(url(meeting, "/feedback")).json()
    assert results["withheld"] is False
    heard = next(q for q in results["questions"] if q["key"] == "fb.heard")
    assert heard["counts"] == {"yes": 2, "partly": 0, "no": 1}
    assert heard["text"] == "Did the participants listen, and were you heard?"
    assert results["comments"] == ["Good", "Good"]


def test_feedback_links_go_to_those_present(api, cast, meeting, smtp_server):
    _held(meeting, cast)
    response = api.post(url(meeting, "/feedback/send"), content_type=JSON)
    assert response.status_code == 200, response.content
    assert len(response.json()["sent_to"]) == 3
    assert len(smtp_server.envelopes) == 3
