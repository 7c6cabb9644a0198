"""The one place that decides who may see or do what with a citizen's data.

Every view and API endpoint asks this module. Nothing else decides. Objects out of a user's
reach are reported as absent (404), never as forbidden, so that their existence is not leaked.

Reach, in short (DESIGN §6):
- a worker reaches the citizens they are primary worker for or on the case team of;
- a lead reaches the citizens of their team (all of the organisation's if they have no team);
- a professional reaches a part (map, overview, meetings, CTI) of a citizen only under a consent
  in force that names them or their organisation and covers that part; read only;
- an admin manages users and memberships but reads no case data;
- a coordinator reaches only the councils they coordinate (`council_reach`; the council app
  registers how a council is found, `register_council_loader`), never the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from omkreds.access.models import Consent, Part
from omkreds.accounts.memberships import memberships, role_in
from omkreds.accounts.models import Role
from omkreds.citizens.models import CaseTeamMember, Citizen


class Action(StrEnum):
    VIEW_CASE = "view_case"
    EDIT_CASE = "edit_case"
    VIEW_MAP = "view_map"
    EDIT_MAP = "edit_map"
    VIEW_OVERVIEW = "view_overview"
    EDIT_OVERVIEW = "edit_overview"
    VIEW_MEETINGS = "view_meetings"
    EDIT_MEETINGS = "edit_meetings"
    VIEW_CTI = "view_cti"
    EDIT_CTI = "edit_cti"
    MANAGE_CONSENT = "manage_consent"
    VIEW_ACCESS_LOG = "view_access_log"
    # The professional's page of what is shared with them; only under a consent in force.
    VIEW_SHARED = "view_shared"
    # The citizen's change history, and the insight export (GDPR art. 15): case staff only.
    VIEW_HISTORY = "view_history"
    EXPORT_INSIGHT = "export_insight"


class OrgAction(StrEnum):
    MANAGE_USERS = "manage_users"
    VIEW_CASELOADS = "view_caseloads"
    REVIEW_LOG = "review_log"
    CREATE_CITIZEN = "create_citizen"
    MANAGE_DIRECTORY = "manage_directory"
    # Read the directory of professionals and pick from it (the overview).
    USE_DIRECTORY = "use_directory"
    VIEW_PHASE_PLAN = "view_phase_plan"
    REVIEW_FIDELITY = "review_fidelity"
    SEARCH_CITIZENS = "search_citizens"
    # The data inventory (records of processing): what is stored and why. No case data.
    VIEW_INVENTORY = "view_inventory"
    # Network-meeting feedback over time for the team: aggregates only, no names.
    VIEW_MEETING_FEEDBACK = "view_meeting_feedback"


# What a consent for a part lets a professional read.
_READ_UNDER_CONSENT = {
    Action.VIEW_MAP: Part.MAP,
    Action.VIEW_OVERVIEW: Part.OVERVIEW,
    Action.VIEW_MEETINGS: Part.MEETINGS,
    Action.VIEW_CTI: Part.CTI,
}
_CASE_ROLES = {Role.WORKER, Role.LEAD}
_ORG_ACTIONS: dict[OrgAction, set[str]] = {
    # The same rule as `accounts.memberships.manages_users`, which accounts' own pages ask.
    OrgAction.MANAGE_USERS: {Role.ADMIN},
    OrgAction.VIEW_CASELOADS: {Role.LEAD},
    OrgAction.REVIEW_LOG: {Role.LEAD},
    OrgAction.CREATE_CITIZEN: {Role.WORKER, Role.LEAD},
    OrgAction.MANAGE_DIRECTORY: {Role.ADMIN, Role.LEAD},
    OrgAction.USE_DIRECTORY: {Role.WORKER, Role.LEAD, Role.ADMIN},
    OrgAction.VIEW_PHASE_PLAN: {Role.WORKER, Role.LEAD},
    OrgAction.REVIEW_FIDELITY: {Role.LEAD},
    OrgAction.SEARCH_CITIZENS: {Role.WORKER, Role.LEAD},
    OrgAction.VIEW_INVENTORY: {Role.ADMIN},
    OrgAction.VIEW_MEETING_FEEDBACK: {Role.LEAD},
}


@dataclass(frozen=True)
class Reach:
    """What one user may do with one citizen."""

    case: bool = False
    shared_parts: frozenset[str] = field(default_factory=frozenset)

    def allows(self, action: Action) -> bool:
        if action == Action.VIEW_SHARED:
            return bool(self.shared_parts)
        if self.case:
            return True
        part = _READ_UNDER_CONSENT.get(action)
        return part is not None and part in self.shared_parts

    @property
    def any(self) -> bool:
        return self.case or bool(self.shared_parts)


def _case_filter(user) -> Q | None:
    """A filter on Citizen for the citizens this user reaches as case worker or lead."""
    condition = None
    for membership in memberships(user):
        if membership.role == Role.WORKER:
            own = Q(organisation_id=membership.organisation_id) & (
                Q(primary_worker=user)
                | Q(id__in=CaseTeamMember.objects.current().filter(user=user).values("citizen_id"))
            )
        elif membership.role == Role.LEAD:
            own = Q(organisation_id=membership.organisation_id)
            if membership.team_id:
                own &= Q(team_id=membership.team_id)
        else:
            continue
        condition = own if condition is None else condition | own
    return condition


def citizens_in_reach(user) -> QuerySet[Citizen]:
    """Citizens whose case this user reaches (workers and leads). For lists and search."""
    condition = _case_filter(user)
    if condition is None:
        return Citizen.objects.none()
    return Citizen.objects.filter(condition)


def consents_for(user) -> QuerySet[Consent]:
    """Consents in force that name this user or one of their organisations."""
    if not user.is_authenticated or not user.is_active:
        return Consent.objects.none()
    org_ids = [m.organisation_id for m in memberships(user) if m.role == Role.PROFESSIONAL]
    if not any(m.role == Role.PROFESSIONAL for m in memberships(user)):
        return Consent.objects.none()
    return Consent.objects.in_force().naming(user, org_ids)


def shared_citizens(user) -> QuerySet[Citizen]:
    """Citizens of whom a consent in force shares at least one part with this professional."""
    return Citizen.objects.filter(id__in=consents_for(user).values("citizen_id"))


def reach(user, citizen: Citizen) -> Reach:
    if not user.is_authenticated or not user.is_active:
        return Reach()
    condition = _case_filter(user)
    if condition is not None and Citizen.objects.filter(condition, pk=citizen.pk).exists():
        return Reach(case=True)
    parts: set[str] = set()
    for consent in consents_for(user).filter(citizen=citizen):
        parts.update(consent.parts)
    return Reach(shared_parts=frozenset(parts))


def can(user, action: Action, citizen: Citizen) -> bool:
    return reach(user, citizen).allows(action)


def can_org(user, action: OrgAction, organisation) -> bool:
    organisation_id = getattr(organisation, "pk", organisation)
    return role_in(user, organisation_id) in _ORG_ACTIONS[action]


def resolve(user, citizen_id, action: Action) -> tuple[Citizen, Reach]:
    """The citizen and the user's reach if the user may do `action`, else 404. Callers must
    log before showing data, and use the reach for every later question about this citizen."""
    try:
        citizen = Citizen.objects.select_related("organisation", "primary_worker", "team").get(
            pk=citizen_id
        )
    except (Citizen.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    found = reach(user, citizen)
    if not found.allows(action):
        raise Http404
    return citizen, found


def get_citizen(user, citizen_id, action: Action) -> Citizen:
    """The citizen if the user may do `action`, else 404. Callers must log before showing data."""
    return resolve(user, citizen_id, action)[0]


def may_coordinate(user, council) -> bool:
    """A coordinator reaches a council they are assigned to, for the period of the council."""
    return (
        user.is_authenticated
        and user.is_active
        and getattr(council, "coordinator_id", None) == user.pk
        and role_in(user, council.organisation_id) == Role.COORDINATOR
        # The assignment ends with its period, even if the council is not yet closed.
        and not (
            getattr(council, "period_until", None) and council.period_until < timezone.localdate()
        )
    )


def shared_parts(user) -> dict:
    """Citizen id → the parts shared with this professional under consents in force (one query)."""
    found: dict = {}
    for citizen_id, parts in consents_for(user).values_list("citizen_id", "parts"):
        found.setdefault(citizen_id, set()).update(parts)
    return found


# --- Councils -----------------------------------------------------------------------------------
# The main person's worker and lead have the whole council (their case reach). The coordinator
# reaches only the councils they coordinate, and only until each is closed: its questions, the
# invitees with their contact details, its own records, never the case. Nobody with an account
# reads the network's proposals before the plan is presented. Network members reach the
# private page through the room code (no account; `councils/services_room.room_join`).


class CouncilReach(StrEnum):
    CASE = "case"
    COORDINATOR = "coordinator"


def council_reach(user, council) -> CouncilReach | None:
    if can(user, Action.EDIT_MEETINGS, council.citizen):
        return CouncilReach.CASE
    if may_coordinate(user, council) and council.status != "closed":
        return CouncilReach.COORDINATOR
    return None


# How a council is found by its id: registered by the council app (it stands above access), a
# function returning the council with its citizen and organisation, or None.
_council_loader: Callable[[Any], Any] | None = None


def register_council_loader(loader: Callable[[Any], Any]) -> None:
    global _council_loader
    _council_loader = loader


def get_council(user, council_id, *, case_only: bool = False):
    """The council and how this user reaches it, else 404. Callers log before showing data."""
    if _council_loader is None:
        raise Http404
    try:
        council = _council_loader(council_id)
    except (ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    if council is None:
        raise Http404
    found = council_reach(user, council)
    if found is None or (case_only and found != CouncilReach.CASE):
        raise Http404
    return council, found


def may_read_proposals(user, council) -> bool:
    """Employees' and coordinators' accounts see the draft only once it is presented."""
    return council.presented_at is not None and council_reach(user, council) is not None
