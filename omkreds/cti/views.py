"""A citizen's CTI course: start, planned dates, phase shifts, end, and the phase checklists.

Every view resolves the citizen through the policy (`citizen_view`: 404 when out of reach,
access-log row first). Reading needs `VIEW_CTI` (a professional may read under a CTI consent);
changing needs `EDIT_CTI`. The rules about the data are the services'; a `CtiError` comes back
as a message next to its field, with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access.decorators import citizen_view, reach_of
from omkreds.access.policy import Action
from omkreds.citizens.closed import refused_if_closed
from omkreds.citizens.errors import CaseError
from omkreds.citizens.services import case_team_ensure_worker
from omkreds.cti import checklists, services
from omkreds.cti.errors import AnswerChanged, CourseEnded
from omkreds.cti.exports import due_state
from omkreds.cti.forms import (
    PLANNED_FIELDS,
    ChecklistAnswerForm,
    CourseEndForm,
    CourseReassignForm,
    CourseStartForm,
    PhaseShiftForm,
    PlannedDatesForm,
    add_service_error,
)
from omkreds.cti.models import (
    ChecklistAnswer,
    CtiCourse,
    Phase,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def get_course(citizen, course_id) -> CtiCourse:
    return get_object_or_404(
        CtiCourse.objects.select_related("worker", "citizen"), pk=course_id, citizen=citizen
    )


def _ended(request, course: CtiCourse):
    """An ended course cannot be changed: say so and go back to the course, changing nothing."""
    messages.error(request, str(CourseEnded()))
    url = _link_back(course)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def phase_rows(course: CtiCourse) -> list[dict]:
    """Planned against realised dates: the contact period, the three phases and the end."""
    rows = []
    for phase in Phase:
        rows.append(
            {
                "label": phase.label,
                "planned": course.planned_start(phase),
                "realised": course.realised_start(phase),
                "current": course.is_open and course.phase == phase,
            }
        )
    rows.append(
        {
            "label": _("End of the course"),
            "planned": course.planned_end_on,
            "realised": course.ended_on,
            "current": False,
        }
    )
    return rows


def _link_back(course: CtiCourse) -> str:
    return reverse("cti:course", args=[course.citizen_id]) + f"#course-{course.pk}"


@require_GET
@citizen_view(Action.VIEW_CTI)
def course(request, citizen):
    courses = list(
        CtiCourse.objects.filter(citizen=citizen)
        .select_related("worker")
        .prefetch_related("events__by")
    )
    current = next((c for c in courses if c.is_open), courses[0] if courses else None)
    context = {
        "citizen": citizen,
        "current": current,
        "past": [c for c in courses if c is not current],
        "may_edit": reach_of(request, citizen).allows(Action.EDIT_CTI),
    }
    if current is not None:
        next_due = current.next_shift_due()
        context.update(
            rows=phase_rows(current),
            phase_label=Phase(current.phase).label,
            status=services.phase_status(current).values(),
            next_due=next_due,
            next_due_state=due_state(next_due, timezone.localdate()),
            next_phase=Phase(current.phase + 1).label if current.phase < Phase.THREE else None,
        )
        if context["may_edit"] and current.is_open:
            context["reassign_form"] = CourseReassignForm(course=current)
    return render(request, "cti/course.html", context)


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CTI)
def start(request, citizen):
    if refused := refused_if_closed(request, citizen):
        return refused
    if CtiCourse.objects.open().filter(citizen=citizen).exists():
        messages.info(request, _("This person already has a CTI course that has not ended."))
        return redirect("cti:course", citizen_id=citizen.pk)
    form = CourseStartForm(_posted(request), citizen=citizen, user=request.user)
    cap_warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                course = services.course_start(
                    citizen=citizen,
                    worker=data["worker"],
                    started_on=data["started_on"],
                    cap_override_reason=data["cap_override_reason"],
                    by=request.user,
                )
                planned = form.planned()
                if planned != services.planned_dates(data["started_on"]).__dict__:
                    services.course_plan_dates(course=course, by=request.user, **planned)
                case_team_ensure_worker(citizen=citizen, worker=data["worker"])
        except (services.CtiError, CaseError) as exc:
            cap_warning = isinstance(exc, services.CaseloadCapExceeded)
            add_service_error(form, exc)
        else:
            messages.success(request, _("The CTI course has started."))
            return redirect("cti:course", citizen_id=citizen.pk)
    return render(
        request,
        "cti/course_start.html",
        {"citizen": citizen, "form": form, "cap_warning": cap_warning},
    )


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CTI)
def reassign(request, citizen, course_id):
    """Hand the open course to another worker; over the caseload cap a reason is needed."""
    course = get_course(citizen, course_id)
    if not course.is_open:
        return _ended(request, course)
    form = CourseReassignForm(_posted(request), course=course)
    cap_warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.course_reassign(
                    course=course,
                    worker=data["worker"],
                    cap_override_reason=data["cap_override_reason"],
                    by=request.user,
                )
                case_team_ensure_worker(citizen=citizen, worker=data["worker"])
        except CourseEnded:
            return _ended(request, course)
        except ValidationError as exc:
            cap_warning = isinstance(exc, services.CaseloadCapExceeded)
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_link_back(course))
    return render(
        request,
        "cti/course_reassign.html",
        {"citizen": citizen, "course": course, "form": form, "cap_warning": cap_warning},
    )


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CTI)
def planned_dates(request, citizen, course_id):
    course = get_course(citizen, course_id)
    if not course.is_open:
        return _ended(request, course)
    form = PlannedDatesForm(
        _posted(request), initial={name: getattr(course, name) for name in PLANNED_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.course_plan_dates(course=course, by=request.user, **form.planned())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The planned dates are saved."))
            return redirect(_link_back(course))
    return render(
        request, "cti/course_dates.html", {"citizen": citizen, "course": course, "form": form}
    )


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CTI)
def shift(request, citizen, course_id):
    course = get_course(citizen, course_id)
    if not course.is_open:
        return _ended(request, course)
    if course.phase >= Phase.THREE:
        messages.info(request, _("The course is in its last phase; end it when it is done."))
        return redirect(_link_back(course))
    to_phase = course.phase + 1
    leaving = checklists.PHASE_CHECKLISTS.get(course.phase)
    status = services.phase_status(course)
    open_items = status[course.phase].open_transition_items if leaving else ()
    form = PhaseShiftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            still_open = services.phase_shift(
                course=course, to_phase=to_phase, on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The course is now in %(phase)s.") % {"phase": Phase(to_phase).label}
            )
            if still_open:
                messages.warning(
                    request,
                    _("%(count)d transition items were not answered “Yes”.")
                    % {"count": len(still_open)},
                )
            return redirect(_link_back(course))
    return render(
        request,
        "cti/course_shift.html",
        {
            "citizen": citizen,
            "course": course,
            "form": form,
            "to_phase": Phase(to_phase).label,
            "planned": course.planned_start(to_phase),
            "open_items": open_items,
            "leaving_phase": course.phase,
        },
    )


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CTI)
def end(request, citizen, course_id):
    course = get_course(citizen, course_id)
    if not course.is_open:
        return _ended(request, course)
    open_items = services.phase_status(course)[Phase.THREE].open_transition_items
    form = CourseEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.course_end(
                course=course,
                on=data["on"],
                reason=data["reason"],
                reason_text=data["reason_text"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The CTI course has ended."))
            return redirect(_link_back(course))
    return render(
        request,
        "cti/course_end.html",
        {"citizen": citizen, "course": course, "form": form, "open_items": open_items},
    )


# ------------------------------------------------------------------------------ checklists


def _phase_checklist(phase: int) -> checklists.Checklist:
    try:
        return checklists.PHASE_CHECKLISTS[phase]
    except KeyError as exc:
        raise Http404 from exc


def item_anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def _item_row(course, item, current, history, *, form=None, may_edit: bool) -> dict:
    anchor = item_anchor(item.key)
    if form is None and may_edit:
        form = ChecklistAnswerForm(
            phase=int(item.checklist[1]),
            auto_id=f"{anchor}-%s",
            initial={
                "item_key": item.key,
                "answer": current.answer if current else None,
                "note": current.note if current else "",
                "based_on": current.pk if current else ChecklistAnswerForm.UNANSWERED,
            },
        )
    return {
        "item": item,
        "anchor": anchor,
        "current": current,
        "history": history,
        "form": form,
    }


def _answers_by_item(course, checklist) -> dict[str, list[ChecklistAnswer]]:
    """Item key → its answers, newest first, in one query."""
    keys = [i.key for i in checklist.items]
    found: dict[str, list[ChecklistAnswer]] = {}
    for answer in (
        course.answers.filter(item_key__in=keys)
        .select_related("answered_by")
        .order_by("-answered_at", "-id")
    ):
        found.setdefault(answer.item_key, []).append(answer)
    return found


def _render_checklist(request, citizen, course, phase, *, may_edit: bool, bad_row=None):
    """The checklist page; `bad_row` is an item whose answer did not save, with its errors."""
    the_checklist = _phase_checklist(phase)
    answers = _answers_by_item(course, the_checklist)
    sections = []
    for section in the_checklist.sections:
        rows = []
        for item in section.items:
            if bad_row is not None and item.key == bad_row["item"].key:
                rows.append(bad_row)
                continue
            history = answers.get(item.key, [])
            current = history[0] if history else None
            rows.append(_item_row(course, item, current, history[1:], may_edit=may_edit))
        sections.append({"section": section, "rows": rows})
    return render(
        request,
        "cti/checklist.html",
        {
            "citizen": citizen,
            "course": course,
            "phase": phase,
            "phase_label": Phase(phase).label,
            "checklist": the_checklist,
            "sections": sections,
            "status": services.phase_status(course)[phase],
            "may_edit": may_edit,
        },
    )


@require_GET
@citizen_view(Action.VIEW_CTI)
def checklist(request, citizen, course_id, phase):
    course = get_course(citizen, course_id)
    _phase_checklist(phase)
    may_edit = course.is_open and reach_of(request, citizen).allows(Action.EDIT_CTI)
    return _render_checklist(request, citizen, course, phase, may_edit=may_edit)


@require_POST
@citizen_view(Action.EDIT_CTI)
def answer(request, citizen, course_id, phase):
    """Answer one item. With htmx the item's fragment comes back; without, the page again."""
    course = get_course(citizen, course_id)
    if not course.is_open:
        return _ended(request, course)
    the_checklist = _phase_checklist(phase)
    key = request.POST.get("item_key", "")
    anchor = item_anchor(key)
    form = ChecklistAnswerForm(request.POST, phase=phase, auto_id=f"{anchor}-%s")
    saved = False
    if form.is_valid():
        try:
            services.checklist_answer(
                course=course,
                item_key=form.cleaned_data["item_key"],
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                by=request.user,
                **form.based_on_kwargs(),
            )
            saved = True
        except ValidationError as exc:
            add_service_error(form, exc)
            if isinstance(exc, AnswerChanged):
                # The row shows the newer answer; saving again means answering over it.
                latest = course.answers.history(key).first()
                form.data = form.data.copy()
                form.data["based_on"] = str(latest.pk) if latest else form.UNANSWERED
    htmx = request.headers.get("HX-Request") == "true"
    item = next((i for i in the_checklist.items if i.key == key), None)
    if saved and not htmx:
        messages.success(request, _("The answer is saved."))
        return redirect(
            reverse("cti:checklist", args=[citizen.pk, course.pk, phase]) + "#" + anchor
        )
    if item is None:
        # An unknown item has no place on the page: say so at the top, change nothing.
        messages.error(request, " ".join(form.errors.get("item_key", [])))
        if htmx:
            # Shown at the top of the page; the item list stays as it is.
            response = render(request, "cti/fragment_messages.html", {})
            response["HX-Retarget"] = "#main"
            response["HX-Reswap"] = "afterbegin"
            return response
        return redirect("cti:checklist", citizen_id=citizen.pk, course_id=course.pk, phase=phase)
    history = _answers_by_item(course, the_checklist).get(key, [])
    row = _item_row(
        course,
        item,
        history[0] if history else None,
        history[1:],
        form=None if saved else form,
        may_edit=True,
    )
    context = {
        "citizen": citizen,
        "course": course,
        "phase": phase,
        "row": row,
        "saved": saved,
        "status": services.phase_status(course)[phase],
        "oob": True,
    }
    if htmx:
        return render(request, "cti/fragment_checklist_item.html", context)
    # Without JavaScript and with an error: the whole page, this item showing its errors.
    return _render_checklist(request, citizen, course, phase, may_edit=True, bad_row=row)
