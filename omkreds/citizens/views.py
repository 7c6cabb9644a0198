from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkreds.access import log, policy
from omkreds.access.decorators import citizen_view, reach_of
from omkreds.access.models import Consent, Part
from omkreds.access.policy import Action, OrgAction
from omkreds.accounts.memberships import memberships
from omkreds.accounts.models import Role
from omkreds.citizens import extensions, services
from omkreds.citizens.forms import (
    CaseTeamMemberForm,
    CitizenForm,
    CloseCaseForm,
    SearchForm,
    organisation_users,
)
from omkreds.citizens.models import CaseTeamMember, Citizen, CitizenStatus

SEARCH_LIMIT = 50


def _membership_in(user, organisation_id):
    for membership in memberships(user):
        if membership.organisation_id == organisation_id:
            return membership
    raise Http404


def _posted(request):
    """The POST data for a bound form, even when empty; None on GET."""
    return request.POST if request.method == "POST" else None


@require_GET
@login_required
def home(request):
    organisation = request.organisation
    membership = request.membership
    role = membership.role if membership else None
    context = {"role": role, "Role": Role}
    if role in (Role.WORKER, Role.LEAD):
        on_my_team = CaseTeamMember.objects.current().filter(user=request.user).values("citizen_id")
        citizens = list(
            policy.citizens_in_reach(request.user)
            .filter(organisation=organisation)
            .filter(Q(primary_worker=request.user) | Q(id__in=on_my_team))
            .select_related("primary_worker")
            .order_by("status", "name")
        )
        due = extensions.due_items(
            request.user, [c for c in citizens if c.status == CitizenStatus.ACTIVE]
        )
        rows = [(citizen, due.get(citizen.pk, [])) for citizen in citizens]
        log.record_many(request, citizen_ids=[c.pk for c in citizens], action=log.LIST)
        context.update(
            rows=rows,
            may_create=policy.can_org(request.user, OrgAction.CREATE_CITIZEN, organisation),
            may_search=policy.can_org(request.user, OrgAction.SEARCH_CITIZENS, organisation),
            may_view_team=policy.can_org(request.user, OrgAction.VIEW_CASELOADS, organisation),
            search_form=SearchForm(),
        )
    elif role == Role.PROFESSIONAL:
        parts_by_citizen = policy.shared_parts(request.user)
        citizens = list(
            Citizen.objects.filter(id__in=parts_by_citizen).select_related("organisation")
        )
        log.record_many(request, citizen_ids=[c.pk for c in citizens], action=log.LIST)
        context["shared"] = [
            (citizen, [Part(p).label for p in Part.values if p in parts_by_citizen[citizen.pk]])
            for citizen in citizens
        ]
    return render(request, "citizens/home.html", context)


@require_GET
@login_required
def team(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.VIEW_CASELOADS, organisation
    ):
        raise Http404
    membership = request.membership
    citizens = list(
        policy.citizens_in_reach(request.user)
        .filter(organisation=organisation)
        .select_related("primary_worker", "team")
        .order_by("status", "name")
    )
    workers = organisation_users(organisation, [Role.WORKER])
    if membership.team_id:
        workers = workers.filter(memberships__team_id=membership.team_id)
    workers = list(workers)
    worker_ids = [w.pk for w in workers]
    # A caseload is every active citizen a worker is primary worker for or on the case team of.
    caseloads: dict[int, set] = {pk: set() for pk in worker_ids}
    primary = Citizen.objects.active().filter(
        organisation=organisation, primary_worker_id__in=worker_ids
    )
    for citizen_id, user_id in primary.values_list("id", "primary_worker_id"):
        caseloads[user_id].add(citizen_id)
    on_team = CaseTeamMember.objects.current().filter(
        user_id__in=worker_ids,
        citizen__organisation=organisation,
        citizen__status=CitizenStatus.ACTIVE,
    )
    for citizen_id, user_id in on_team.values_list("citizen_id", "user_id"):
        caseloads[user_id].add(citizen_id)
    log.record_many(request, citizen_ids=[c.pk for c in citizens], action=log.LIST)
    return render(
        request,
        "citizens/team.html",
        {
            "citizens": citizens,
            "caseloads": [(worker, len(caseloads[worker.pk])) for worker in workers],
            "team": membership.team,
        },
    )


@require_GET
@citizen_view(Action.VIEW_CASE)
def detail(request, citizen):
    members = list(citizen.team_members.select_related("user").order_by("-starts_on", "pk"))
    today = timezone.localdate()
    current_members = [
        m for m in members if m.starts_on <= today and (m.ends_on is None or m.ends_on >= today)
    ]
    other_members = [m for m in members if m not in current_members]
    consents = list(
        Consent.objects.filter(citizen=citizen).select_related(
            "to_user", "to_organisation", "recorded_by", "withdrawn_by"
        )
    )
    reach = reach_of(request, citizen)
    return render(
        request,
        "citizens/detail.html",
        {
            "citizen": citizen,
            "current_members": current_members,
            "other_members": other_members,
            "consents_in_force": [c for c in consents if c.is_in_force],
            "consents_other": [c for c in consents if not c.is_in_force],
            "may_edit": reach.allows(Action.EDIT_CASE),
            "may_manage_consent": reach.allows(Action.MANAGE_CONSENT),
            "may_view_log": reach.allows(Action.VIEW_ACCESS_LOG),
            "links": extensions.citizen_links(request.user, citizen, reach),
        },
    )


