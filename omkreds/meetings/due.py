"""What the meetings app adds to the citizen pages: the worker's "what is due" list (meetings in
the next two weeks, actions due soon or overdue, a network meeting to offer) and a link to the
citizen's meetings."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkreds.access.policy import Action
from omkreds.accounts.models import Organisation
from omkreds.citizens.extensions import CitizenLink, DueItem
from omkreds.meetings.models import Action as MeetingAction
from omkreds.meetings.models import Meeting, MeetingStatus
from omkreds.meetings.services_memo import REMINDER_DAYS

SOON_DAYS = 14


def meeting_due_items(user, citizens) -> list[DueItem]:
    """Two queries whatever the number of citizens."""
    ids = [c.pk for c in citizens]
    now = timezone.now()
    items = []
    meetings = (
        Meeting.objects.upcoming(now)
        .filter(citizen__in=ids, starts_at__lte=now + dt.timedelta(days=SOON_DAYS))
        .exclude(status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED])
        .order_by("starts_at")
    )
    for meeting in meetings:
        items.append(
            DueItem(
                citizen_id=meeting.citizen_id,
                label=_("Network meeting"),
                due_on=timezone.localdate(meeting.starts_at),
                url=reverse("meetings:meeting", args=[meeting.citizen_id, meeting.pk]),
            )
        )
    today = timezone.localdate()
    soonest: dict = {}
    counts: dict = {}
    due = MeetingAction.objects.open().filter(
        citizen__in=ids,
        due_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        meeting__status__in=[s for s in MeetingStatus.values if s != MeetingStatus.CANCELLED],
    )
    for citizen_id, due_on in due.values_list("citizen_id", "due_on"):
        counts[citizen_id] = counts.get(citizen_id, 0) + 1
        soonest[citizen_id] = min(due_on, soonest.get(citizen_id, due_on))
    for citizen_id, count in counts.items():
        items.append(
            DueItem(
                citizen_id=citizen_id,
                label=ngettext(
                    "%(count)d meeting action due", "%(count)d meeting actions due", count
                )
                % {"count": count},
                due_on=soonest[citizen_id],
                url=reverse("meetings:actions", args=[citizen_id]),
            )
        )
    return items


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def offer_meeting_items(user, citizens) -> list[DueItem]:
    """Seed 000: "Ett par gånger per år erbjuds kund att, tillsammans med sin kontaktman, bjuda
    in till nätverksmöten." A citizen with no network meeting in the organisation's number of
    months, and none being planned, is due an offer. Two queries whatever the number of
    citizens."""
    if not citizens:
        return []
    months = dict(
        Organisation.objects.filter(pk__in={c.organisation_id for c in citizens}).values_list(
            "pk", "network_meeting_offer_months"
        )
    )
    meetings = {
        row["citizen_id"]: row
        for row in Meeting.objects.filter(citizen__in=[c.pk for c in citizens])
        .exclude(status=MeetingStatus.CANCELLED)
        .values("citizen_id")
        .annotate(last=Max("starts_at"), planning=Count("pk", filter=Q(starts_at__isnull=True)))
    }
    today = timezone.localdate()
    items = []
    for citizen in citizens:
        row = meetings.get(citizen.pk)
        if row and row["planning"]:
            continue  # a meeting without a time yet is being planned: it is offered
        url = reverse("meetings:decide", args=[citizen.pk])
        if row is None or row["last"] is None:
            items.append(DueItem(citizen.pk, _("Offer a network meeting (none yet)"), None, url))
            continue
        last = timezone.localdate(row["last"])
        due = add_months(last, months.get(citizen.organisation_id, 6))
        if due <= today:
            label = _("Offer a network meeting (the last was on %(date)s)") % {
                "date": formats.date_format(last, "SHORT_DATE_FORMAT")
            }
            items.append(DueItem(citizen.pk, label, due, url))
    return items


def meeting_links(user, citizen, reach) -> list[CitizenLink]:
    # The planning pages belong to the case; under a consent only the memo documents are read.
    if not reach.allows(Action.EDIT_MEETINGS):
        return []
    return [
        CitizenLink(label=_("Network meetings"), url=reverse("meetings:list", args=[citizen.pk])),
    ]
