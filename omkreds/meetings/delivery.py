"""Every recipient gets every document by their channel, and the delivery list says what
happened (issue 13, point 1): e-mail is queued and marked sent when the mail server took it;
a letter waits in the print pack until the worker marks it printed; a call waits until the
worker records it; a memo to hand over waits until it is handed over.

`delivery_plan` is called under the meeting's row lock and finds what an earlier press of the
same button planned (one row per recipient, document and version), so a second press of
"send" plans and sends nothing twice. The mail task claims each row before sending it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.meetings.errors import DeliveryStale, MeetingError
from omkreds.meetings.models import Invitee, Meeting
from omkreds.meetings.models_delivery import (
    DONE,
    FIRST_STATE,
    Delivery,
    DeliveryChannel,
    DeliveryState,
    Document,
)

# The invitation and what replaces it: a newer one supersedes an older one not yet out.
INVITATION_FAMILY = (Document.INVITATION, Document.UPDATE, Document.CANCELLATION)

# What a call can come to.
CALL_REACHED = "reached"
CALL_NOT_REACHED = "not_reached"


def invitee_key(invitee: Invitee) -> str:
    return f"invitee:{invitee.pk}"


def _family(document: str) -> tuple[str, ...]:
    return INVITATION_FAMILY if document in INVITATION_FAMILY else (document,)


def delivery_plan(
    *, meeting: Meeting, invitee: Invitee, document: str, version, channel: str | None = None
) -> Delivery | None:
    """The delivery of `document` (at `version`) to `invitee` by their channel. Call under the
    meeting's row lock. Returns the row to act on now: a new one, an e-mail still queued (its
    task may never have been queued: it is handed to the task again, whose claim sends it once),
    or a failed e-mail, or one claimed so long ago that nobody knows whether it went, put back
    in the queue; None when this version is already planned or done (a second press)."""
    version = str(version)
    key = invitee_key(invitee)
    family = _family(document)
    existing = (
        Delivery.objects.filter(meeting=meeting, recipient=key, document__in=family)
        .filter(version=version)
        .first()
    )
    if existing is not None:
        return _email_again(existing)
    # An older version of the same document not yet out is replaced, not sent as well.
    Delivery.objects.filter(meeting=meeting, recipient=key, document__in=family).exclude(
        state__in=DONE
    ).exclude(state=DeliveryState.SENDING).update(
        state=DeliveryState.SUPERSEDED, updated_at=timezone.now()
    )
    channel = channel or invitee.channel
    return Delivery.objects.create(
        meeting=meeting,
        recipient=key,
        invitee=invitee,
        name=invitee.name,
        document=document,
        version=version,
        channel=channel,
        state=FIRST_STATE[channel],
    )


def _email_again(existing: Delivery) -> Delivery | None:
    """An e-mail row that has not (knowingly) gone out, ready to hand to the task again."""
    if existing.channel != DeliveryChannel.EMAIL:
        return None
    if existing.state == DeliveryState.QUEUED:
        return existing
    if existing.state == DeliveryState.FAILED or existing.is_unknown:
        existing.state = DeliveryState.QUEUED
        existing.outcome = ""
        existing.save(update_fields=["state", "outcome", "updated_at"])
        return existing
    return None


def supersede_open(*, meeting: Meeting, documents=INVITATION_FAMILY) -> int:
    """Every delivery of `documents` not yet out is replaced (the meeting was cancelled)."""
    return (
        Delivery.objects.filter(meeting=meeting, document__in=documents)
        .exclude(state__in=DONE)
        .exclude(state=DeliveryState.SENDING)
        .update(state=DeliveryState.SUPERSEDED, updated_at=timezone.now())
    )


def _mark_reached(delivery: Delivery) -> None:
    """An invitation that reached its invitee counts as sent for the meeting's sequence."""
    if delivery.invitee_id and delivery.document in (Document.INVITATION, Document.UPDATE):
        Invitee.objects.filter(pk=delivery.invitee_id).update(
            sent_sequence=int(delivery.version), sent_at=timezone.now()
        )