@require_GET
@citizen_view(Action.VIEW_SHARED)
def shared(request, citizen):
    """A professional's page for one citizen: what is shared with them, why and until when.

    No case facts here: a consent shares parts (map, overview, meetings, CTI), not the case.
    """
    consents = list(
        policy.consents_for(request.user)
        .filter(citizen=citizen)
        .select_related("to_user", "to_organisation")
        .order_by("valid_from")
    )
    reach = reach_of(request, citizen)
    return render(
        request,
        "citizens/shared.html",
        {
            "citizen": citizen,
            "consents": consents,
            "parts": [Part(p).label for p in Part.values if p in reach.shared_parts],
            "links": extensions.citizen_links(request.user, citizen, reach),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def create(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.CREATE_CITIZEN, organisation
    ):
        raise Http404
    membership = request.membership
    citizen = services.citizen_draft(membership=membership)
    form = CitizenForm(
        _posted(request), instance=citizen, organisation=organisation, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            citizen = services.citizen_create(citizen=form.save(commit=False), by=request.user)
            log.record(request, citizen_id=citizen.pk, action=log.CREATE_CASE, obj=citizen)
        messages.success(request, _("Saved."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "citizens/citizen_form.html", {"form": form, "citizen": None})


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CASE)
def edit(request, citizen):
    membership = _membership_in(request.user, citizen.organisation_id)
    form = CitizenForm(
        _posted(request), instance=citizen, organisation=citizen.organisation, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        services.citizen_update(
            citizen=form.save(commit=False), by=request.user, changed=form.changed_data
        )
        messages.success(request, _("Saved."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "citizens/citizen_form.html", {"form": form, "citizen": citizen})


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CASE)
def close(request, citizen):
    if citizen.status == CitizenStatus.CLOSED:
        messages.info(request, _("The case is already closed."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    form = CloseCaseForm(_posted(request), citizen=citizen)
    if request.method == "POST" and form.is_valid():
        services.citizen_close(
            citizen=citizen, closed_on=form.cleaned_data["closed_on"], by=request.user
        )
        messages.success(request, _("The case is closed."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "citizens/close.html", {"form": form, "citizen": citizen})


@require_POST
@citizen_view(Action.EDIT_CASE)
def reopen(request, citizen):
    if citizen.status != CitizenStatus.CLOSED:
        messages.info(request, _("The case is open."))
    else:
        services.citizen_reopen(citizen=citizen, by=request.user)
        messages.success(request, _("The case is open again."))
    return redirect("citizens:detail", citizen_id=citizen.pk)


@require_http_methods(["GET", "POST"])
@citizen_view(Action.EDIT_CASE)
def member_add(request, citizen):
    form = CaseTeamMemberForm(_posted(request), citizen=citizen)
    if request.method == "POST" and form.is_valid():
        services.case_team_add(member=form.save(commit=False), by=request.user)
        messages.success(request, _("Added to the case team."))
        return redirect("citizens:detail", citizen_id=citizen.pk)
    return render(request, "citizens/member_form.html", {"form": form, "citizen": citizen})


@require_POST
@citizen_view(Action.EDIT_CASE)
def member_end(request, citizen, member_id):
    member = get_object_or_404(CaseTeamMember, pk=member_id, citizen=citizen)
    member.citizen = citizen
    services.case_team_end(member=member, by=request.user)
    messages.success(request, _("The membership has ended."))
    return redirect("citizens:detail", citizen_id=citizen.pk)


@require_http_methods(["GET", "POST"])
@login_required
def search(request):
    organisation = request.organisation
    if organisation is None or not policy.can_org(
        request.user, OrgAction.SEARCH_CITIZENS, organisation
    ):
        raise Http404
    # The name comes by POST only, so that it never appears in a URL or a server log.
    form = SearchForm(_posted(request))
    results = None
    if request.method == "POST" and form.is_valid():
        found = list(
            policy.citizens_in_reach(request.user)
            .filter(organisation=organisation, name__icontains=form.cleaned_data["name"])
            .select_related("primary_worker")
            .order_by("status", "name")[: SEARCH_LIMIT + 1]
        )
        results = found[:SEARCH_LIMIT]
        log.record_many(request, citizen_ids=[c.pk for c in results], action=log.SEARCH)
        context = {"form": form, "results": results, "more": len(found) > SEARCH_LIMIT}
    else:
        context = {"form": form, "results": results, "more": False}
    if request.headers.get("HX-Request") == "true":
        return render(request, "citizens/fragment_search_results.html", context)
    return render(request, "citizens/search.html", context)
