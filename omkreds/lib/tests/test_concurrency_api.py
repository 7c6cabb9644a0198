"""Parallel writers through the JSON API (issue 13, point 11): a meeting's decision (PATCH),
its memo, a council's questions and a CTI plan.

Every answer carries the `version` of what it shows; every write sends it back as `based_on`.
A write based on a version that is no longer current answers 409 and changes nothing, so no
writer is told "saved" while their change is not what the database holds (a lost update). A
PATCH changes only the fields sent, read under the row lock: people changing different fields
at the same moment keep every change once the refused ones have read again and resent.

The races are threads with their own PostgreSQL connections, meeting at a barrier (see
lib/tests/test_concurrency.py for why SQLite cannot run them). The one-after-the-other cases
run on every database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from omkreds.councils.models import CouncilQuestion
from omkreds.councils.tests.setup_councils import prepared
from omkreds.cti import services as cti
from omkreds.cti.models import CtiPlan
from omkreds.lib.testing import trust
from omkreds.lib.testing.api import JSON, token_client
from omkreds.lib.testing.race import race, racing
from omkreds.meetings import guide, services_memo
from omkreds.meetings import services as meetings
from omkreds.meetings.models import Meeting, Memo
from omkreds.meetings.tests.conftest import at, begun

K = 6


@dataclass
class Resource:
    """One thing written through the API: where it is read and written, how, and what the
    database holds."""

    name: str
    read_url: str
    write_url: str
    method: str
    version_of: Any  # the body read → its version
    body: Any  # (writer, version) → the body written
    stored: Any  # () → what the database holds, to compare with `written(writer)`
    written: Any  # writer → what that writer's body stores


def _meeting(cast) -> Meeting:
    meeting = meetings.meeting_decide(
        citizen=cast.citizen,
        by=cast.worker,
        concern="Rent arrears are growing.",
        goal="A plan for the flat.",
        questions=["How can the rent be paid?"],
    )
    meetings.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(7, 10), ends_at=at(7, 11), place="Room 2"
    )
    return meeting


def _meeting_resource(cast, name: str, citizen: str) -> Resource:
    meeting = _meeting(cast)
    url = f"{citizen}/meetings/{meeting.pk}"
    if name == "schedule":
        return Resource(
            name,
            url,
            url + "/schedule",
            "post",
            lambda body: body["schedule_version"],
            lambda i, version: {
                "starts_at": at(8, 10).isoformat(),
                "ends_at": at(8, 11).isoformat(),
                "place": f"Room of writer {i}",
                "based_on": version,
            },
            lambda: Meeting.objects.get(pk=meeting.pk).place,
            lambda i: f"Room of writer {i}",
        )
    key = guide.PREPARATION.keys[0]
    return Resource(
        name,
        url,
        url + "/preparation",
        "post",
        lambda body: body["preparation_version"],
        # Odd writers tick the point, even ones untick it: the last word must be kept.
        lambda i, version: {"item_key": key, "ticked": i % 2 == 1, "based_on": version},
        lambda: meeting.ticks.filter(item_key=key).exists(),
        lambda i: i % 2 == 1,
    )


def resource(cast, name: str) -> Resource:
    citizen = f"/api/v1/citizens/{cast.citizen.pk}"
    if name == "meeting":
        meeting = _meeting(cast)
        url = f"{citizen}/meetings/{meeting.pk}"
        return Resource(
            name,
            url,
            url,
            "patch",
            lambda body: body["version"],
            lambda i, version: {"goal": f"Goal of writer {i}", "based_on": version},
            lambda: Meeting.objects.get(pk=meeting.pk).goal,
            lambda i: f"Goal of writer {i}",
        )
    if name in ("schedule", "preparation"):
        return _meeting_resource(cast, name, citizen)
    if name == "memo":
        meeting = begun(_meeting(cast))  # a memo is written from the meeting's start
        services_memo.memo_save(meeting=meeting, by=cast.worker, summary="First draft.")
        url = f"{citizen}/meetings/{meeting.pk}/memo"
        return Resource(
            name,
            url,
            url,
            "put",
            lambda body: body["version"],
            lambda i, version: {"summary": f"Summary of writer {i}", "based_on": version},
            lambda: Memo.objects.get(meeting=meeting).summary,
            lambda i: f"Summary of writer {i}",
        )
    if name == "questions":
        council = prepared(cast)
        url = f"/api/v1/councils/{council.pk}"
        return Resource(
            name,
            url,
            url + "/questions",
            "put",
            lambda body: body["questions_version"],
            lambda i, version: {"questions": [f"Writer {i}'s question?"], "based_on": version},
            lambda: list(
                CouncilQuestion.objects.filter(council=council).values_list("text", flat=True)
            ),
            lambda i: [f"Writer {i}'s question?"],
        )
    course = cti.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=at(-120).date(), by=cast.worker
    )
    cti.plan_save(course=course, phase=1, by=cast.worker)
    url = f"/api/v1/cti/citizens/{cast.citizen.pk}/courses/{course.pk}/plans"
    return Resource(
        name,
        url,
        url + "/1",
        "put",
        lambda body: body[0]["version"],
        lambda i, version: {"action_plan_reference": f"SAG-{i}", "based_on": version},
        lambda: CtiPlan.objects.get(course=course, phase=1).action_plan_reference,
        lambda i: f"SAG-{i}",
    )


def _clients(cast, k: int) -> list[Client]:
    return [token_client(Client(), cast.worker, cast.org) for _ in range(k)]


def _write(client, res: Resource, body: dict):
    return getattr(client, res.method)(res.write_url, body, content_type=JSON)


NAMES = ["meeting", "schedule", "preparation", "memo", "questions", "plan"]


@racing
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", NAMES)
def test_parallel_api_writes_from_one_version_save_one_and_lose_nothing(cast, name):
    res = resource(cast, name)
    clients = _clients(cast, K)

    def write(i, barrier):
        version = res.version_of(clients[i].get(res.read_url).json())
        barrier.wait(timeout=60)
        response = _write(clients[i], res, res.body(i, version))
        return response.status_code, response.json()

    results, errors = race(K, write)

    assert errors == []
    saved = [i for i, (status, _body) in results.items() if status == 200]
    refused = [i for i, (status, _body) in results.items() if status == 409]
    assert len(saved) == 1 and len(refused) == K - 1, results
    lost = sum(1 for i in saved if res.stored() != res.written(i))
    for i in refused:
        body = results[i][1]
        assert body["detail"].startswith("Someone else")
        assert body["errors"] == {"__all__": [body["detail"]]}
    # Each refused writer does what the answer asks: read again, write again.
    for i in refused:
        version = res.version_of(clients[i].get(res.read_url).json())
        assert _write(clients[i], res, res.body(i, version)).status_code == 200
        assert res.stored() == res.written(i)
    trust.record(
        "concurrency",
        case=f"API {name}",
        writers=K,
        saves=K,
        successes=len(saved),
        conflicts=len(refused),
        conflicts_expected=K - 1,
        lost_updates=lost,
        errors=len(errors),
    )
    assert lost == 0


FIELDS = {
    "concern": "The rent is paid late every month.",
    "goal": "The rent is paid on time.",
    "why_not_own_tools": "The landlord no longer answers us.",
    "questions": ["Who can help with the bank?", "Who talks to the landlord?"],
}


@racing
@pytest.mark.django_db(transaction=True)
def test_parallel_patches_of_different_fields_keep_every_acknowledged_change(cast):
    meeting = _meeting(cast)
    url = f"/api/v1/citizens/{cast.citizen.pk}/meetings/{meeting.pk}"
    fields = list(FIELDS)
    clients = _clients(cast, len(fields))

    def patch(i, barrier):
        field = fields[i]
        version = clients[i].get(url).json()["version"]
        barrier.wait(timeout=60)
        answers = []
        for _attempt in range(10):
            body = {field: FIELDS[field], "based_on": version}
            response = clients[i].patch(url, body, content_type=JSON)
            answers.append(response.status_code)
            if response.status_code != 409:
                break
            version = clients[i].get(url).json()["version"]
        return answers

    results, errors = race(len(fields), patch)

    assert errors == []
    assert all(answers[-1] == 200 for answers in results.values()), results
    assert sum(answers.count(409) for answers in results.values()) >= 1
    meeting.refresh_from_db()
    assert (meeting.concern, meeting.goal, meeting.why_not_own_tools) == (
        FIELDS["concern"],
        FIELDS["goal"],
        FIELDS["why_not_own_tools"],
    )
    assert list(meeting.questions.values_list("text", flat=True)) == FIELDS["questions"]


# --- One writer after another, on every database ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_a_stale_or_missing_version_is_refused_and_changes_nothing(cast, name):
    res = resource(cast, name)
    mine, theirs = _clients(cast, 2)
    seen = res.version_of(mine.get(res.read_url).json())
    before = res.stored()
    assert _write(theirs, res, res.body(1, seen)).status_code == 200
    assert res.stored() == res.written(1) != before

    stale = _write(mine, res, res.body(2, seen))
    missing = res.body(2, seen)
    del missing["based_on"]

    assert stale.status_code == 409
    assert stale.json()["errors"] == {"__all__": [stale.json()["detail"]]}
    assert stale.json()["detail"].startswith("Someone else")
    assert _write(mine, res, missing).status_code == 422
    assert res.stored() == res.written(1)
    # Read again, the write goes through.
    fresh = res.version_of(mine.get(res.read_url).json())
    assert _write(mine, res, res.body(2, fresh)).status_code == 200
    assert res.stored() == res.written(2)


@pytest.mark.django_db
def test_a_patch_changes_only_the_fields_sent(cast):
    meeting = _meeting(cast)
    url = f"/api/v1/citizens/{cast.citizen.pk}/meetings/{meeting.pk}"
    client = _clients(cast, 1)[0]
    for field, value in FIELDS.items():
        version = client.get(url).json()["version"]
        response = client.patch(url, {field: value, "based_on": version}, content_type=JSON)
        assert response.status_code == 200, response.content
    body = client.get(url).json()
    assert {f: body[f] for f in ("concern", "goal", "why_not_own_tools")} == {
        f: FIELDS[f] for f in ("concern", "goal", "why_not_own_tools")
    }
    assert [q["text"] for q in body["questions"]] == FIELDS["questions"]
    # null keeps a value, as leaving it out does.
    version = body["version"]
    response = client.patch(url, {"goal": None, "based_on": version}, content_type=JSON)
    assert response.json()["goal"] == FIELDS["goal"]
    assert response.json()["version"] == version


@racing
@pytest.mark.django_db(transaction=True)
def test_a_cancel_and_a_new_time_from_one_version_never_both_happen(cast):
    """Three rounds of one writer moving the meeting and one cancelling it, both from the time
    and place they read: one wins, the other is refused and changes nothing."""
    outcomes = []
    for _round in range(3):
        meeting = _meeting(cast)
        url = f"/api/v1/citizens/{cast.citizen.pk}/meetings/{meeting.pk}"
        clients = _clients(cast, 2)

        def write(i, barrier, url=url, clients=clients):
            version = clients[i].get(url).json()["schedule_version"]
            barrier.wait(timeout=60)
            if i == 0:
                body = {
                    "starts_at": at(9, 10).isoformat(),
                    "ends_at": at(9, 11).isoformat(),
                    "place": "Room 9",
                    "based_on": version,
                }
                return clients[i].post(url + "/schedule", body, content_type=JSON).status_code
            body = {"reason": "Illness", "based_on": version}
            return clients[i].post(url + "/cancel", body, content_type=JSON).status_code

        results, errors = race(2, write)
        assert errors == []
        meeting.refresh_from_db()
        moved, cancelled = meeting.place == "Room 9", meeting.status == "cancelled"
        # Exactly one of the two happened, and the other writer was told so.
        assert moved != cancelled, results
        assert sorted(results.values())[0] == 200 and sorted(results.values())[1] in (409, 422)
        outcomes.append("moved" if moved else "cancelled")
    trust.record(
        "concurrency",
        case="API schedule against cancel",
        writers=2,
        saves=6,
        successes=len(outcomes),
        conflicts=3,
        conflicts_expected=3,
        lost_updates=0,
        errors=0,
    )
