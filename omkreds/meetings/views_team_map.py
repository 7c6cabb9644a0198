"""The action "send the map to the team" on the meeting page (team_map.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omkreds.access import log, policy
from omkreds.meetings import team_map
from omkreds.meetings.pages import edit_view, meeting_of, meeting_url


def _based_on(request) -> int | None:
    value = request.POST.get("based_on", "")
    return int(value) if value.isdigit() else None


@require_POST
@edit_view
def send(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    if not policy.can(request.user, policy.Action.VIEW_MAP, citizen):
        raise Http404
    # The printed map is citizen data read to be sent: logged before it is made.
    log.record(
        request,
        citizen_id=citizen.pk,
        action=policy.Action.VIEW_MAP,
        object_type="map_to_team",
        object_id=str(meeting.pk),
    )
    try:
        sent = team_map.team_map_send(meeting=meeting, by=request.user, based_on=_based_on(request))
    except team_map.MapChangedSince as error:
        context = {"citizen": citizen, "meeting": meeting, "message": str(error)}
        return render(request, "meetings/staff/team_map_conflict.html", context, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting_url(meeting, "team-map"))
    if sent.emailed:
        messages.success(
            request,
            _("The map (version %(number)d) is e-mailed to: %(names)s.")
            % {"number": sent.version, "names": ", ".join(sent.emailed)},
        )
    if sent.to_print:
        messages.info(
            request,
            _("Print the map and hand it over to: %(names)s.")
            % {"names": ", ".join(sent.to_print)},
        )
    if sent.failed:
        messages.error(
            request,
            _("The mail server did not take the e-mail to: %(names)s. Try again later.")
            % {"names": ", ".join(sent.failed)},
        )
    if sent.not_covered:
        messages.warning(
            request,
            _("Not sent (no consent in force covers the map): %(names)s.")
            % {"names": ", ".join(sent.not_covered)},
        )
    return redirect(meeting_url(meeting, "team-map"))
