"""The staff's pages for a network council (seed 003): the worker's (create, questions, the
coordinator) and the coordinator's workspace (invitees, visits, invitations, the three steps
with their run sheets, the room), the acknowledgement of the plan, the plan and the follow-up.

Council pages name the council, never the citizen, and resolve it through the policy
(`policy.get_council`): the case (worker, lead) reaches everything; the coordinator reaches only
their own council until it is closed, and never the case. A log row precedes
anything shown. Nobody's account reads the proposals before the plan is presented."""

from __future__ import annotations

from functools import wraps
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view
from omkreds.access.policy import Action, CouncilReach
from omkreds.accounts.models import User
from omkreds.citizens.closed import refused_if_closed
from omkreds.councils import documents as documents_council
from omkreds.councils import guide as guide_council
from omkreds.councils import services as sc
from omkreds.councils import services_followup as sc_followup
from omkreds.councils import services_plan as sc_plan
from omkreds.councils import services_room as sc_room
from omkreds.councils.forms import (
    AnswerForm,
    CloseForm,
    CoordinatorForm,
    CouncilCreateForm,
    CouncilInviteeForm,
    CouncilScheduleForm,
    FollowupForm,
    PresentForm,
    ProposalForm,
    QuestionsForm,
    ShareForm,
    VisitForm,
)
from omkreds.councils.models import Council, CouncilStatus, Proposal
from omkreds.invitations.messages import tell_outcome
from omkreds.meetings.forms import ReplyForm, add_service_error

# Access-log actions of the council pages.
COUNCIL = "council"
COUNCIL_PLAN = "council_plan"
COUNCIL_LIST = "council_list"

STEP_KEYS = ("information", "private", "acknowledgement")


