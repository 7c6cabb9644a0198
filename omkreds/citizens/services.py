"""A citizen's case: creating it, changing and closing it, and its case team.

The pages (`views.py`), the API (`api.py`) and other apps (CTI puts its worker on the case team)
change a case through these functions only. Each validates through the model and writes the
change record in the same transaction as the change; the caller writes the access-log row.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone

from omkreds.access.history import record_change
from omkreds.accounts.models import Membership, Role
from omkreds.citizens.errors import CaseClosed, CaseOpen
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen, CitizenStatus


def citizen_draft(*, membership: Membership) -> Citizen:
    """A new citizen, not yet saved, in the creator's organisation and team. A worker becomes
    its primary worker."""
    citizen = Citizen(organisation_id=membership.organisation_id, team_id=membership.team_id)
    citizen.organisation = membership.organisation
    if membership.role == Role.WORKER:
        citizen.primary_worker = membership.user
    return citizen


@transaction.atomic
def citizen_create(*, citizen: Citizen, by) -> Citizen:
    """Save a new citizen (from `citizen_draft`, with its fields filled in)."""
    citizen.full_clean()
    citizen.save()
    record_change(citizen=citizen, by=by, kind="citizen_create", obj=citizen)
    return citizen


@transaction.atomic
def citizen_update(*, citizen: Citizen, by, changed: list[str]) -> Citizen:
    """Save the fields named in `changed`, already set on `citizen`, and record which."""
    citizen.full_clean()
    if changed:
        citizen.save(update_fields=[*changed, "updated_at"])
        record_change(
            citizen=citizen, by=by, kind="citizen_edit", obj=citizen, summary=", ".join(changed)
        )
    return citizen


@transaction.atomic
def citizen_close(*, citizen: Citizen, closed_on: dt.date, by) -> Citizen:
    """Close the case on `closed_on`: the change and its trace, or neither."""
    citizen.status = CitizenStatus.CLOSED
    citizen.closed_on = closed_on
    citizen.save(update_fields=["status", "closed_on", "updated_at"])
    record_change(citizen=citizen, by=by, kind="citizen_close", obj=citizen, summary=str(closed_on))
    return citizen


def require_open_case(citizen: Citizen) -> None:
    """Refuse (`CaseClosed`, saying how to reopen) anything new planned for a closed case."""
    if citizen.status == CitizenStatus.CLOSED:
        raise CaseClosed(params={"date": formats.date_format(citizen.closed_on, "DATE_FORMAT")})


@transaction.atomic
def citizen_reopen(*, citizen: Citizen, by) -> Citizen:
    """Open a closed case again: it counts in caseloads and takes new plans from now on."""
    if citizen.status != CitizenStatus.CLOSED:
        raise CaseOpen()
    closed_on = citizen.closed_on
    citizen.status = CitizenStatus.ACTIVE
    citizen.closed_on = None
    citizen.save(update_fields=["status", "closed_on", "updated_at"])
    record_change(
        citizen=citizen, by=by, kind="citizen_reopen", obj=citizen, summary=str(closed_on)
    )
    return citizen


@transaction.atomic
def case_team_add(*, member: CaseTeamMember, by) -> CaseTeamMember:
    """Put someone on the citizen's case team (`member`, not yet saved)."""
    member.full_clean()
    member.save()
    record_change(citizen=member.citizen, by=by, kind="member_add", obj=member, summary=str(member))
    return member


@transaction.atomic
def case_team_end(*, member: CaseTeamMember, by) -> None:
    """End a case team membership as of today: it stops giving access at once."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    record_change(citizen=member.citizen, by=by, kind="member_end", obj=member, summary=str(member))
    if member.starts_on > yesterday:
        # Never in force for a whole day: ending it means it never was.
        member.delete()
    elif member.ends_on is None or member.ends_on > yesterday:
        member.ends_on = yesterday
        member.save(update_fields=["ends_on"])


def case_team_ensure_worker(*, citizen: Citizen, worker) -> None:
    """A worker given work on the case (a CTI course) must reach the citizen: put them on the
    case team if they are not its primary worker or on it already."""
    if citizen.primary_worker_id == worker.pk:
        return
    if CaseTeamMember.objects.current().filter(citizen=citizen, user=worker).exists():
        return
    CaseTeamMember.objects.create(citizen=citizen, user=worker, role=CaseRole.CTI_WORKER)
