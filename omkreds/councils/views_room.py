"""The private page of a network council, on a device left in the room (step 2).

No account: the coordinator opens the page and reads out a short code; the first device that
enters it holds the page (a key in that device's session) until the private meeting ends. A
signed-in user is not the network: these pages answer 404 to any account, so no employee's
session can read the draft. Every page that shows the council's data is logged first.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from omkreds.access import log
from omkreds.councils import documents as documents_council
from omkreds.councils import services_room as sc_room
from omkreds.councils.errors import RoomClosed, RoomCodeInvalid, RoomThrottled
from omkreds.councils.forms import ProposalForm, RoomCodeForm
from omkreds.councils.models import Proposal
from omkreds.meetings.errors import MeetingError
from omkreds.meetings.forms import add_service_error

SESSION_KEY = "omkreds_council_room"
ROOM_JOIN = "council_room_join"
ROOM = "council_room"


def _no_accounts(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _device(request) -> tuple[str, str]:
    held = request.session.get(SESSION_KEY) or {}
    return str(held.get("council", "")), str(held.get("key", ""))


def _closed(request, status: int = 410):
    request.session.pop(SESSION_KEY, None)
    return render(
        request, "councils/room/message.html", {"message": str(RoomClosed())}, status=status
    )


def room_device(view):
    """The council this device holds, while its page is open; log, then call the view."""

    @wraps(view)
    @_no_accounts
    def wrapper(request, *args, **kwargs):
        council_id, key = _device(request)
        if not council_id:
            return redirect(reverse("councils:council_room"))
        try:
            council = sc_room.room_council(council_id=council_id, device_key=key)
        except RoomClosed:
            return _closed(request)
        log.record(request, citizen_id=council.citizen_id, action=ROOM, obj=council)
        return view(request, council, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@_no_accounts
def room(request):
    form = RoomCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            council_id, key = _device(request)
            try:
                council, key = sc_room.room_enter(
                    code=form.cleaned_data["code"], address=_client_address(request), device_key=key
                )
            except RoomThrottled as error:
                add_service_error(form, error)
                status = 429
            except RoomCodeInvalid as error:
                if error.citizen_id:  # the right code of a page another device holds
                    log.record_refused(request, citizen_id=error.citizen_id, action=ROOM_JOIN)
                add_service_error(form, error)
            except MeetingError as error:
                add_service_error(form, error)
            else:
                log.record(request, citizen_id=council.citizen_id, action=ROOM_JOIN, obj=council)
                request.session[SESSION_KEY] = {"council": str(council.pk), "key": key}
                return redirect(reverse("councils:council_room_proposals"))
    return render(request, "councils/room/join.html", {"form": form}, status=status)


def _client_address(request) -> str:
    # The address the throttle counts by: the one django-axes uses (REMOTE_ADDR, which the
    # proxy in front sets; docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "")


def _room_page(request, council, form, status: int = 200):
    proposals = list(council.proposals.in_order())
    return render(
        request,
        "councils/room/proposals.html",
        {
            "council": council,
            "questions": list(council.questions.all()),
            "groups": documents_council.plan_groups(proposals),
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@room_device
def proposals(request, council):
    form = ProposalForm(request.POST or None, questions=list(council.questions.all()))
    if request.method == "POST":
        if form.is_valid():
            try:
                sc_room.proposal_add(council=council, **form.cleaned_data)
            except MeetingError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The proposal is written down."))
                return redirect(reverse("councils:council_room_proposals") + "#proposals")
        return _room_page(request, council, form, status=400)
    return _room_page(request, council, form)


@require_http_methods(["GET", "POST"])
@room_device
def proposal(request, council, proposal_id):
    item = get_object_or_404(Proposal, pk=proposal_id, council=council)
    initial = {
        "kind": item.kind,
        "what": item.what,
        "who": item.who,
        "when": item.when,
        "question": item.question_id,
    }
    form = ProposalForm(
        request.POST or None, initial=initial, questions=list(council.questions.all())
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sc_room.proposal_edit(
                    proposal=item, who_invitee=item.who_invitee, **form.cleaned_data
                )
            except MeetingError as error:
                add_service_error(form, error)
            else:
                return redirect(reverse("councils:council_room_proposals") + "#proposals")
        status = 400
    return render(
        request,
        "councils/room/proposal.html",
        {"council": council, "proposal": item, "form": form},
        status=status,
    )