def council_page(*, case_only: bool = False, action: str = COUNCIL):
    """Resolve `council_id` through the policy (404 when out of reach), log, call the view."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, council_id, *args, **kwargs):
            council, reach = policy.get_council(request.user, council_id, case_only=case_only)
            log.record(request, citizen_id=council.citizen_id, action=action, obj=council)
            request.council_reach = reach
            return view(request, council, *args, **kwargs)

        return wrapper

    return decorator


def _url(council, name: str = "councils:council", anchor: str = "") -> str:
    return reverse(name, args=[council.pk]) + (f"#{anchor}" if anchor else "")


def _proposal_url(council, proposal) -> str:
    return _url(council, "councils:council_plan", anchor=f"proposal-{proposal.pk}")


class Saved(NamedTuple):
    result: Any


def _saved(form, run) -> Saved | None:
    """`run(form.cleaned_data)` (the service) when the form is valid: what it returned, or None
    with the form's or the service's refusal shown on the form (nothing changed)."""
    if not form.is_valid():
        return None
    try:
        return Saved(run(form.cleaned_data))
    except ValidationError as error:
        add_service_error(form, error)
        return None


def _done(request, run) -> Saved | None:
    """`run()` (a button's service): what it returned, or None with the refusal as an error
    message (nothing changed)."""
    try:
        return Saved(run())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


# --- The worker's pages under the citizen ------------------------------------------------------


@require_GET
@citizen_view(Action.EDIT_MEETINGS)
def council_list(request, citizen):
    councils = Council.objects.filter(citizen=citizen).select_related("coordinator", "meeting")
    return render(request, "councils/list.html", {"citizen": citizen, "councils": councils})


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_MEETINGS)
def council_create(request, citizen):
    if refused := refused_if_closed(request, citizen):
        return refused
    form = CouncilCreateForm(request.POST or None, citizen=citizen)

    def run(data):
        return sc.council_create(
            citizen=citizen,
            by=request.user,
            questions=data["questions"],
            employee=data["employee"],
            language=data["language"],
        )

    if request.method == "POST" and (saved := _saved(form, run)):
        messages.success(request, _("The network council is created. Now assign a coordinator."))
        return redirect(_url(saved.result))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "councils/create.html",
        {"citizen": citizen, "form": form},
        status=status,
    )


# --- The coordinator's list ----------------------------------------------------------------------


@require_GET
@login_required
def council_mine(request):
    """The open councils this user coordinates (none for anyone else)."""
    councils = [
        c
        for c in Council.objects.coordinated_by(request.user).select_related(
            "citizen", "meeting", "organisation"
        )
        if policy.may_coordinate(request.user, c)
    ]
    log.record_many(request, citizen_ids=[c.citizen_id for c in councils], action=COUNCIL_LIST)
    return render(request, "councils/mine.html", {"councils": councils})


# --- The workspace -----------------------------------------------------------------------------


def _workspace(request, council, status: int = 200, **forms_given):
    case = request.council_reach == CouncilReach.CASE
    citizen = council.citizen
    meeting = council.meeting
    invitees = list(meeting.invitees.in_order())
    visits = {v.invitee_id: v for v in council.visits.all()}
    schedule = forms_given.get("schedule_form")
    if schedule is None:
        initial = {"place": meeting.place}
        if meeting.starts_at:
            local = timezone.localtime(meeting.starts_at)
            initial.update(day=local.date(), time=local.time(), duration=meeting.duration_minutes)
        schedule = CouncilScheduleForm(initial=initial)
    context = {
        "council": council,
        "citizen": citizen,
        "meeting": meeting,
        "case": case,
        "questions": list(council.questions.all()),
        "invitees": [(i, visits.get(i.pk)) for i in invitees],
        "proposal_count": council.proposals.count(),
        "steps": guide_council.STEPS.sections,
        "visit_guide": guide_council.VISIT,
        "schedule_form": schedule,
        "invitee_form": forms_given.get("invitee_form")
        or CouncilInviteeForm(citizen=citizen, with_map=case),
        "visit_form": forms_given.get("visit_form") or VisitForm(invitees=invitees),
        "editable": council.status == CouncilStatus.PREPARING,
        "replies_open": council.status in (CouncilStatus.PREPARING, CouncilStatus.INFORMATION),
        "reply_choices": ReplyForm.base_fields["reply"].choices,
        # Sent an earlier time, place or questions: the update must go out (as for meetings).
        "update_due": [i for i in invitees if i.sent_sequence not in (None, meeting.sequence)],
    }
    from omkreds.councils.views_delivery import council_section

    context |= council_section(council)  # the delivery list
    if council.status in (CouncilStatus.ACKNOWLEDGEMENT, CouncilStatus.CLOSED):
        from omkreds.councils.views_feedback import council_section as feedback_section
        from omkreds.councils.views_invitees import feedback_context

        context.update(feedback_context(council), **feedback_section(council))
    if case:
        context["questions_form"] = forms_given.get("questions_form") or QuestionsForm(
            initial={"questions": "\n".join(q.text for q in context["questions"])}
        )
        context["coordinator_form"] = forms_given.get("coordinator_form") or CoordinatorForm(
            organisation=council.organisation,
            initial={
                "coordinator": council.coordinator_id,
                "period_from": council.period_from,
                "period_until": council.period_until,
            },
        )
    return render(request, "councils/workspace.html", context, status=status)


@require_GET
@council_page()
def council(request, council):
    return _workspace(request, council)


@require_POST
@council_page(case_only=True)
def questions(request, council):
    form = QuestionsForm(request.POST)
    if _saved(
        form,
        lambda data: sc.questions_set(
            council=council, by=request.user, questions=data["questions"]
        ),
    ):
        messages.success(request, _("The questions are saved."))
        return redirect(_url(council, anchor="questions"))
    return _workspace(request, council, status=400, questions_form=form)


@require_POST
@council_page(case_only=True)
def coordinator(request, council):
    form = CoordinatorForm(request.POST, organisation=council.organisation)
    if _saved(form, lambda data: sc.coordinator_assign(council=council, by=request.user, **data)):
        messages.success(request, _("The coordinator is assigned."))
        return redirect(_url(council, anchor="coordinator"))
    return _workspace(request, council, status=400, coordinator_form=form)


@require_POST
@council_page()
def schedule(request, council):
    form = CouncilScheduleForm(request.POST)

    def run(data):
        starts_at, ends_at = form.starts_ends()
        return sc.council_schedule(
            council=council,
            by=request.user,
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
        )

    if saved := _saved(form, run):
        if saved.result.needs_update:
            messages.info(request, _("Send the invitations again to tell everyone."))
        messages.success(request, _("The time and place are saved."))
        return redirect(_url(council, anchor="invitees"))
    council.meeting.refresh_from_db()
    return _workspace(request, council, status=400, schedule_form=form)


@require_POST
@council_page()
def invitee_add(request, council):
    case = request.council_reach == CouncilReach.CASE
    form = CouncilInviteeForm(request.POST, citizen=council.citizen, with_map=case)

    def run(data):
        details = {
            key: data[key]
            for key in ("name", "relation", "email", "phone", "postal_address", "language")
        }
        details.update(kind=data["kind"] or None, channel=data["channel"])
        person_kind, _sep, ident = (data.get("person") or "").partition(":")
        if person_kind == "u":
            details["user"] = User.objects.filter(pk=ident, is_active=True).first()
            if details["user"] is None:
                raise ValidationError(_("Pick a person from the list."))
        elif person_kind == "c":
            details["contact_id"] = ident
        sc.council_invitee_add(council=council, by=request.user, **details)

    if _saved(form, run):
        messages.success(request, _("The person is on the list of invitees."))
        return redirect(_url(council, anchor="invitees"))
    return _workspace(request, council, status=400, invitee_form=form)


@require_POST
@council_page()
def visit(request, council):
    invitees = {i.pk: i for i in council.meeting.invitees.in_order()}
    form = VisitForm(request.POST, invitees=list(invitees.values()))

    def run(data):
        invitee = invitees[data.pop("invitee")]  # a choice of the form: one of them
        sc.visit_record(council=council, by=request.user, invitee=invitee, **data)

    if _saved(form, run):
        messages.success(request, _("The visit is recorded."))
        return redirect(_url(council, anchor="invitees"))
    return _workspace(request, council, status=400, visit_form=form)


@require_POST
@council_page()
def send(request, council):
    saved = _done(request, lambda: sc.council_invitations_send(council=council, by=request.user))
    if saved is None:
        return redirect(_url(council, anchor="invitees"))
    result = saved.result
    if result.emailed:
        messages.success(
            request, _("Invitations e-mailed: %(count)d.") % {"count": len(result.emailed)}
        )
    if result.failed:
        messages.error(
            request,
            _("These e-mails could not be sent: %(names)s.")
            % {"names": ", ".join(i.name for i in result.failed)},
        )
    if result.letters or result.phone:
        messages.info(
            request, _("Print the letters and make the phone calls listed under the invitees.")
        )
    return redirect(_url(council, anchor="invitees"))


# --- The three steps ---------------------------------------------------------------------------


@require_GET
@council_page()
def run_sheet(request, council, step):
    section = guide_council.step_section(step) if step in STEP_KEYS else None
    if section is None:
        raise Http404
    return render(
        request,
        "councils/run_sheet.html",
        {
            "council": council,
            "section": section,
            "step": step,
            "current": council.status == step,
            "questions": list(council.questions.all()),
            "invitees": list(council.meeting.invitees.in_order()),
        },
    )


@require_POST
@council_page()
def advance(request, council):
    # The step the page showed: a second press, or a page left open, is refused with 409.
    step = request.POST.get("step", "")
    if _done(request, lambda: sc.step_advance(council=council, by=request.user, expected=step)):
        messages.success(
            request,
            _("The network council is now at: %(step)s.") % {"step": council.get_status_display()},
        )
    else:
        council.refresh_from_db()
        if council.status != step:
            return _workspace(request, council, status=409)
    if council.status in STEP_KEYS:
        return redirect(reverse("councils:council_run_sheet", args=[council.pk, council.status]))
    return redirect(_url(council, anchor="steps"))


@require_POST
@council_page()
def room_open(request, council):
    opened = _done(request, lambda: sc_room.room_open(council=council, by=request.user))
    if opened is None:
        return redirect(_url(council, anchor="steps"))
    council.refresh_from_db()
    # The code is shown this once; only its hash is kept.
    return render(
        request,
        "councils/room_opened.html",
        {
            "council": council,
            "code": opened.result,
            "room_url": request.build_absolute_uri(reverse("councils:council_room")),
        },
    )


# --- Step 3: the plan, its acknowledgement, and what follows -----------------------------------


def _plan_page(request, council, status: int = 200, **forms_given):
    presented = council.plan_presented
    proposals = list(council.proposals.in_order()) if presented else []

    def answer_form(p):
        return forms_given.get(f"answer_{p.pk}") or AnswerForm(
            prefix=f"p{p.pk}",
            initial={
                "answer": p.answer,
                "answer_reason": p.answer_reason,
                "responsible": p.responsible,
            },
        )

    def elaborate_form(p):
        return forms_given.get(f"elaborate_{p.pk}") or ProposalForm(
            prefix=f"e{p.pk}",
            initial={"kind": p.kind, "what": p.what, "who": p.who, "when": p.when},
        )

    groups = [
        {
            **group,
            "items": [(p, answer_form(p), elaborate_form(p)) for p in group["proposals"]],
        }
        for group in documents_council.plan_groups(proposals)
    ]
    context = {
        "council": council,
        "case": request.council_reach == CouncilReach.CASE,
        "presented": presented,
        "proposal_count": len(proposals) if presented else council.proposals.count(),
        "groups": groups,
        "present_form": forms_given.get("present_form") or PresentForm(),
        "close_form": forms_given.get("close_form") or CloseForm(),
        "share_form": forms_given.get("share_form")
        or ShareForm(invitees=list(council.meeting.invitees.in_order())),
        "section": guide_council.step_section("acknowledgement"),
    }
    return render(request, "councils/plan.html", context, status=status)


@require_GET
@council_page(action=COUNCIL_PLAN)
def plan(request, council):
    return _plan_page(request, council)


@require_POST
@council_page()
def present(request, council):
    form = PresentForm(request.POST)
    if _saved(form, lambda data: sc_plan.plan_present(council=council, by=request.user, **data)):
        messages.success(request, _("The plan is presented. Now answer each proposal."))
        return redirect(_url(council, "councils:council_plan"))
    return _plan_page(request, council, status=400, present_form=form)


@require_POST
@council_page()
def answer(request, council, proposal_id):
    proposal = get_object_or_404(Proposal, pk=proposal_id, council=council)
    form = AnswerForm(request.POST, prefix=f"p{proposal.pk}")

    def run(data):
        sc_plan.proposal_answer(
            proposal=proposal,
            by=request.user,
            answer=data["answer"],
            reason=data["answer_reason"],
            responsible=data["responsible"],
        )

    if _saved(form, run):
        messages.success(request, _("The answer is saved."))
        return redirect(_proposal_url(council, proposal))
    return _plan_page(request, council, status=400, **{f"answer_{proposal.pk}": form})


@require_POST
@council_page()
def elaborate(request, council, proposal_id):
    """Step 3: the presented proposal made concrete (who, what, when) as the network explains."""
    proposal = get_object_or_404(Proposal, pk=proposal_id, council=council)
    form = ProposalForm(request.POST, prefix=f"e{proposal.pk}")
    if _saved(
        form,
        lambda data: sc_room.proposal_edit(
            proposal=proposal, who_invitee=proposal.who_invitee, **data
        ),
    ):
        messages.success(request, _("The proposal is updated."))
        return redirect(_proposal_url(council, proposal))
    return _plan_page(request, council, status=400, **{f"elaborate_{proposal.pk}": form})


@require_POST
@council_page()
def close(request, council):
    form = CloseForm(request.POST)

    def run(data):
        sc_plan.council_close(
            council=council,
            by=request.user,
            next_steps=data["next_steps"],
            followup_at=form.followup_at(),
        )

    if _saved(form, run):
        messages.success(request, _("The network council is closed."))
        if request.council_reach == CouncilReach.CASE:
            return redirect(_url(council, "councils:council_plan"))
        return redirect(reverse("councils:council_mine"))
    return _plan_page(request, council, status=400, close_form=form)


@require_GET
@council_page(action=COUNCIL_PLAN)
def plan_pdf(request, council):
    if not council.plan_presented:
        raise Http404
    response = HttpResponse(documents_council.plan_pdf(council), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="personal-plan.pdf"'
    return response


@require_POST
@council_page()
def share(request, council):
    form = ShareForm(request.POST, invitees=list(council.meeting.invitees.in_order()))

    def run(data):
        return sc_plan.plan_share(council=council, by=request.user, invitee_ids=data["recipients"])

    if saved := _saved(form, run):
        tell_outcome(request, saved.result, what=_("The plan"))
        return redirect(_url(council, "councils:council_plan", anchor="share"))
    return _plan_page(request, council, status=400, share_form=form)


@require_http_methods(["GET", "POST"])
@council_page(case_only=True, action=COUNCIL_PLAN)
def followup(request, council):
    if not council.plan_presented:
        raise Http404
    proposals = list(council.proposals.in_order())
    invitees = list(council.meeting.invitees.in_order())
    form = FollowupForm(
        request.POST or None,
        proposals=proposals,
        invitees=invitees,
        sectors=sc_followup.followup_sectors(council=council),
    )

    def run(data):
        return sc_followup.council_followup(
            council=council, by=request.user, **form.service_kwargs()
        )

    if request.method == "POST" and (saved := _saved(form, run)):
        messages.success(request, _("The follow-up is saved."))
        if (version := saved.result) is not None:
            messages.info(
                request,
                _("The network map is updated (version %(number)d).") % {"number": version.number},
            )
        return redirect(_url(council, "councils:council_followup"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "councils/followup.html",
        {"council": council, "form": form, "proposals": proposals},
        status=status,
    )
