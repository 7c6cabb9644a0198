"""Network meetings through the JSON API: the workflow, the policy and the log, bad input
answered 422 with nothing changed, a bounded list, and the calendar file read back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing.api import JSON, in_language, token_client
from omkreds.meetings import guide, services, services_invitations, services_memo
from omkreds.meetings.models import Action, Invitee, Meeting, Memo
from omkreds.meetings.tests.conftest import api_actions, at, reach_by_hand
from omkreds.meetings.tests.conftest import api_url as url
from omkreds.meetings.tests.conftest import meetings_url as base

# --- The workflow --------------------------------------------------------------------------


def test_decide_schedule_invite_send_and_reply_through_the_api(api, cast, smtp_server):
    response = api.post(
        base(cast),
        {
            "concern": "Rent arrears are growing.",
            "goal": "A plan for the flat.",
            "questions": ["How can the rent be paid?", "  ", "Who can help with letters?"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "decided"
    assert [q["text"] for q in data["questions"]] == [
        "How can the rent be paid?",
        "Who can help with letters?",
    ]
    assert len(data["preparation"]) == len(guide.PREPARATION.items)
    meeting = Meeting.objects.get(pk=data["id"])
    assert meeting.created_by == cast.worker

    when = {"starts_at": at(7, 10).isoformat(), "ends_at": at(7, 11, 30).isoformat()}
    body = {**when, "place": "R2", "based_on": _schedule_based_on(meeting)}
    response = api.post(url(meeting, "/schedule"), body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["meeting"]["duration_minutes"] == 90
    assert response.json()["warnings"] == []

    ids = _invite_four(api, cast, meeting)

    response = api.post(url(meeting, "/send"), content_type=JSON)
    assert response.status_code == 200, response.content
    sent = response.json()
    assert sorted(sent["emailed"]) == sorted([ids[0], ids[3]])
    assert [letter["invitee_id"] for letter in sent["letters"]] == [ids[1]]
    assert [call["invitee_id"] for call in sent["phone"]] == [ids[2]]
    assert "Wanda Worker" in sent["phone"][0]["script"]
    assert {e.recipients[0] for e in smtp_server.envelopes} == {
        "britt@example.se",
        "colleague@example.org",
    }
    # The letter link in the answer gives the PDF.
    letter = api.get(sent["letters"][0]["pdf_url"])
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")

    response = api.post(
        url(meeting, f"/invitees/{ids[1]}/reply"), {"reply": "maybe"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["reply"] == "maybe"

    detail = api.get(url(meeting)).json()
    assert detail["status"] == "invited"
    replies = {i["name"]: i["reply"] for i in detail["invitees"]}
    assert replies == {
        "Britt Syster": "pending",
        "Mads Nabo": "maybe",
        "Eve English": "pending",
        "Carl Colleague": "pending",
    }
    # The e-mails went; the letter and the call are current once printed and made.
    current = {i["name"]: i["invitation_current"] for i in detail["invitees"]}
    assert current == {
        "Britt Syster": True,
        "Mads Nabo": False,
        "Eve English": False,
        "Carl Colleague": True,
    }

    listed = api.get(base(cast)).json()
    assert listed["count"] == 1
    [row] = listed["items"]
    assert row["invitees"] == 4
    assert row["replies"] == {"pending": 3, "yes": 0, "no": 0, "maybe": 1}
    assert row["has_memo"] is False


def _schedule_based_on(meeting) -> str:
    return services.schedule_version(Meeting.objects.get(pk=meeting.pk))


def _ticks_based_on(meeting) -> str:
    return services.preparation_version(Meeting.objects.get(pk=meeting.pk))


def _invite_four(api, cast, meeting) -> list[int]:
    """One invitee per way in: e-mail, letter, phone, and a user of the organisation."""
    people = [
        {
            "name": "Britt Syster",
            "relation": "syster",
            "email": "britt@example.se",
            "language": "sv",
        },
        {"name": "Mads Nabo", "postal_address": "Nørregade 1", "channel": "letter"},
        {"name": "Eve English", "kind": "employee", "phone": "+45 12", "channel": "phone"},
        {"user_id": cast.colleague.pk},
    ]
    ids = []
    for person in people:
        response = api.post(url(meeting, "/invitees"), person, content_type=JSON)
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    assert response.json()["name"] == "Carl Colleague"
    assert response.json()["kind"] == "employee"

    return ids


def test_reads_and_changes_are_logged_with_the_meeting(api, cast, meeting):
    version = api.get(url(meeting)).json()["version"]
    api.patch(url(meeting), {"goal": "A new goal.", "based_on": version}, content_type=JSON)
    rows = AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, object_id=str(meeting.pk))
    assert list(rows.order_by("pk").values_list("action", "object_type")) == [
        ("view_meetings", "meeting"),
        ("edit_meetings", "meeting"),
    ]
    meeting.refresh_from_db()
    assert meeting.goal == "A new goal."
    assert meeting.concern.startswith("Rent arrears")


def test_removing_an_invitee_sent_by_e_mail_sends_a_cancellation(api, cast, invited, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    smtp_server.clear()
    britt = invited.invitees.get(name="Britt Syster")
    response = api.delete(url(invited, f"/invitees/{britt.pk}"))
    assert response.status_code == 200
    assert response.json() == {"removed": britt.pk, "cancellation_emailed": True}
    assert not Invitee.objects.filter(pk=britt.pk).exists()
    [envelope] = smtp_server.envelopes
    assert envelope.recipients == ["britt@example.se"]


def test_cancelling_tells_those_e_mailed_and_lists_the_rest(api, cast, invited, smtp_server):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    reach_by_hand(invited, cast.worker)
    smtp_server.clear()
    body = {"reason": "Illness", "based_on": _schedule_based_on(invited)}
    response = api.post(url(invited, "/cancel"), body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert len(response.json()["emailed"]) == 1
    assert {p["name"] for p in response.json()["phone"]} == {"Mads Nabo", "Eve English"}
    invited.refresh_from_db()
    assert invited.status == "cancelled"
    assert invited.cancel_reason == "Illness"
    # Once cancelled, nothing more can be planned.
    body = {"based_on": _schedule_based_on(invited)}
    response = api.post(url(invited, "/cancel"), body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "This cannot be done while the meeting is cancelled."
    ]


# --- The calendar file ---------------------------------------------------------------------


def test_the_calendar_file_reads_back_as_the_meeting(api, cast, invited):
    britt = invited.invitees.get(name="Britt Syster")
    response = api.get(url(invited, f"/invitation.ics?invitee_id={britt.pk}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"{invited.pk}@omkreds"
    assert event["dtstart"].dt == invited.starts_at
    assert event["dtend"].dt == invited.ends_at
    assert str(event["location"]) == "Borgerservice, mødelokale 2"
    assert str(event["attendee"]) == "mailto:britt@example.se"
    # In Britt's language, with her reply link.
    assert str(event["summary"]) == in_language("sv", "Network meeting")
    assert f"/meetings/{invited.pk}/reply/" in str(event["description"])

    # Without an invitee: an entry for the caller's own calendar, with no reply link.
    own = Calendar.from_ical(api.get(url(invited, "/invitation.ics")).content)
    [event] = own.walk("VEVENT")
    assert str(event["attendee"]) == "mailto:worker@example.org"
    assert "/reply/" not in str(event["description"])
    assert "How can the rent be paid?" in str(event["description"])


def test_a_cancelled_meeting_gives_a_cancellation_under_the_same_uid(api, cast, invited):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    services_invitations.meeting_cancel(meeting=invited, by=cast.worker)
    invited.refresh_from_db()
    calendar = Calendar.from_ical(api.get(url(invited, "/invitation.ics")).content)
    assert str(calendar["method"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"{invited.pk}@omkreds"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == invited.sequence == 1


def test_no_calendar_file_before_the_meeting_has_a_time(api, meeting):
    response = api.get(url(meeting, "/invitation.ics"))
    assert response.status_code == 409
    assert response.json() == {"detail": "Set the time and place of the meeting first."}


# --- Bad input: 422 with a clear message, nothing changed ----------------------------------


def test_end_before_start_changes_nothing(api, scheduled):
    before = (scheduled.starts_at, scheduled.ends_at)
    response = api.post(
        url(scheduled, "/schedule"),
        {
            "based_on": _schedule_based_on(scheduled),
            "starts_at": at(3, 12).isoformat(),
            "ends_at": at(3, 11).isoformat(),
            "place": "X",
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"ends_at": ["The meeting must end after it starts."]}
    scheduled.refresh_from_db()
    assert (scheduled.starts_at, scheduled.ends_at, scheduled.place) == (
        *before,
        "Borgerservice, mødelokale 2",
    )


def test_a_time_in_the_past_is_saved_with_a_warning(api, meeting):
    response = api.post(
        url(meeting, "/schedule"),
        {
            "based_on": _schedule_based_on(meeting),
            "starts_at": at(-2, 10).isoformat(),
            "ends_at": at(-2, 11).isoformat(),
            "place": "X",
        },
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["in_past"] is True
    assert response.json()["warnings"] == ["The time you gave is in the past."]


def test_messages_are_in_the_callers_language(api, scheduled):
    response = api.post(
        url(scheduled, "/schedule"),
        {
            "based_on": _schedule_based_on(scheduled),
            "starts_at": at(3, 12).isoformat(),
            "ends_at": at(3, 11).isoformat(),
            "place": "X",
        },
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.json()["detail"] == in_language("da", "The change could not be made.")
    assert response.json()["errors"]["ends_at"] == [
        in_language("da", "The meeting must end after it starts.")
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"concern": "c", "goal": "g", "questions": []}, "questions"),
        ({"concern": " ", "goal": "g", "questions": ["q"]}, "concern"),
        ({"concern": "c" * 4001, "goal": "g", "questions": ["q"]}, "concern"),
        ({"concern": "c", "goal": "g", "questions": ["q"], "extra": 1}, "extra"),
        ({"concern": "c", "goal": "g"}, "questions"),
    ],
)
def test_a_bad_decision_creates_no_meeting(api, cast, body, field):
    response = api.post(base(cast), body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]
    assert not Meeting.objects.exists()


def test_overlong_text_is_told_its_limit(api, cast):
    response = api.post(
        base(cast), {"concern": "c" * 4001, "goal": "g", "questions": ["q"]}, content_type=JSON
    )
    assert response.json()["errors"]["concern"] == [
        "Keep this to at most 4000 characters (it has 4001)."
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Nobody"}, "__all__"),
        ({"name": "Britt again", "email": "BRITT@example.se"}, "name"),
        ({"name": "Letter", "email": "a@example.org", "channel": "letter"}, "postal_address"),
        ({"name": "Bad", "email": "not-an-address"}, "email"),
        ({"name": "Bad", "phone": "1", "channel": "pigeon"}, "channel"),
        ({"user_id": 999999}, "user_id"),
        ({"contact_id": "nobody"}, "contact_id"),
    ],
)
def test_bad_invitees_are_refused(api, cast, invited, body, field):
    before = invited.invitees.count()
    response = api.post(url(invited, "/invitees"), body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert invited.invitees.count() == before


def test_an_unreachable_invitee_is_told_how_to_fix_it(api, scheduled):
    response = api.post(url(scheduled, "/invitees"), {"name": "Nobody"}, content_type=JSON)
    assert response.json()["errors"]["__all__"] == [
        "Give a way to reach Nobody: an e-mail address, a postal address or a phone number."
    ]


def test_sending_without_invitees_sends_nothing(api, scheduled):
    response = api.post(url(scheduled, "/send"), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["Invite at least one person first."]}
    scheduled.refresh_from_db()
    assert scheduled.status == "decided"


def test_a_bad_reply_or_memo_changes_nothing(api, cast, invited):
    mads = invited.invitees.get(name="Mads Nabo")
    response = api.post(
        url(invited, f"/invitees/{mads.pk}/reply"), {"reply": "perhaps"}, content_type=JSON
    )
    assert response.status_code == 422
    mads.refresh_from_db()
    assert mads.reply == "pending"

    response = api.put(url(invited, "/memo"), {"summary": "s", "based_on": None}, content_type=JSON)
    assert response.status_code == 422
    [message] = response.json()["errors"]["__all__"]
    assert message.startswith("The memo can be written once the meeting has started (")

    invited.starts_at, invited.ends_at = at(0, 0, 1), at(7, 11, 30)
    invited.save(update_fields=["starts_at", "ends_at"])
    response = api.put(
        url(invited, "/memo"),
        {"summary": "s", "followup_at": at(6, 10).isoformat(), "based_on": None},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "followup_at": ["The follow-up meeting must be after this meeting."]
    }
    response = api.put(
        url(invited, "/memo"), {"recipients": [999999], "based_on": None}, content_type=JSON
    )
    assert response.status_code == 422
    assert "recipients" in response.json()["errors"]
    assert not Memo.objects.exists()
    invited.refresh_from_db()
    assert invited.status == "decided"


def test_an_action_needs_an_owner_and_an_invitee_of_this_meeting(api, cast, invited, meeting):
    response = api.post(url(invited, "/actions"), {"what": "Something"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"owner": ["Say who will do this."]}
    other = services.meeting_decide(
        citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
    )
    stranger = services_invitations.invitee_add(meeting=other, by=cast.worker, name="S", phone="1")
    response = api.post(
        url(invited, "/actions"),
        {"what": "Something", "owner_invitee_id": stranger.pk},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "owner_invitee_id" in response.json()["errors"]
    assert not Action.objects.exists()


def test_malformed_json_is_a_400(api, cast):
    response = api.post(base(cast), "{not json", content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    assert not Meeting.objects.exists()


# --- Out of reach: 404 ---------------------------------------------------------------------


def test_out_of_reach_is_absent(client, cast, invited):
    colleague = token_client(client, cast.colleague, cast.org)
    for path in (base(cast), url(invited), url(invited, "/invitation.ics"), url(invited, "/memo")):
        response = colleague.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    response = colleague.post(
        base(cast), {"concern": "c", "goal": "g", "questions": ["q"]}, content_type=JSON
    )
    assert response.status_code == 404
    assert Meeting.objects.count() == 1


def test_a_meeting_or_invitee_of_another_citizen_is_absent(api, cast, invited):
    # The worker's own citizen in the URL, another citizen's meeting id.
    other = services.meeting_decide(
        citizen=cast.colleague_citizen, by=cast.colleague, concern="c", goal="g", questions=["q"]
    )
    assert api.get(f"{base(cast)}/{other.pk}").status_code == 404
    assert api.get(url(other)).status_code == 404
    stranger = services_invitations.invitee_add(
        meeting=other, by=cast.colleague, name="S", phone="1"
    )
    response = api.post(
        url(invited, f"/invitees/{stranger.pk}/reply"), {"reply": "yes"}, content_type=JSON
    )
    assert response.status_code == 404
    assert api.delete(url(invited, f"/invitees/{stranger.pk}")).status_code == 404
    assert Invitee.objects.filter(pk=stranger.pk).exists()


def test_a_professional_reads_the_memo_only(client, cast, started):
    invited = started
    services_memo.memo_save(meeting=invited, by=cast.worker, summary="Agreed on a plan.")
    professional = token_client(client, cast.professional, cast.org)
    response = professional.get(url(invited, "/memo"))
    assert response.status_code == 200
    assert response.json()["summary"] == "Agreed on a plan."
    assert "email" not in str(response.json()["attendance"])
    assert professional.get(url(invited)).status_code == 404
    assert professional.get(base(cast)).status_code == 404
    assert professional.get(url(invited, "/feedback")).status_code == 404


def test_no_memo_yet_is_absent(api, invited):
    assert api.get(url(invited, "/memo")).status_code == 404


def test_anonymous_gets_401(client, cast, meeting):
    assert client.get(base(cast)).status_code == 401
    assert client.get(url(meeting, "/invitation.ics")).status_code == 401


# --- A bounded list ------------------------------------------------------------------------


def _meetings(cast, n: int) -> None:
    for i in range(n):
        meeting = services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="c", goal=f"g{i}", questions=["q"]
        )
        services_invitations.invitee_add(meeting=meeting, by=cast.worker, name="A", phone="1")
        services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name="B", email="b@example.org"
        )
        if i % 2:
            services.meeting_schedule(
                meeting=meeting, by=cast.worker, starts_at=at(-i, 9), ends_at=at(-i, 10), place="R"
            )
            services_memo.memo_save(meeting=meeting, by=cast.worker, summary="s")


def test_the_list_takes_the_same_queries_for_two_or_twenty_meetings(api, cast):
    _meetings(cast, 2)
    api.get(base(cast))  # the token's first use writes its time; not part of the list
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(base(cast)).json()["items"]) == 2
    _meetings(cast, 18)
    with CaptureQueriesContext(connection) as many:
        page = api.get(base(cast) + "?limit=50").json()
    assert len(page["items"]) == 20
    assert len(many) == len(few)
    assert {row["invitees"] for row in page["items"]} == {2}
    assert sum(row["has_memo"] for row in page["items"]) == 10


def _actions(cast, n: int) -> None:
    for i in range(n):
        meeting = services.meeting_decide(
            citizen=cast.citizen, by=cast.worker, concern="c", goal="g", questions=["q"]
        )
        person = services_invitations.invitee_add(
            meeting=meeting, by=cast.worker, name="P", phone="1"
        )
        services_memo.action_add(
            meeting=meeting, by=cast.worker, what=f"a{i}", owner_invitee=person
        )
        services_memo.action_add(
            meeting=meeting, by=cast.worker, what=f"b{i}", owner_user=cast.lead
        )


def test_the_citizens_actions_take_the_same_queries_for_few_or_many(api, cast):
    _actions(cast, 1)
    api.get(api_actions(cast))
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(api_actions(cast)).json()) == 2
    _actions(cast, 9)
    with CaptureQueriesContext(connection) as many:
        rows = api.get(api_actions(cast)).json()
    assert len(rows) == 20
    assert len(many) == len(few)
    assert {r["owner"] for r in rows} == {"P", str(cast.lead)}


def test_the_list_pages(api, cast):
    _meetings(cast, 3)
    page = api.get(base(cast) + "?limit=2&offset=2").json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 2, 1)
    assert api.get(base(cast) + "?limit=0").status_code == 422


def test_actions_path_is_not_read_as_a_meeting(api, cast, meeting):
    assert api.get(api_actions(cast)).status_code == 200


# --- The OpenAPI document ------------------------------------------------------------------


def test_the_openapi_document_lists_every_meeting_operation(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    prefix = "/api/v1/citizens/{citizen_id}/meetings"
    meeting = prefix + "/{meeting_id}"
    invitee = meeting + "/invitees/{invitee_id}"
    expected = {
        prefix: {"get", "post"},
        prefix + "/actions": {"get"},
        prefix + "/actions/{action_id}/done": {"post"},
        meeting: {"get", "patch"},
        meeting + "/preparation": {"post"},
        meeting + "/schedule": {"post"},
        meeting + "/cancel": {"post"},
        meeting + "/invitation.ics": {"get"},
        meeting + "/invitees": {"post"},
        invitee: {"delete"},
        invitee + "/reply": {"post"},
        invitee + "/letter.{fmt}": {"get"},
        meeting + "/send": {"post"},
        meeting + "/memo": {"get", "put"},
        meeting + "/memo/send": {"post"},
        meeting + "/actions": {"get", "post"},
        meeting + "/feedback": {"get"},
        meeting + "/feedback/send": {"post"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) == methods, path
    ics = schema["paths"][meeting + "/invitation.ics"]["get"]["responses"]["200"]
    assert "text/calendar" in ics["content"]


def test_changing_a_time_after_sending_asks_to_send_again(api, cast, invited):
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    response = api.post(
        url(invited, "/schedule"),
        {
            "based_on": _schedule_based_on(invited),
            "starts_at": at(8, 10).isoformat(),
            "ends_at": at(8, 11).isoformat(),
            "place": "Room 3",
        },
        content_type=JSON,
    )
    assert response.json()["needs_update"] is True
    assert response.json()["warnings"] == ["Send the invitations again to tell everyone."]
    assert response.json()["meeting"]["sequence"] == 1
    assert not any(i["invitation_current"] for i in response.json()["meeting"]["invitees"])


def test_preparation_ticks_make_the_meeting_prepared(api, meeting):
    for key in guide.PREPARATION.keys:
        body = {"item_key": key, "based_on": _ticks_based_on(meeting)}
        response = api.post(url(meeting, "/preparation"), body, content_type=JSON)
        assert response.status_code == 200
    assert response.json()["status"] == "prepared"
    body = {"item_key": "nope", "based_on": _ticks_based_on(meeting)}
    response = api.post(url(meeting, "/preparation"), body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"item_key": ["There is no such point in the guide."]}
