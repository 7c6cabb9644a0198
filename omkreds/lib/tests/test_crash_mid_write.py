"""Crash mid-write (issue 8, figure 7): a failure injected at each step of a multi-step write
leaves no partial records and no orphan files.

Each workflow is first run once and rolled back, counting its write statements (INSERT, UPDATE,
DELETE). Then it is run again once per step, with an exception raised instead of that step:
at the n-th write statement (through Django's execute wrappers, so the statement never reaches
the database), and where files or mail are involved, half-way through writing the file or when
the n-th e-mail is queued. After each crash the whole database (every table except the access
log and sessions) and the private file storage are compared with before:
- partial_records: rows added, removed or changed by the failed workflow;
- orphan_files: files left in the private storage.
Counted per workflow and step, written to test-report/trust-crash.json.

Invitations are the one workflow that is allowed to stop half-way, because mail cannot be
rolled back: once the meeting is saved as invited, each e-mail goes out on its own. There the
rule is that no invitee is marked as sent without the mail having arrived, and that sending
again reaches exactly those who were missed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.cti import services as cti
from omkreds.invitations.choices import Channel
from omkreds.lib.testing import trust
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import services as meetings
from omkreds.meetings import services_invitations
from omkreds.meetings.models import MeetingStatus
from omkreds.meetings.models_delivery import (
    SENDING_STALE_AFTER,
    Delivery,
    DeliveryChannel,
    DeliveryState,
)
from omkreds.meetings.tasks import send_delivery_mails
from omkreds.meetings.tests.conftest import at
from omkreds.networks.models_overview import ContactPhoto
from omkreds.networks.overview.services import photo_attach
from omkreds.networks.services import MapConflict, map_latest, map_save
from omkreds.networks.tests.overview.helpers import picture, save_people

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
# Not part of any workflow's own data: the access log records the attempt, sessions the visit.
NOT_COMPARED = {AccessLogEntry._meta.db_table, "django_session"}


class InjectedCrash(Exception):
    """The failure a test injects; nothing in the product catches it on purpose."""


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path) -> Path:
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@contextmanager
def crash_at_write(n: int | None):
    """Count write statements; raise InjectedCrash in place of the n-th (1-based)."""
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            seen.append(" ".join(sql.split()[:3]).replace('"', ""))
            if len(seen) == n:
                raise InjectedCrash(f"write {n}: {seen[-1]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def snapshot(root: Path) -> tuple[dict[str, Counter], set[str]]:
    rows: dict[str, Counter] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            if table in NOT_COMPARED or table.startswith("axes_"):
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = Counter(repr(row) for row in cursor.fetchall())
    files = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    return rows, files


def changes(before, after) -> tuple[dict[str, int], list[str]]:
    (rows_before, files_before), (rows_after, files_after) = before, after
    tables = {}
    for table, counted in rows_after.items():
        old = rows_before.get(table, Counter())
        changed = sum(((counted - old) + (old - counted)).values())
        if changed:
            tables[table] = changed
    return tables, sorted(files_after - files_before)


def crash_each_step(workflow: str, run, root: Path, *, extra_steps: dict | None = None) -> list:
    """Run `run` once to count its writes (rolled back), then crash it at each step.

    `extra_steps` maps a step's name to a context manager factory that injects a crash there
    (a file written half, an e-mail queued). Returns the outcome of every step."""
    start_files = snapshot(root)[1]
    with transaction.atomic():
        with crash_at_write(None) as writes:
            run()
        transaction.set_rollback(True)
    for name in snapshot(root)[1] - start_files:  # the counting run's own files
        (root / name).unlink()
    assert writes, f"{workflow}: the workflow wrote nothing"

    steps = dict(extra_steps or {})
    for n, statement in enumerate(writes, start=1):
        steps[f"write {n}: {statement}"] = lambda n=n: crash_at_write(n)

    outcomes = []
    for step, inject in steps.items():
        before = snapshot(root)
        crashed = False
        with transaction.atomic():
            try:
                with inject():
                    run()
            except InjectedCrash:
                crashed = True
            # A write that failed outside the workflow's own transaction marks ours for rollback;
            # in production (autocommit) what came before it would stay, so look at it.
            transaction.set_rollback(False)
            after = snapshot(root)
            transaction.set_rollback(True)
        for name in after[1] - before[1]:
            (root / name).unlink()
        tables, files = changes(before, after)
        outcomes.append({"step": step, "crashed": crashed, "tables": tables, "files": files})
    trust.record(
        "crash",
        workflow=workflow,
        injections=len(outcomes),
        partial_records=sum(sum(o["tables"].values()) for o in outcomes),
        orphan_files=sum(len(o["files"]) for o in outcomes),
        steps=outcomes,
    )
    return outcomes


def assert_clean(outcomes) -> None:
    assert [o for o in outcomes if not o["crashed"] or o["tables"] or o["files"]] == []


# --- A map saved with a photo -------------------------------------------------------------------


@contextmanager
def file_written_half(monkeypatch):
    """The disk fills up half-way through the photo file."""

    def half(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise InjectedCrash("the file was written half")

    with monkeypatch.context() as patch:
        patch.setattr(FileSystemStorage, "_save", half)
        yield


def test_map_save_with_photo_leaves_nothing_behind(cast, private_storage, monkeypatch):
    version = save_people(cast)
    raw = picture("JPEG", (640, 480))

    def run():
        photo_attach(
            citizen=cast.citizen,
            author=cast.worker,
            contact_id="mor",
            upload=SimpleUploadedFile("p.jpg", raw),
            based_on=version.number,
            note="photo",
        )

    outcomes = crash_each_step(
        "map save with photo",
        run,
        private_storage,
        extra_steps={"file written half": lambda: file_written_half(monkeypatch)},
    )
    assert_clean(outcomes)
    assert len(outcomes) >= 3  # the file, the photo row, the map version
    # And without a crash the photo and the version are both there.
    run()
    photo = ContactPhoto.objects.get(citizen=cast.citizen)
    assert map_latest(citizen=cast.citizen).parsed().contact("mor").photo == photo.key
    assert (private_storage / photo.file.name).is_file()


def test_a_conflicting_photo_upload_keeps_neither_row_nor_file(cast, private_storage):
    version = save_people(cast)
    map_save(
        citizen=cast.citizen,
        author=cast.lead,
        document=version.document,
        based_on=version.number,
        note="someone else",
    )
    before = snapshot(private_storage)
    with pytest.raises(MapConflict):
        photo_attach(
            citizen=cast.citizen,
            author=cast.worker,
            contact_id="mor",
            upload=SimpleUploadedFile("p.jpg", picture()),
            based_on=version.number,
        )
    assert changes(before, snapshot(private_storage)) == ({}, [])


# --- A phase shift in a CTI course --------------------------------------------------------------


def test_phase_shift_leaves_nothing_behind(cast, private_storage):
    course = cti.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=timezone.localdate() - dt.timedelta(days=120),
        by=cast.worker,
    )

    def run():
        cti.phase_shift(
            course=course,
            to_phase=1,
            on=timezone.localdate() - dt.timedelta(days=80),
            by=cast.worker,
        )

    outcomes = crash_each_step("CTI phase shift", run, private_storage)
    assert_clean(outcomes)
    assert len(outcomes) >= 2  # the course's date, the course event


# --- A meeting with invitations -----------------------------------------------------------------


def make_invited(cast):
    """A scheduled meeting with two e-mail invitees and one by letter."""
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
    for name, email in (("Britt", "britt@example.se"), ("Carl", "carl@example.se")):
        services_invitations.invitee_add(meeting=meeting, by=cast.worker, name=name, email=email)
    services_invitations.invitee_add(
        meeting=meeting,
        by=cast.worker,
        name="Mads",
        postal_address="Nørregade 1\n8000 Aarhus C",
        channel="letter",
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def invited(cast):
    return make_invited(cast)


def test_adding_an_invitee_leaves_nothing_behind(cast, invited, private_storage):
    def run():
        services_invitations.invitee_add(
            meeting=invited, by=cast.worker, name="Dora", email="dora@example.se"
        )

    outcomes = crash_each_step("meeting: invitee added", run, private_storage)
    assert_clean(outcomes)


@contextmanager
def queueing_fails():
    """Handing the e-mails to the task queue fails (the queue's database is gone)."""

    def enqueue(task, *args, **kwargs):
        raise InjectedCrash("queueing the e-mails")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(send_delivery_mails), "enqueue", enqueue)
        yield


