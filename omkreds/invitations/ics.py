"""The meeting as an iCalendar invitation (RFC 5545 / iTIP, RFC 5546).

One UID for the meeting's whole life; SEQUENCE rises with each change sent out, so calendars
replace the old entry; a cancellation is METHOD:CANCEL with STATUS:CANCELLED under the same UID.
Each invitee gets their own file naming only themselves as attendee: the other invitees' names
are in the description (the guide asks for them), their addresses in nobody's calendar.
Replies go through the reply link, so RSVP is off.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event, vCalAddress, vText

from omkreds.accounts.countries import zone_of
from omkreds.invitations import documents

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _organizer(meeting) -> vCalAddress:
    worker = meeting.created_by
    address = worker.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(worker.full_name or address)
    return organizer


def invitation_ics(
    meeting, invitee, *, method: str = REQUEST, context: dict | None = None
) -> bytes:
    """The calendar file for one invitee, in the invitee's language."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    with translation.override(invitee.language):
        cal = Calendar()
        cal.add("prodid", "-//Omkreds//Network meeting//EN")
        cal.add("version", "2.0")
        cal.add("method", method)
        event = Event()
        event.add("uid", meeting.ical_uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", timezone.now())
        # In the organisation's zone (with its VTIMEZONE), so the entry reads as the letter does.
        zone = zone_of(meeting.citizen.organisation)
        event.add("dtstart", timezone.localtime(meeting.starts_at, zone))
        event.add("dtend", timezone.localtime(meeting.ends_at, zone))
        summary = (context or {}).get("summary") or translation.gettext("Network meeting")
        event.add("summary", str(summary))
        event.add("location", (context or {}).get("place_text") or meeting.place)
        event.add(
            "description",
            render_to_string(
                "invitations/email/invitation_ics_description.txt",
                {**(context or {}), "meeting": meeting, "invitee": invitee},
            ).strip(),
        )
        event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
        event.add("transp", "OPAQUE")
        event["organizer"] = _organizer(meeting)
        if invitee.email:
            attendee = vCalAddress(f"mailto:{invitee.email}")
            attendee.params["cn"] = vText(invitee.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("FALSE")
            event.add("attendee", attendee, encode=0)
        cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()


def staff_ics(meeting, *, language: str) -> bytes:
    """The meeting as an entry for the staff's own calendar ("Add to calendar"): the same UID
    and SEQUENCE as the invitations, no attendee and no reply link, METHOD:PUBLISH so that a
    calendar adds it rather than asking for a reply."""
    with translation.override(language):
        cal = Calendar()
        cal.add("prodid", "-//Omkreds//Network meeting//EN")
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        event = Event()
        event.add("uid", meeting.ical_uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        is_council = hasattr(meeting, "council")
        if is_council:
            summary = translation.gettext("Network council")
        else:
            summary = translation.gettext("Network meeting")
        event.add("summary", summary)
        event.add("location", documents.place_text(meeting))
        questions = "\n".join(f"- {q.text}" for q in meeting.questions.all())
        event.add("description", questions)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        event["organizer"] = _organizer(meeting)
        cal.add_component(event)
        return cal.to_ical()
