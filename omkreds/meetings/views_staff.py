"""The staff's pages for a citizen's network meetings (seed 002).

Every view resolves the citizen through the policy (`citizen_view`: 404 when out of reach,
access-log row first). Planning pages need the case (`EDIT_MEETINGS` reach); a professional
under a meetings consent reads the memos only (`VIEW_MEETINGS`). The rules about the data are
the services'; a `MeetingError` comes back as a message next to its field, nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action
from omkreds.accounts.models import User
from omkreds.accounts.person_words import person_words
from omkreds.citizens.closed import refused_if_closed
from omkreds.invitations import documents as invitation_documents
from omkreds.invitations.choices import InviteeKind
from omkreds.invitations.messages import tell_outcome
from omkreds.meetings import (
    documents,
    guide,
    services,
    services_invitations,
    services_memo,
    views_delivery,
)
from omkreds.meetings.forms import (
    ActionForm,
    CitizenTakesPartForm,
    DecideForm,
    InviteeForm,
    MemoForm,
    ReplyForm,
    ScheduleForm,
    TickForm,
    add_service_error,
)
from omkreds.meetings.models import Action as MeetingAction
from omkreds.meetings.models import Invitee, Meeting, Memo
from omkreds.meetings.pages import edit_view, introductions, meeting_of, meeting_url


def _invitee(meeting, invitee_id) -> Invitee:
    return get_object_or_404(Invitee, pk=invitee_id, meeting=meeting)


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _add_person(meeting, by, person: str, **details) -> Invitee:
    kind, _sep, ident = person.partition(":")
    if kind == "u":
        user = User.objects.filter(pk=ident, is_active=True).first() if ident.isdigit() else None
        if user is None:
            raise ValidationError(_("Pick a person from the list."))
        return services_invitations.invitee_add(meeting=meeting, by=by, user=user, **details)
    return services_invitations.invitee_add(meeting=meeting, by=by, contact_id=ident, **details)


# --- 1. The list and the decision --------------------------------------------------------------


@require_GET
@edit_view
def meeting_list(request, citizen):
    # A council's meeting is shown as the council, with its link: joined, not one query a row.
    meetings = Meeting.objects.for_citizen(citizen).select_related("memo", "council")
    return render(request, "meetings/staff/list.html", {"citizen": citizen, "meetings": meetings})


@require_http_methods(["GET", "POST"])
@edit_view
def decide(request, citizen):
    if refused := refused_if_closed(request, citizen):
        return refused
    form = DecideForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                meeting = services.meeting_decide(
                    citizen=citizen,
                    by=request.user,
                    concern=data["concern"],
                    why_not_own_tools=data["why_not_own_tools"],
                    goal=data["goal"],
                    questions=data["questions"],
                )
                for person in data["people"]:
                    _add_person(meeting, request.user, person)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            the_person = person_words(citizen.organisation.citizen_term).the
            messages.success(
                request,
                _("The meeting is decided. Now prepare it with %(the_person)s.")
                % {"the_person": the_person},
            )
            return redirect(meeting_url(meeting))
    return render(
        request,
        "meetings/staff/decide.html",
        {"citizen": citizen, "form": form, "guide": guide.DECIDE},
    )


# --- 2. The meeting page: preparation, invitation, replies -------------------------------------


def meeting_page(request, citizen, meeting, **forms_given):
    invitees = list(meeting.invitees.in_order())
    ticks = set(meeting.ticks.values_list("item_key", flat=True))
    schedule = forms_given.get("schedule_form")
    if schedule is None:
        initial = {"place": meeting.place, "at_client_home": meeting.at_client_home}
        if meeting.starts_at:
            local = timezone.localtime(meeting.starts_at)
            initial.update(day=local.date(), time=local.time(), duration=meeting.duration_minutes)
        schedule = ScheduleForm(initial=initial, citizen=citizen)
    context = {
        "citizen": citizen,
        "meeting": meeting,
        "questions": list(meeting.questions.all()),
        "invitees": invitees,
        # Sent an earlier version of the time and place: the update must go out (views_manage).
        "update_due": [i for i in invitees if i.sent_sequence not in (None, meeting.sequence)],
        "preparation": [(item, item.key in ticks) for item in guide.PREPARATION.items],
        "schedule_form": schedule,
        "invitee_form": forms_given.get("invitee_form") or InviteeForm(citizen=citizen),
        "citizen_form": CitizenTakesPartForm(citizen=citizen, prefix="citizen"),
        "citizen_takes_part": any(i.kind == InviteeKind.CITIZEN for i in invitees),
        "reply_form": ReplyForm(),
        "memo": Memo.objects.filter(meeting=meeting).first(),
        "actions": list(meeting.actions.in_order()),
        **views_delivery.meeting_section(citizen, meeting),
    }
    status = 400 if forms_given else 200
    return render(request, "meetings/staff/meeting.html", context, status=status)


@require_GET
@edit_view
def meeting(request, citizen, meeting_id):
    return meeting_page(request, citizen, meeting_of(citizen, meeting_id))


@require_POST
@edit_view
def tick(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    form = TickForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pick a point of the list."))
        services.meeting_prepare_tick(
            meeting=meeting,
            item_key=form.cleaned_data["item_key"],
            by=request.user,
            ticked=form.cleaned_data["ticked"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meeting_url(meeting) + "#preparation")


@require_POST
@edit_view
def schedule(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    form = ScheduleForm(request.POST, citizen=citizen)
    if form.is_valid():
        starts_at, ends_at = form.starts_ends()
        try:
            result = services.meeting_schedule(
                meeting=meeting,
                by=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                at_client_home=form.cleaned_data["at_client_home"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if result.in_past:
                messages.warning(request, _("The time you gave is in the past."))
            if result.needs_update:
                messages.info(request, _("Send the invitations again to tell everyone."))
            messages.success(request, _("The time and place are saved."))
            return redirect(meeting_url(meeting) + "#invitation")
    meeting.refresh_from_db()
    return meeting_page(request, citizen, meeting, schedule_form=form)


@require_POST
@edit_view
def invitee_add(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    form = InviteeForm(request.POST, citizen=citizen)
    if form.is_valid():
        data = form.cleaned_data
        details = {
            "name": data["name"],
            "kind": data["kind"] or None,
            "relation": data["relation"],
            "email": data["email"],
            "phone": data["phone"],
            "postal_address": data["postal_address"],
            "language": data["language"],
            "channel": data["channel"],
        }
        try:
            if data["person"]:
                _add_person(meeting, request.user, data["person"], **details)
            else:
                services_invitations.invitee_add(meeting=meeting, by=request.user, **details)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The person is on the list of invitees."))
            return redirect(meeting_url(meeting) + "#invitees")
    return meeting_page(request, citizen, meeting, invitee_form=form)


@require_POST
@edit_view
def send(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    try:
        result = services_invitations.invitations_send(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting_url(meeting) + "#invitees")
    if result.emailed:
        messages.success(
            request, _("Invitations e-mailed: %(count)d.") % {"count": len(result.emailed)}
        )
    if result.queued:
        messages.success(
            request,
            _(
                "Invitations queued for e-mail: %(count)d. The delivery list shows when each is sent."
            )
            % {"count": len(result.queued)},
        )
    if result.failed:
        messages.error(
            request,
            _("These e-mails could not be sent: %(names)s.")
            % {"names": ", ".join(i.name for i in result.failed)},
        )
    if result.letters or result.phone:
        messages.info(
            request,
            _("Print the letters and make the phone calls listed under the invitees."),
        )
    return redirect(meeting_url(meeting) + "#invitees")


def _invitee_document(request, citizen, meeting_id, invitee_id):
    meeting = meeting_of(citizen, meeting_id)
    invitee = _invitee(meeting, invitee_id)
    if not meeting.is_scheduled:
        raise Http404
    return meeting, invitee


@require_GET
@edit_view
def letter_pdf(request, citizen, meeting_id, invitee_id):
    meeting, invitee = _invitee_document(request, citizen, meeting_id, invitee_id)
    return _download(
        invitation_documents.invitation_pdf(meeting, invitee), "invitation.pdf", "application/pdf"
    )


@require_GET
@edit_view
def letter_docx(request, citizen, meeting_id, invitee_id):
    meeting, invitee = _invitee_document(request, citizen, meeting_id, invitee_id)
    return _download(
        invitation_documents.invitation_docx(meeting, invitee),
        "invitation.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@require_GET
@edit_view
def phone_script(request, citizen, meeting_id, invitee_id):
    meeting, invitee = _invitee_document(request, citizen, meeting_id, invitee_id)
    return HttpResponse(
        invitation_documents.phone_script(meeting, invitee),
        content_type="text/plain; charset=utf-8",
    )


@require_POST
@edit_view
def record_reply(request, citizen, meeting_id, invitee_id):
    meeting = meeting_of(citizen, meeting_id)
    invitee = _invitee(meeting, invitee_id)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose yes, no or maybe."))
        services_invitations.invitation_record_reply(
            invitee=invitee, reply=form.cleaned_data["reply"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reply is recorded."))
    return redirect(meeting_url(meeting) + "#invitees")


# --- 3. Room checklist and run sheet -----------------------------------------------------------


@require_GET
@edit_view
def run_sheet(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    return render(
        request,
        "meetings/staff/run_sheet.html",
        {
            "citizen": citizen,
            "meeting": meeting,
            "questions": list(meeting.questions.all()),
            "introductions": introductions(citizen, meeting.invitees.in_order()),
            "room": guide.ROOM,
            "run": guide.RUN_SHEET,
            "notes": guide.NOTES,
        },
    )


# --- 4. The memo and the actions ---------------------------------------------------------------


def _memo_initial(memo: Memo | None, invitees, questions) -> dict:
    if memo is None:
        return {"citizen_present": True}
    initial = {
        "citizen_present": memo.citizen_present,
        "chair": memo.chair,
        "secretary": memo.secretary,
        "summary": memo.summary,
        "responsible_user": memo.responsible_user_id,
        "responsible_name": memo.responsible_name,
        "successful": memo.successful,
        "successful_note": memo.successful_note,
    }
    if memo.followup_at:
        local = timezone.localtime(memo.followup_at)
        initial.update(followup_on=local.date(), followup_time=local.time())
    for invitee in invitees:
        initial[f"present_{invitee.pk}"] = bool(invitee.present)
        initial[f"memo_{invitee.pk}"] = invitee.receives_memo
    notes = {n.question_id: n for n in memo.notes.all()}
    for question in questions:
        note = notes.get(question.pk)
        if note:
            initial[f"notes_{question.pk}"] = note.notes
            initial[f"decision_{question.pk}"] = note.decision
    return initial


@require_http_methods(["GET", "POST"])
@edit_view
def memo(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    invitees = list(meeting.invitees.in_order())
    questions = list(meeting.questions.all())
    existing = Memo.objects.filter(meeting=meeting).first()
    form = MemoForm(
        request.POST or None,
        meeting=meeting,
        invitees=invitees,
        questions=questions,
        initial=_memo_initial(existing, invitees, questions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services_memo.memo_save(
                    meeting=meeting, by=request.user, **form.service_kwargs()
                )
                if saved.followup_at and not meeting.followups.exists():
                    followup = services_memo.followup_create(meeting=meeting, by=request.user)
                    messages.info(
                        request,
                        _("A follow-up meeting is set up: %(meeting)s.") % {"meeting": followup},
                    )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The memo is saved."))
            return redirect(meeting_url(meeting) + "#memo")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/staff/memo.html",
        {"citizen": citizen, "meeting": meeting, "form": form, "notes_guide": guide.NOTES},
        status=status,
    )


def _memo_for_reading(citizen, meeting_id) -> Memo:
    return get_object_or_404(
        Memo.objects.select_related("meeting__citizen__organisation"),
        meeting_id=meeting_id,
        meeting__citizen=citizen,
    )


def _memo_language(request) -> str:
    return translation.get_language() or request.LANGUAGE_CODE


@require_GET
@citizen_view(Action.VIEW_MEETINGS)
def memo_pdf(request, citizen, meeting_id):
    memo = _memo_for_reading(citizen, meeting_id)
    return _download(
        documents.memo_pdf(memo, language=_memo_language(request)), "memo.pdf", "application/pdf"
    )


@require_GET
@citizen_view(Action.VIEW_MEETINGS)
def memo_docx(request, citizen, meeting_id):
    memo = _memo_for_reading(citizen, meeting_id)
    return _download(
        documents.memo_docx(memo, language=_memo_language(request)),
        "memo.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@require_POST
@edit_view
def memo_send(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    try:
        outcome = services_memo.memo_send(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        tell_outcome(request, outcome, what=_("The memo"))
    return redirect(meeting_url(meeting) + "#memo")


@require_http_methods(["GET", "POST"])
@edit_view
def action_add(request, citizen, meeting_id):
    meeting = meeting_of(citizen, meeting_id)
    invitees = list(meeting.invitees.in_order())
    form = ActionForm(request.POST or None, meeting=meeting, invitees=invitees)
    if request.method == "POST" and form.is_valid():
        try:
            services_memo.action_add(meeting=meeting, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The action is added."))
            return redirect(meeting_url(meeting) + "#actions")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/staff/action_form.html",
        {"citizen": citizen, "meeting": meeting, "form": form},
        status=status,
    )


# --- 5. A citizen's actions --------------------------------------------------------------------


@require_GET
@edit_view
def actions(request, citizen):
    rows = [
        (action, services_memo.action_state(action))
        for action in services_memo.actions_for_citizen(citizen=citizen)
    ]
    return render(request, "meetings/staff/actions.html", {"citizen": citizen, "rows": rows})


@require_POST
@edit_view
def action_done(request, citizen, action_id):
    action = get_object_or_404(MeetingAction, pk=action_id, citizen=citizen)
    services_memo.action_complete(
        action=action, by=request.user, done=request.POST.get("done") != "0"
    )
    messages.success(request, _("The action is updated."))
    return redirect(reverse("meetings:actions", args=[citizen.pk]))