def _sent_again(meeting, cast, smtp_server, emailed: set, arrived: Counter) -> tuple:  # noqa: F811
    """A few minutes later the worker presses "send" again: those missed get it, once each."""
    Delivery.objects.filter(meeting=meeting, state=DeliveryState.SENDING).update(
        updated_at=timezone.now() - SENDING_STALE_AFTER - dt.timedelta(minutes=1)
    )
    missed = emailed - set(arrived)
    smtp_server.clear()
    services_invitations.invitations_send(meeting=meeting, by=cast.worker)
    again = Counter(r for e in smtp_server.envelopes for r in e.recipients)
    unreached = sorted(r for r in missed if again[r] != 1)
    twice = sorted(set(again) - missed)
    return unreached, twice


def _lying(meeting, arrived: Counter) -> list[str]:
    """Invitees or delivery rows marked as sent without the mail having arrived."""
    marked = meeting.invitees.filter(channel=Channel.EMAIL, sent_sequence=meeting.sequence)
    rows = Delivery.objects.filter(
        meeting=meeting, channel=DeliveryChannel.EMAIL, state=DeliveryState.SENT
    ).select_related("invitee")
    return [i.email for i in marked if arrived[i.email] == 0] + [
        f"row {r.invitee.email}" for r in rows if arrived[r.invitee.email] == 0
    ]