def _checked(meeting: Meeting, delivery_ids, state: str) -> list[Delivery]:
    """The deliveries named, each still in `state` (what the page showed); DeliveryStale
    otherwise, changing nothing."""
    try:
        ids = sorted({int(i) for i in delivery_ids})
    except (TypeError, ValueError):
        raise MeetingError(field="deliveries") from None
    if not ids:
        raise MeetingError(gettext("Choose what was printed."), field="deliveries")
    rows = list(
        Delivery.objects.select_for_update().filter(meeting=meeting, pk__in=ids).order_by("pk")
    )
    if len(rows) != len(ids) or any(row.state != state for row in rows):
        raise DeliveryStale()
    return rows


@transaction.atomic
def deliveries_mark_printed(*, meeting: Meeting, delivery_ids, by) -> list[Delivery]:
    """The worker printed the letters of the print pack: each one named must still be waiting
    to be printed (else 409: someone else marked it, or a newer letter replaced it)."""
    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    rows = _checked(meeting, delivery_ids, DeliveryState.TO_PRINT)
    now = timezone.now()
    for row in rows:
        row.state, row.done_at, row.done_by = DeliveryState.PRINTED, now, by
        row.save(update_fields=["state", "done_at", "done_by", "updated_at"])
        _mark_reached(row)
    record_change(
        citizen=meeting.citizen_id,
        by=by,
        kind="deliveries_printed",
        obj=meeting,
        summary=", ".join(row.name for row in rows),
    )
    return rows


@transaction.atomic
def delivery_mark_handed(*, meeting: Meeting, delivery_id, by) -> Delivery:
    """The worker handed the document over in the meeting (the citizen's memo or plan): it must
    still be waiting to be handed over (else 409: someone else marked it, or a newer version
    replaced it)."""
    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    [row] = _checked(meeting, [delivery_id], DeliveryState.TO_HAND)
    row.state, row.done_at, row.done_by = DeliveryState.HANDED, timezone.now(), by
    row.save(update_fields=["state", "done_at", "done_by", "updated_at"])
    _mark_reached(row)
    record_change(
        citizen=meeting.citizen_id, by=by, kind="delivery_handed", obj=meeting, summary=row.name
    )
    return row


@transaction.atomic
def delivery_record_call(
    *, meeting: Meeting, delivery_id, outcome: str, note: str = "", by
) -> Delivery:
    """The worker made the call: reached (the document counts as delivered) or not reached
    (failed, with the reason, and still on the list to do by hand)."""
    from omkreds.meetings.services import clean_text

    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    note = clean_text(note, "note", limit=400)
    if outcome not in (CALL_REACHED, CALL_NOT_REACHED):
        raise MeetingError(gettext("Say whether the call reached them."), field="outcome")
    [row] = _checked(meeting, [delivery_id], DeliveryState.TO_CALL)
    if outcome == CALL_REACHED:
        row.state = DeliveryState.CALLED
        row.outcome = note or gettext("reached")
        row.done_at, row.done_by = timezone.now(), by
        _mark_reached(row)
    else:
        row.state = DeliveryState.FAILED
        row.outcome = gettext("not reached by phone") + (f": {note}" if note else "")
    row.save(update_fields=["state", "outcome", "done_at", "done_by", "updated_at"])
    record_change(
        citizen=meeting.citizen_id, by=by, kind="delivery_call", obj=meeting, summary=row.name
    )
    return row


@transaction.atomic
def delivery_call_again(*, meeting: Meeting, delivery_id, by) -> Delivery:
    """A call that did not reach them goes back on the list of calls to make."""
    Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
    [row] = _checked(meeting, [delivery_id], DeliveryState.FAILED)
    if row.channel != DeliveryChannel.PHONE:
        raise DeliveryStale()
    row.state = DeliveryState.TO_CALL
    row.save(update_fields=["state", "updated_at"])
    return row


