"""Benchmark rows for network meetings (seed 002): the chair's run sheet, the memo as PDF, and
sending the invitations of a meeting with 20 people invited by e-mail.

The sizes are those of a real network meeting: the guide's meetings gather the citizen's close
ones and the employees involved, a dozen people, and a handful of questions. Each row gets its
own citizen, so the other rows' data does not change these.
"""

from __future__ import annotations

import datetime as dt

from bench.operations import FIRST, LAST, Call, World, operation

RUN_SHEET_INVITEES = 12
QUESTIONS = 6
MEMO_ACTIONS = 8
SEND_INVITEES = 20
LANGUAGES = ("da", "sv", "en")

NOTE = (
    "Everyone said what they can do. The citizen wants to keep the flat and asked for help "
    "with the letters from the housing association; her sister can come on Sundays."
)


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    day = dt.date.today() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _citizen(world: World, label: str):
    from omkreds.citizens.models import Citizen

    return Citizen.objects.create(
        organisation=world.organisation,
        team=world.team,
        name=f"Meeting {label} {FIRST[len(label) % len(FIRST)]}sen",
        date_of_birth=dt.date(1981, 5, 17),
        primary_worker=world.worker,
    )


def _meeting(world: World, citizen, *, invitees: int, days: int = 7):
    """A decided and scheduled meeting with `invitees` people, all invited by e-mail, in the
    three languages, close ones and employees mixed."""
    from omkreds.meetings import services, services_invitations

    meeting = services.meeting_decide(
        citizen=citizen,
        by=world.worker,
        concern="Rent arrears are growing and the letters stay unopened.",
        why_not_own_tools="Our weekly talks no longer move anything.",
        goal="A plan for the flat and for daily support that everyone knows.",
        questions=[
            f"Question {n + 1}: who can help with this part of the plan?" for n in range(QUESTIONS)
        ],
    )
    services.meeting_schedule(
        meeting=meeting,
        by=world.worker,
        starts_at=_at(days, 10),
        ends_at=_at(days, 11, 30),
        place="Borgerservice, mødelokale 2",
    )
    for n in range(invitees):
        services_invitations.invitee_add(
            meeting=meeting,
            by=world.worker,
            name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]} {n}",
            kind="employee" if n % 3 == 2 else "close",
            relation="sister" if n % 3 != 2 else "housing officer",
            email=f"invitee{n}.{meeting.pk.hex[:8]}@bench.invalid",
            language=LANGUAGES[n % len(LANGUAGES)],
        )
    meeting.refresh_from_db()
    return meeting


# --- The run sheet ----------------------------------------------------------------------------


def make_run_sheet(world: World) -> None:
    from omkreds.meetings import services_invitations

    citizen = _citizen(world, "run sheet")
    meeting = _meeting(world, citizen, invitees=RUN_SHEET_INVITEES)
    for n, invitee in enumerate(meeting.invitees.all()):
        if n % 4:
            services_invitations.invitation_record_reply(
                invitee=invitee, reply=("yes", "maybe", "no")[n % 3], by=world.worker
            )
    world.extra["meeting_run_sheet"] = meeting


@operation(
    f"meeting run sheet, {RUN_SHEET_INVITEES} invited, {QUESTIONS} questions",
    setup=make_run_sheet,
)
def meeting_run_sheet(world: World) -> Call:
    meeting = world.extra["meeting_run_sheet"]
    return Call(f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/run-sheet/")


# --- The memo PDF -----------------------------------------------------------------------------


def make_memo(world: World) -> None:
    from omkreds.meetings import services_memo

    citizen = _citizen(world, "memo")
    meeting = _meeting(world, citizen, invitees=RUN_SHEET_INVITEES, days=-1)
    invitees = list(meeting.invitees.all())
    services_memo.memo_save(
        meeting=meeting,
        by=world.worker,
        attendance={i.pk: n % 5 != 4 for n, i in enumerate(invitees)},
        chair=invitees[2].name,
        secretary=world.worker.full_name,
        notes={
            q.pk: {"notes": NOTE, "decision": "The sister calls the housing association."}
            for q in meeting.questions.all()
        },
        summary=NOTE,
        responsible_user=world.worker,
        followup_at=_at(42, 13),
        successful="yes",
        successful_note="Everyone came and the citizen spoke first.",
        recipients=[i.pk for i in invitees[:6]],
    )
    for n in range(MEMO_ACTIONS):
        owner = invitees[n % len(invitees)]
        services_memo.action_add(
            meeting=meeting,
            by=world.worker,
            what=f"Action {n + 1}: call the housing association about a payment plan",
            owner_invitee=owner if n % 2 else None,
            owner_user=world.worker if not n % 2 else None,
            with_whom="the citizen",
            due_on=dt.date.today() + dt.timedelta(days=7 * (n + 1)),
        )
    world.extra["meeting_memo"] = meeting


@operation(
    f"meeting memo PDF, {RUN_SHEET_INVITEES} invited, {MEMO_ACTIONS} actions", setup=make_memo
)
def meeting_memo_pdf(world: World) -> Call:
    meeting = world.extra["meeting_memo"]
    return Call(f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/memo.pdf")


# --- Sending the invitations ------------------------------------------------------------------


def make_send(world: World) -> None:
    world.extra["meeting_send"] = {"citizen": _citizen(world, "invitations"), "last": None}


@operation(f"meeting invitations sent, {SEND_INVITEES} by e-mail", setup=make_send)
def meeting_send(world: World) -> Call:
    """Each request sends a fresh meeting's invitations: 20 e-mails with a calendar file each,
    through SMTP to bench/smtp_sink.py. The meeting is made before the request, untimed."""
    from bench import smtp_sink

    state = world.extra["meeting_send"]
    sink = smtp_sink.SINK
    if state["last"] is not None:
        # The previous send answered with a redirect whether or not the mail went; check it did.
        arrived = sink.messages - state["before"]
        if arrived != SEND_INVITEES:
            raise SystemExit(f"meeting invitations: {arrived} e-mails arrived, not {SEND_INVITEES}")
    meeting = _meeting(world, state["citizen"], invitees=SEND_INVITEES)
    state["last"], state["before"] = meeting, sink.messages
    return Call(
        f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/send/",
        method="POST",
        data={},
        expect=302,
    )