@pytest.mark.django_db(transaction=True)
def test_invitations_crashed_anywhere_are_completed_by_sending_again(
    cast,
    private_storage,
    smtp_server,  # noqa: F811  (the imported fixture)
):
    """Each step gets a meeting of its own and runs in real transactions, as a request does:
    the meeting and its delivery rows are saved under the meeting's lock, then the e-mails are
    handed to the mail task, which claims each row (queued -> being e-mailed), sends it and
    marks it sent or failed. The crash comes in place of the hand-over to the queue, or of any
    write, the task's claims and marks included (a task that fails does not undo the meeting).
    """
    meeting = make_invited(cast)
    with crash_at_write(None) as writes:
        services_invitations.invitations_send(meeting=meeting, by=cast.worker)
    assert sum("UPDATE meetings_delivery" in w for w in writes) >= 4  # 2 claims, 2 marks
    steps = {"queueing the e-mails": queueing_fails}
    steps |= {f"write {n}: {s}": (lambda n=n: crash_at_write(n)) for n, s in enumerate(writes, 1)}

    outcomes = []
    for step, inject in steps.items():
        meeting = make_invited(cast)
        emailed = {i.email for i in meeting.invitees.filter(channel=Channel.EMAIL)}
        before = snapshot(private_storage)
        smtp_server.clear()
        crashed = False
        try:
            with inject():
                services_invitations.invitations_send(meeting=meeting, by=cast.worker)
        except InjectedCrash:
            crashed = True
        meeting.refresh_from_db()
        arrived = Counter(r for e in smtp_server.envelopes for r in e.recipients)
        lying = _lying(meeting, arrived)
        tables, files, unreached, twice = {}, [], [], []
        if meeting.status == MeetingStatus.INVITED:
            # Saved as invited: sending again must reach those who were missed.
            unreached, twice = _sent_again(meeting, cast, smtp_server, emailed, arrived)
        else:
            tables, files = changes(before, snapshot(private_storage))
        outcomes.append(
            {
                "step": step,
                "crashed": crashed,
                "invited": meeting.status == MeetingStatus.INVITED,
                "tables": tables,
                "files": files,
                "marked_without_mail": lying,
                "unreached_after_sending_again": unreached,
                "sent_twice": twice,
            }
        )
    trust.record(
        "crash",
        workflow="meeting invitations",
        injections=len(outcomes),
        partial_records=sum(
            sum(o["tables"].values())
            + len(o["marked_without_mail"])
            + len(o["unreached_after_sending_again"])
            for o in outcomes
        ),
        orphan_files=sum(len(o["files"]) for o in outcomes),
        sent_twice=sum(len(o["sent_twice"]) for o in outcomes),
        steps=outcomes,
    )
    problems = [
        o
        for o in outcomes
        if o["tables"] or o["files"] or o["marked_without_mail"]
        or o["unreached_after_sending_again"]
    ]  # fmt: skip
    # A mail that went out but was not marked as sent goes out again: a duplicate, counted in
    # the report, is the price of never marking a mail as sent that did not go (at least once,
    # docs/decisions.md).
    assert problems == []
    # The crashes inside the task are caught by the queue (the task failed), not the request.
    assert outcomes[0]["crashed"] and outcomes[0]["invited"]
    assert sum(o["invited"] for o in outcomes) >= 6
