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

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from omkreds.councils.models import CouncilQuestion
from omkreds.councils.tests.setup_councils import prepared
from omkreds.cti import services as cti
from omkreds.cti.models import CtiPlan
from omkreds.lib.testing import trust
from omkreds.lib.testing.api import JSON, token_client
from omkreds.meetings import services as meetings
from omkreds.meetings import services_memo
from omkreds.meetings.models import Meeting, Memo
from omkreds.meetings.tests.conftest import at, begun

K = 6
racing = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database answers a second writer 'database table is "
    "locked' at once instead of waiting (shared cache); the races run on PostgreSQL in CI",
)


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


def _race(k: int, act) -> tuple[dict, list[str]]:
    """k threads: each prepares, all meet at a barrier, then each acts once."""
    barrier = threading.Barrier(k)
    results: dict = {}
    errors: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            outcome = act(i, barrier)
            with lock:
                results[i] = outcome
        except Exception as exc:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(f"{i}: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(k)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results, errors


NAMES = ["meeting", "memo", "questions", "plan"]


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

    results, errors = _race(K, write)

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

    results, errors = _race(len(fields), patch)

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
