"""Concurrent edits (issue 8, figure 6): K people save the same thing at the same moment.

Each writer is a thread with its own database connection. All of them first read what their
screen would show (the version they start from), wait for each other at a barrier, then save.
Exactly one save may win; every other writer must get a conflict, and no writer may be told
"saved" while their change is not what the database now holds (a lost update).

Counted per case and written to test-report/trust-concurrency.json:
- lost_updates: writers told "saved" whose change the latest state does not hold;
- conflicts: writers refused because someone saved first.
The map case then lets every refused writer do what the editor asks of them (reload, redo,
save again) until all have saved, and checks that every change is in the final map.

Runs on PostgreSQL (row locks). On SQLite it is skipped: the test database is in memory with
a shared cache, where a second writer is refused at once ("database table is locked") rather
than made to wait; a SQLite file in production serialises writers (IMMEDIATE transactions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client

from omkreds.accounts.models import ApiToken
from omkreds.cti import services as cti
from omkreds.cti.errors import AnswerChanged
from omkreds.cti.models import ChecklistAnswer, current_answers
from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import login
from omkreds.lib.testing.race import BARRIER_SECONDS, race, racing
from omkreds.meetings import services as meetings
from omkreds.meetings import services_memo
from omkreds.meetings.errors import MemoChanged
from omkreds.meetings.models import Memo
from omkreds.meetings.tests.conftest import at, begun
from omkreds.networks.services import MapConflict, map_latest, map_save
from omkreds.networks.tests.helpers import contact, data

pytestmark = pytest.mark.django_db(transaction=True)

K = 8


@dataclass
class Outcome:
    saved: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def race_writes(
    k: int, read: Callable[[int], object], write: Callable[[int, object], object], conflict
) -> Outcome:
    """Run k writers: each reads, all meet at the barrier, then each writes once."""

    def writer(i: int, barrier) -> str:
        seen = read(i)
        barrier.wait(timeout=BARRIER_SECONDS)
        try:
            write(i, seen)
        except conflict:
            return "conflict"
        return "saved"

    results, errors = race(k, writer)
    return Outcome(
        saved=[i for i, result in results.items() if result == "saved"],
        conflicts=[i for i, result in results.items() if result == "conflict"],
        errors=errors,
    )


def report(case: str, outcome: Outcome, lost: int, **extra) -> None:
    trust.record(
        "concurrency",
        case=case,
        writers=K,
        saves=K,
        successes=len(outcome.saved),
        conflicts=len(outcome.conflicts),
        conflicts_expected=K - 1,
        lost_updates=lost,
        errors=len(outcome.errors),
        **extra,
    )


# --- The network map ------------------------------------------------------------------------


def _person(i: int) -> dict:
    return contact(f"w{i}", f"Writer {i}", angle=10.0 + 40 * (i % 8))


@racing
def test_parallel_map_saves_lose_nothing(cast):
    citizen, author = cast.citizen, cast.worker
    map_save(citizen=citizen, author=author, document=data([contact("anna")]), based_on=None)

    def read(i):
        latest = map_latest(citizen=citizen)
        return latest.number, latest.document

    def write(i, seen):
        number, document = seen
        document = {**document, "contacts": [*document["contacts"], _person(i)]}
        map_save(citizen=citizen, author=author, document=document, based_on=number)

    outcome = race_writes(K, read, write, MapConflict)
    latest = map_latest(citizen=citizen)
    on_map = {c["id"] for c in latest.document["contacts"]}
    lost = sum(1 for i in outcome.saved if f"w{i}" not in on_map)

    # Each refused writer does what the conflict message asks: reload, redo, save again.
    for i in outcome.conflicts:
        write(i, read(i))
    final = {c["id"] for c in map_latest(citizen=citizen).document["contacts"]}
    missing_after_retry = sorted(f"w{i}" for i in range(K) if f"w{i}" not in final)
    versions = latest.map.versions.count()
    report("map", outcome, lost, missing_after_retry=len(missing_after_retry), versions=versions)

    assert outcome.errors == []
    assert (len(outcome.saved), len(outcome.conflicts), lost) == (1, K - 1, 0)
    assert missing_after_retry == []
    assert versions == 1 + K
    assert sorted(latest.map.versions.values_list("number", flat=True)) == list(range(1, K + 2))


# --- The meeting memo -------------------------------------------------------------------------


@pytest.fixture
def scheduled(cast):
    meeting = meetings.meeting_decide(
        citizen=cast.citizen,
        by=cast.worker,
        concern="Rent arrears are growing.",
        why_not_own_tools="Our weekly talks no longer move anything.",
        goal="A plan for the flat.",
        questions=["How can the rent be paid?"],
    )
    meetings.meeting_schedule(
        meeting=meeting, by=cast.worker, starts_at=at(7, 10), ends_at=at(7, 11), place="Room 2"
    )
    meeting.refresh_from_db()
    return meeting


@racing
def test_parallel_memo_saves_lose_nothing(cast, scheduled):
    begun(scheduled)  # a memo is written from the meeting's start
    services_memo.memo_save(meeting=scheduled, by=cast.worker, summary="First draft.")

    def read(i):
        # Each writer has the meeting page open: its own copy of the meeting and memo.
        memo = Memo.objects.select_related("meeting").get(meeting=scheduled)
        return memo.meeting, services_memo.memo_version(memo)

    def write(i, seen):
        meeting, version = seen
        services_memo.memo_save(
            meeting=meeting, by=cast.worker, summary=f"Writer {i}'s summary.", based_on=version
        )

    outcome = race_writes(K, read, write, MemoChanged)
    final = Memo.objects.get(meeting=scheduled).summary
    lost = sum(1 for i in outcome.saved if final != f"Writer {i}'s summary.")
    report("meeting memo", outcome, lost)

    assert outcome.errors == []
    assert (len(outcome.saved), len(outcome.conflicts), lost) == (1, K - 1, 0)


# --- A CTI checklist answer -------------------------------------------------------------------

ITEM = "p1.housing.02"


@racing
def test_parallel_checklist_answers_lose_nothing(cast):
    course = cti.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=at(-120).date(), by=cast.worker
    )
    cti.checklist_answer(course=course, item_key=ITEM, answer="no", by=cast.worker)

    def read(i):
        return current_answers(course)[ITEM].pk

    def write(i, seen):
        cti.checklist_answer(
            course=course,
            item_key=ITEM,
            answer="yes" if i % 2 else "irrelevant",
            note=f"writer {i}",
            by=cast.worker,
            based_on=seen,
        )

    outcome = race_writes(K, read, write, AnswerChanged)
    final = current_answers(course)[ITEM]
    lost = sum(1 for i in outcome.saved if final.note != f"writer {i}")
    report("CTI checklist answer", outcome, lost)

    assert outcome.errors == []
    assert (len(outcome.saved), len(outcome.conflicts), lost) == (1, K - 1, 0)
    assert ChecklistAnswer.objects.filter(course=course, item_key=ITEM).count() == 2


# --- One stale writer, on every database ------------------------------------------------------


def test_a_stale_memo_save_is_refused_and_changes_nothing(cast, scheduled):
    begun(scheduled)  # a memo is written from the meeting's start
    assert services_memo.memo_version(None) is None
    first = services_memo.memo_save(meeting=scheduled, by=cast.worker, summary="A", based_on=None)
    seen = services_memo.memo_version(first)
    services_memo.memo_save(meeting=scheduled, by=cast.lead, summary="B", based_on=seen)
    with pytest.raises(MemoChanged):
        services_memo.memo_save(meeting=scheduled, by=cast.worker, summary="C", based_on=seen)
    with pytest.raises(MemoChanged):
        services_memo.memo_save(meeting=scheduled, by=cast.worker, summary="D", based_on=None)
    assert Memo.objects.get(meeting=scheduled).summary == "B"


def test_a_stale_checklist_answer_is_refused_and_stores_nothing(cast):
    course = cti.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=at(-120).date(), by=cast.worker
    )
    first = cti.checklist_answer(
        course=course, item_key=ITEM, answer="no", by=cast.worker, based_on=None
    )
    cti.checklist_answer(
        course=course, item_key=ITEM, answer="yes", by=cast.lead, based_on=first.pk
    )
    with pytest.raises(AnswerChanged):
        cti.checklist_answer(
            course=course, item_key=ITEM, answer="irrelevant", by=cast.worker, based_on=first.pk
        )
    with pytest.raises(AnswerChanged):
        cti.checklist_answer(
            course=course, item_key=ITEM, answer="irrelevant", by=cast.worker, based_on=None
        )
    assert current_answers(course)[ITEM].answer == "yes"
    assert ChecklistAnswer.objects.filter(course=course, item_key=ITEM).count() == 2


# --- The same through the pages ---------------------------------------------------------------


def _based_on(response) -> str:
    return re.search(r'name="based_on" value="([^"]*)"', response.content.decode()).group(1)


def test_memo_page_refuses_a_save_over_a_newer_memo(cast, scheduled, client, login_as):
    begun(scheduled)  # a memo is written from the meeting's start
    url = f"/citizens/{cast.citizen.pk}/meetings/{scheduled.pk}/memo/"
    login_as(cast.worker)
    mine = _based_on(client.get(url))
    theirs = Client()
    login(theirs, cast.lead)
    assert _based_on(theirs.get(url)) == mine == "new"
    assert theirs.post(url, {"summary": "Theirs.", "based_on": mine}).status_code == 302

    response = client.post(url, {"summary": "Mine.", "based_on": mine})
    assert response.status_code == 400
    assert "Someone else saved the memo" in response.content.decode()
    assert Memo.objects.get(meeting=scheduled).summary == "Theirs."
    # Reloaded, the page is based on their memo, and saving works.
    fresh = _based_on(client.get(url))
    assert fresh == services_memo.memo_version(Memo.objects.get(meeting=scheduled))
    assert client.post(url, {"summary": "Mine.", "based_on": fresh}).status_code == 302
    assert Memo.objects.get(meeting=scheduled).summary == "Mine."


def _item_based_on(response, key: str) -> str:
    html = response.content.decode()
    pattern = rf'name="item_key" value="{re.escape(key)}"[^>]*><input type="hidden" name="based_on" value="([^"]*)"'
    return re.search(pattern, html).group(1)


def test_checklist_page_refuses_an_answer_over_a_newer_one(cast, client, login_as):
    course = cti.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=at(-120).date(), by=cast.worker
    )
    page = f"/citizens/{cast.citizen.pk}/cti/{course.pk}/checklist/1/"
    login_as(cast.worker)
    mine = _item_based_on(client.get(page), ITEM)
    assert mine == "new"
    theirs = Client()
    login(theirs, cast.lead)
    answer = {"item_key": ITEM, "answer": "yes", "note": "Theirs", "based_on": mine}
    assert theirs.post(page + "answer/", answer).status_code == 302

    htmx = {"HTTP_HX_REQUEST": "true"}
    answer = {"item_key": ITEM, "answer": "no", "note": "Mine", "based_on": mine}
    response = client.post(page + "answer/", answer, **htmx)
    assert "Someone else answered this item" in response.content.decode()
    assert current_answers(course)[ITEM].note == "Theirs"
    # The row now shows their answer and is based on it: saving again answers over it.
    again = _item_based_on(response, ITEM)
    assert again == str(current_answers(course)[ITEM].pk)
    client.post(page + "answer/", {**answer, "based_on": again}, **htmx)
    assert current_answers(course)[ITEM].note == "Mine"


def test_checklist_api_answers_409_over_a_newer_answer(cast, client):
    course = cti.course_start(
        citizen=cast.citizen, worker=cast.worker, started_on=at(-120).date(), by=cast.worker
    )
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="test")
    url = f"/api/v1/cti/citizens/{cast.citizen.pk}/courses/{course.pk}/answers"

    def post(**body):
        return client.post(
            url,
            {"item_key": ITEM, "answer": "yes", **body},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    first = post(based_on=None)
    assert first.status_code == 201
    response = post(based_on=None, note="stale")
    assert response.status_code == 409
    assert "Someone else answered this item" in response.json()["detail"]
    assert post(based_on=first.json()["id"], note="fresh").status_code == 201
    assert post(note="no check, as before").status_code == 201
    assert ChecklistAnswer.objects.filter(course=course).count() == 3
