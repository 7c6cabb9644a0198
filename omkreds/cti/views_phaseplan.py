"""The phase plan (Bilag 5): every course of a lead's team, or of one worker, with planned
and realised dates; CSV and PDF; and the team's CTI caseloads against the cap.

Each citizen shown is logged (one statement for the whole list) before the list is shown.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from omkreds.access import log, policy
from omkreds.access.policy import OrgAction
from omkreds.accounts.models import Role
from omkreds.citizens.forms import organisation_users
from omkreds.cti import exports
from omkreds.cti.forms import worker_caseloads
from omkreds.lib import spreadsheet
from omkreds.lib.pdf import render_pdf
from omkreds.lib.replica import from_replica

SCOPES = ("team", "own")


def _scope(request) -> tuple:
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.VIEW_PHASE_PLAN, organisation
    ):
        raise Http404
    is_lead = request.membership.role == Role.LEAD
    scope = request.GET.get("scope", "team" if is_lead else "own")
    if scope not in SCOPES:
        scope = "own"
    if not is_lead:
        scope = "own"
    return organisation, scope, is_lead


def _rows(request, organisation, scope):
    # A report: read from the replica when there is one (the organisation's permission was
    # checked on the primary by _scope).
    with from_replica(request):
        courses = list(exports.phase_plan_courses(request.user, organisation, scope=scope))
    log.record_many(request, citizen_ids=[c.citizen_id for c in courses], action=log.LIST)
    return exports.plan_rows(courses)


def caseloads(request, organisation) -> list[tuple]:
    """(worker, open CTI courses) for the workers of the lead's team (or organisation)."""
    workers = organisation_users(organisation, [Role.WORKER, Role.LEAD])
    team_id = request.membership.team_id
    if team_id:
        workers = workers.filter(memberships__team_id=team_id)
    counts = worker_caseloads(organisation)
    return [(worker, counts.get(worker.pk, 0)) for worker in workers]


# Rows per page of the phase plan: a lead's 1,000 courses were 500 log rows and half a second
# of date formatting per view (issue 16); the CSV and the PDF still hold every course.
PAGE_SIZE = 100


@require_GET
@login_required
def phase_plan(request):
    organisation, scope, is_lead = _scope(request)
    with from_replica(request):
        courses = exports.phase_plan_courses(request.user, organisation, scope=scope)
        page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        open_count = courses.filter(ended_on__isnull=True).count()
    # Only the citizens shown on this page are logged.
    log.record_many(request, citizen_ids=[c.citizen_id for c in shown], action=log.LIST)
    context = {
        "rows": exports.plan_rows(shown),
        "page": page,
        "scope": scope,
        "is_lead": is_lead,
        "shift_labels": exports.shift_labels(),
        "today": timezone.localdate(),
        "open_count": open_count,
    }
    if is_lead and policy.can_org(request.user, OrgAction.VIEW_CASELOADS, organisation):
        context["caseloads"] = caseloads(request, organisation)
        context["cap"] = organisation.cti_caseload_cap
    return render(request, "cti/phase_plan.html", context)


def _filename(scope: str, extension: str) -> str:
    return f"phase-plan-{scope}-{timezone.localdate().isoformat()}.{extension}"


@require_GET
@login_required
def phase_plan_csv(request):
    organisation, scope, _is_lead = _scope(request)
    rows = _rows(request, organisation, scope)
    content = exports.phase_plan_csv(rows, organisation.citizen_word)
    response = HttpResponse(content, content_type=spreadsheet.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(scope, "csv")}"'
    return response


@require_GET
@login_required
def phase_plan_xlsx(request):
    organisation, scope, _is_lead = _scope(request)
    rows = _rows(request, organisation, scope)
    sheet = exports.phase_plan_sheet(rows, organisation.citizen_word)
    return spreadsheet.xlsx_response(_filename(scope, "xlsx"), sheet)


@require_GET
@login_required
def phase_plan_pdf(request):
    organisation, scope, _is_lead = _scope(request)
    rows = _rows(request, organisation, scope)
    pdf = render_pdf(
        "cti/phase_plan_print.html",
        {
            "rows": rows,
            "shift_labels": exports.shift_labels(),
            "organisation": organisation,
            "who": request.user.full_name,
            "scope": scope,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(scope, "pdf")}"'
    return response
