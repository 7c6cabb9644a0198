"""The meetings API's writes of time and place, preparation and cancelling name the version
they were based on: one based on an old read is 409 and changes nothing (issue 13). The
parallel versions of these races are in lib/tests/test_concurrency_api.py (PostgreSQL)."""

from omkreds.lib.testing.api import JSON
from omkreds.meetings import guide, services
from omkreds.meetings.tests.conftest import api_url as url
from omkreds.meetings.tests.conftest import at


def test_a_schedule_a_tick_and_a_cancel_based_on_an_old_read_are_409(api, cast, scheduled):
    read = api.get(url(scheduled, "")).json()
    # Meanwhile a colleague moves the meeting and ticks a point of the preparation.
    services.meeting_schedule(
        meeting=scheduled, by=cast.lead, starts_at=at(9, 10), ends_at=at(9, 11), place="Room 9"
    )
    services.meeting_prepare_tick(
        meeting=scheduled, item_key=guide.PREPARATION.keys[0], by=cast.lead
    )
    writes = [
        (
            "/schedule",
            {
                "starts_at": at(8, 10).isoformat(),
                "ends_at": at(8, 11).isoformat(),
                "place": "Room 8",
                "based_on": read["schedule_version"],
            },
        ),
        (
            "/preparation",
            {"item_key": guide.PREPARATION.keys[1], "based_on": read["preparation_version"]},
        ),
        ("/cancel", {"reason": "Illness", "based_on": read["schedule_version"]}),
    ]
    for tail, body in writes:
        response = api.post(url(scheduled, tail), body, content_type=JSON)
        assert response.status_code == 409, (tail, response.content)
        assert response.json()["detail"].startswith("Someone else changed this meeting")
    scheduled.refresh_from_db()
    assert (scheduled.place, scheduled.cancelled_at) == ("Room 9", None)
    assert set(scheduled.ticks.values_list("item_key", flat=True)) == {guide.PREPARATION.keys[0]}
    # Read again, and the same writes go through.
    for tail, body in writes:
        fresh = api.get(url(scheduled, "")).json()
        version = fresh["preparation_version" if tail == "/preparation" else "schedule_version"]
        response = api.post(url(scheduled, tail), {**body, "based_on": version}, content_type=JSON)
        assert response.status_code == 200, (tail, response.content)
    scheduled.refresh_from_db()
    assert scheduled.status == "cancelled"
