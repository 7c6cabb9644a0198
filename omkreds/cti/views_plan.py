"""The CTI plan of one phase of a course (Bilag 6): dimensions with reason, goal, sub-goals,
responsibility and the people on the network map involved; the § 141 action plan reference;
and the plan as PDF in the reader's language."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omkreds.access.decorators import citizen_view, reach_of
from omkreds.access.policy import Action
from omkreds.accounts.countries import action_plan
from omkreds.cti import services
from omkreds.cti.forms import (
    CtiPlanForm,
    PlanDimensionForm,
    SubGoalForm,
    SubGoalReachedForm,
    add_service_error,
)
from omkreds.cti.models import CtiPlan, CtiPlanDimension, Phase, PlanDimension, SubGoal
from omkreds.cti.views import get_course
from omkreds.lib.pdf import render_pdf


def _phase(phase: int) -> Phase:
    if phase not in Phase.values:
        raise Http404
    return Phase(phase)


def map_contacts(citizen, *, printed: bool = False) -> dict[str, str]:
    """Contact id → name on the citizen's latest network map. On paper, people marked
    do-not-contact are left out, as on the printed map."""
    from omkreds.networks.services import map_document

    try:
        document = map_document(citizen=citizen)
    except ValidationError:
        return {}
    return {c.id: c.name for c in document.contacts if not (printed and c.safety_marker)}


def _plan(course, phase):
    return (
        CtiPlan.objects.filter(course=course, phase=phase)
        .prefetch_related("dimensions__subgoals")
        .first()
    )


def _plan_url(citizen, course, phase, anchor: str = "") -> str:
    url = reverse("cti:plan", args=[citizen.pk, course.pk, phase])
    return url + (f"#{anchor}" if anchor else "")


def _render_plan(request, citizen, course, phase, *, bound: dict | None = None, status=200):
    """The plan page. `bound` holds a form that did not validate, under the name it has here."""
    bound = bound or {}
    plan = _plan(course, phase)
    may_edit = course.is_open and reach_of(request, citizen).allows(Action.EDIT_CTI)
    show_names = reach_of(request, citizen).allows(Action.VIEW_MAP)
    contacts = map_contacts(citizen) if show_names else {}
    choices = sorted(contacts.items(), key=lambda kv: kv[1].lower())
    dimensions = []
    for dimension in plan.dimensions.all() if plan else []:
        key = f"dimension-{dimension.dimension}"
        form = bound.get(key)
        if form is None and may_edit:
            form = PlanDimensionForm(
                contacts=choices,
                prefix=key,
                initial={
                    "dimension": dimension.dimension,
                    "reason": dimension.reason,
                    "goal": dimension.goal,
                    "responsibility": dimension.responsibility,
                    "activities": dimension.activities,
                    "contact_ids": dimension.contact_ids,
                },
            )
            form.fields["dimension"].widget = form.fields["dimension"].hidden_widget()
        dimensions.append(
            {
                "row": dimension,
                "anchor": key,
                "form": form,
                "contacts": [contacts.get(i) for i in dimension.contact_ids],
                "subgoal_form": bound.get(f"subgoal-{dimension.pk}")
                or SubGoalForm(prefix=f"subgoal-{dimension.pk}"),
                "subgoals": dimension.subgoals.all(),
            }
        )
    used = {d["row"].dimension for d in dimensions}
    add_form = bound.get("add")
    if add_form is None and may_edit:
        add_form = PlanDimensionForm(contacts=choices, prefix="add")
        add_form.fields["dimension"].choices = [
            c for c in PlanDimension.choices if c[0] not in used
        ]
    plan_form = bound.get("plan") or CtiPlanForm(
        organisation=citizen.organisation,
        initial={
            "made_on": plan.made_on if plan else timezone.localdate(),
            "action_plan_reference": plan.action_plan_reference if plan else "",
        },
    )
    return render(
        request,
        "cti/plan.html",
        {
            "citizen": citizen,
            "course": course,
            "phase": phase,
            "phase_label": Phase(phase).label,
            "dates": course.phase_dates(phase),
            "phases": [(p, p.label) for p in Phase],
            "plan": plan,
            "dimensions": dimensions,
            "warnings": services.plan_warnings(plan) if plan else [],
            "may_edit": may_edit,
            "show_names": show_names,
            "plan_form": plan_form,
            "action_plan": action_plan(citizen.organisation),
            "add_form": add_form if len(used) < len(PlanDimension.values) else None,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
@citizen_view(Action.VIEW_CTI)
def plan(request, citizen, course_id, phase):
    course = get_course(citizen, course_id)
    return _render_plan(request, citizen, course, _phase(phase))


def _editable(request, citizen, course_id, phase):
    course = get_course(citizen, course_id)
    _phase(phase)
    return course


@require_POST
@citizen_view(Action.EDIT_CTI)
def plan_save(request, citizen, course_id, phase):
    course = _editable(request, citizen, course_id, phase)
    form = CtiPlanForm(request.POST, organisation=citizen.organisation)
    if form.is_valid():
        try:
            services.plan_save(course=course, phase=phase, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The CTI plan is saved."))
            return redirect(_plan_url(citizen, course, phase))
    return _render_plan(request, citizen, course, phase, bound={"plan": form})


@require_POST
@citizen_view(Action.EDIT_CTI)
def dimension_save(request, citizen, course_id, phase):
    """Add a dimension to the plan (making the plan if there is none yet) or change one."""
    course = _editable(request, citizen, course_id, phase)
    prefix = request.POST.get("prefix", "add")
    if prefix != "add" and not prefix.startswith("dimension-"):
        prefix = "add"
    contacts = map_contacts(citizen)
    choices = sorted(contacts.items(), key=lambda kv: kv[1].lower())
    form = PlanDimensionForm(request.POST, contacts=choices, prefix=prefix)
    if prefix != "add":
        form.fields["dimension"].widget = form.fields["dimension"].hidden_widget()
    if form.is_valid():
        data = form.cleaned_data
        try:
            the_plan = CtiPlan.objects.filter(course=course, phase=phase).first()
            if the_plan is None:
                the_plan = services.plan_save(course=course, phase=phase, by=request.user)
            row, warnings = services.plan_dimension_save(
                plan=the_plan,
                dimension=data["dimension"],
                reason=data["reason"],
                goal=data["goal"],
                responsibility=data["responsibility"],
                activities=data["activities"],
                contact_ids=data.get("contact_ids") or [],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The dimension is saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(_plan_url(citizen, course, phase, f"dimension-{row.dimension}"))
    return _render_plan(request, citizen, course, phase, bound={prefix: form})


def _dimension(course, phase, dimension_id) -> CtiPlanDimension:
    return get_object_or_404(
        CtiPlanDimension.objects.select_related("plan__course"),
        pk=dimension_id,
        plan__course=course,
        plan__phase=phase,
    )


@require_POST
@citizen_view(Action.EDIT_CTI)
def subgoal_add(request, citizen, course_id, phase, dimension_id):
    course = _editable(request, citizen, course_id, phase)
    dimension = _dimension(course, phase, dimension_id)
    prefix = f"subgoal-{dimension.pk}"
    form = SubGoalForm(request.POST, prefix=prefix)
    if form.is_valid():
        if not course.is_open:
            form.add_error(None, _("This CTI course has ended and cannot be changed."))
        else:
            try:
                services.subgoal_add(
                    dimension=dimension, text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The sub-goal is added."))
                return redirect(
                    _plan_url(citizen, course, phase, f"dimension-{dimension.dimension}")
                )
    return _render_plan(request, citizen, course, phase, bound={prefix: form})


@require_POST
@citizen_view(Action.EDIT_CTI)
def subgoal_reached(request, citizen, course_id, phase, subgoal_id):
    course = _editable(request, citizen, course_id, phase)
    subgoal = get_object_or_404(
        SubGoal.objects.select_related("dimension__plan__course"),
        pk=subgoal_id,
        dimension__plan__course=course,
        dimension__plan__phase=phase,
    )
    form = SubGoalReachedForm(request.POST)
    anchor = f"dimension-{subgoal.dimension.dimension}"
    if not course.is_open:
        messages.error(request, _("This CTI course has ended and cannot be changed."))
    elif form.is_valid():
        try:
            services.subgoal_reached(subgoal=subgoal, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The sub-goal is saved."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect(_plan_url(citizen, course, phase, anchor))


@require_GET
@citizen_view(Action.VIEW_CTI)
def plan_pdf(request, citizen, course_id, phase):
    course = get_course(citizen, course_id)
    phase = _phase(phase)
    the_plan = _plan(course, phase)
    if the_plan is None:
        raise Http404
    show_names = reach_of(request, citizen).allows(Action.VIEW_MAP)
    contacts = map_contacts(citizen, printed=True) if show_names else {}
    dimensions = [
        {
            "row": d,
            "subgoals": d.subgoals.all(),
            "contacts": [contacts[i] for i in d.contact_ids if i in contacts],
            "hidden_contacts": sum(1 for i in d.contact_ids if i not in contacts),
        }
        for d in the_plan.dimensions.all()
    ]
    pdf = render_pdf(
        "cti/plan_print.html",
        {
            "citizen": citizen,
            "course": course,
            "plan": the_plan,
            "phase": phase,
            "dimensions": dimensions,
            "dates": course.phase_dates(phase),
            "citizen_word": citizen.organisation.citizen_word,
            "action_plan": action_plan(citizen.organisation),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="cti-plan-{course.pk}-phase-{int(phase)}.pdf"'
    )
    return response