@dataclass
class PersonDeliveries:
    name: str
    channel: str
    rows: list[Delivery] = field(default_factory=list)


@dataclass
class DeliveryList:
    people: list[PersonDeliveries]
    to_print: list[Delivery]
    to_call: list[Delivery]
    to_hand: list[Delivery]
    failed: list[Delivery]

    @property
    def by_hand(self) -> int:
        return len(self.to_print) + len(self.to_call) + len(self.to_hand) + len(self.failed)


def delivery_list(*, meeting: Meeting) -> DeliveryList:
    """Per person and document what happened, and what is still to do by hand. One query."""
    rows = list(
        Delivery.objects.shown()
        .filter(meeting=meeting)
        .select_related("invitee")
        .order_by("name", "recipient", "created_at", "pk")
    )
    people: dict[str, PersonDeliveries] = {}
    for row in rows:
        person = people.setdefault(row.recipient, PersonDeliveries(row.name, row.channel))
        person.rows.append(row)

    def state(s):
        return [row for row in rows if row.state == s]

    return DeliveryList(
        people=list(people.values()),
        to_print=state(DeliveryState.TO_PRINT),
        to_call=state(DeliveryState.TO_CALL),
        to_hand=state(DeliveryState.TO_HAND),
        failed=state(DeliveryState.FAILED),
    )


@dataclass
class Outcome:
    """What one press of a send button did, per channel, for the page to say truthfully."""

    emailed: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)
    to_print: list[Delivery] = field(default_factory=list)
    to_call: list[Delivery] = field(default_factory=list)
    to_hand: list[Delivery] = field(default_factory=list)
    # Already planned or done by an earlier press: nothing sent again.
    already: int = 0

    @property
    def planned(self) -> list[Delivery]:
        return self.emailed + self.failed + self.to_print + self.to_call + self.to_hand


def mails_by_worker() -> bool:
    """Whether e-mail is sent later by a worker (the database queue), not in the request."""
    from omkreds.meetings.tasks import send_delivery_mails

    return send_delivery_mails.get_backend().supports_defer


def mails_send(meeting: Meeting, rows: list[Delivery]) -> set[int]:
    """Hand queued e-mail deliveries to the mail task; the ids the mail server took (all of
    them when a worker will send them later)."""
    from django.tasks import TaskResultStatus

    from omkreds.meetings.tasks import send_delivery_mails

    queued = [row.pk for row in rows if row.state == DeliveryState.QUEUED]
    if not queued:
        return set()
    result = send_delivery_mails.enqueue(meeting_id=str(meeting.pk), delivery_ids=queued)
    if result.status == TaskResultStatus.FAILED:
        return set()
    if result.status == TaskResultStatus.SUCCESSFUL:
        return set(result.return_value)
    return set(queued)


def deliveries_send(*, meeting: Meeting, invitees, document: str, version) -> Outcome:
    """Send `document` to each of `invitees` by their channel, once per version: under the
    meeting's lock the deliveries are planned (a second press finds them), then the e-mails
    go out after the commit."""
    outcome = Outcome()
    with transaction.atomic():
        Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
        rows = []
        for invitee in invitees:
            row = delivery_plan(
                meeting=meeting, invitee=invitee, document=document, version=version
            )
            if row is None:
                outcome.already += 1
            else:
                rows.append(row)
    taken = mails_send(meeting, rows)
    for row in rows:
        if row.channel == DeliveryChannel.EMAIL:
            (outcome.emailed if row.pk in taken else outcome.failed).append(row)
        elif row.channel == DeliveryChannel.LETTER:
            outcome.to_print.append(row)
        elif row.channel == DeliveryChannel.PHONE:
            outcome.to_call.append(row)
        else:
            outcome.to_hand.append(row)
    return outcome
