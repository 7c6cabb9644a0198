import datetime as dt

import pytest
from django.utils import timezone

from omkreds.lib.testing.api import token_client
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import services, services_invitations, services_memo


def at(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local time `days` from today, aware."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def meeting(cast):
    return services.meeting_decide(
        citizen=cast.citizen,
        by=cast.worker,
        concern="Rent arrears are growing and she has stopped opening letters.",
        why_not_own_tools="Our weekly talks no longer move anything.",
        goal="A plan for the flat and for daily support that everyone knows.",
        questions=["How can the rent be paid?", "Who can help with letters?"],
    )


@pytest.fixture
def scheduled(meeting, cast):
    services.meeting_schedule(
        meeting=meeting,
        by=cast.worker,
        starts_at=at(7, 10),
        ends_at=at(7, 11, 30),
        place="Borgerservice, mødelokale 2",
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def invited(scheduled, cast):
    """A scheduled meeting with one invitee per channel and language."""
    services_invitations.invitee_add(
        meeting=scheduled,
        by=cast.worker,
        name="Britt Syster",
        relation="syster",
        email="britt@example.se",
        language="sv",
    )
    services_invitations.invitee_add(
        meeting=scheduled,
        by=cast.worker,
        name="Mads Nabo",
        relation="nabo",
        postal_address="Nørregade 1\n8000 Aarhus C",
        language="da",
        channel="letter",
    )
    services_invitations.invitee_add(
        meeting=scheduled,
        by=cast.worker,
        name="Eve English",
        kind="employee",
        relation="psychologist",
        phone="+45 12 34 56 78",
        language="en",
        channel="phone",
    )
    return scheduled


def reach_by_hand(meeting, worker) -> None:
    """The worker prints the letters waiting and makes the calls waiting (reached)."""
    from omkreds.meetings import delivery
    from omkreds.meetings.models import Delivery

    letters = Delivery.objects.filter(meeting=meeting, state="to_print")
    if letters:
        delivery.deliveries_mark_printed(
            meeting=meeting, delivery_ids=[d.pk for d in letters], by=worker
        )
    for call in Delivery.objects.filter(meeting=meeting, state="to_call"):
        delivery.delivery_record_call(
            meeting=meeting, delivery_id=call.pk, outcome="reached", by=worker
        )


@pytest.fixture
def sent(invited, cast, smtp_server):  # noqa: F811  (the smtp_server fixture)
    """Invitations gone out: Britt by e-mail, Mads by letter (printed), Eve by phone (called)."""
    services_invitations.invitations_send(meeting=invited, by=cast.worker)
    reach_by_hand(invited, cast.worker)
    smtp_server.clear()
    invited.refresh_from_db()
    return invited


@pytest.fixture
def held(invited, cast):
    """The invited meeting, held yesterday (90 minutes), its memo setting a follow-up in 30 days."""
    invited.starts_at, invited.ends_at = at(-1, 10), at(-1, 11, 30)
    invited.save()
    services_memo.memo_save(meeting=invited, by=cast.worker, summary="s", followup_at=at(30, 10))
    return invited


def begun(meeting, minutes_ago: int = 60):
    """Move `meeting` to have begun `minutes_ago` minutes ago, lasting 90 minutes: from its
    start its memo can be written and feedback asked for."""
    meeting.starts_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    meeting.ends_at = meeting.starts_at + dt.timedelta(minutes=90)
    meeting.save(update_fields=["starts_at", "ends_at"])
    return meeting


@pytest.fixture
def started(invited):
    """The invited meeting, begun an hour ago: its memo can be written."""
    return begun(invited)


@pytest.fixture
def followup(held, cast):
    return services_memo.followup_create(meeting=held, by=cast.worker)


@pytest.fixture
def api(client, cast):
    """The test client with the worker's API token."""
    return token_client(client, cast.worker, cast.org)


def meetings_url(cast, citizen=None) -> str:
    return f"/api/v1/citizens/{(citizen or cast.citizen).pk}/meetings"


def api_url(meeting, tail: str = "") -> str:
    return f"/api/v1/citizens/{meeting.citizen_id}/meetings/{meeting.pk}{tail}"


def api_actions(cast) -> str:
    return f"{meetings_url(cast)}/actions"
