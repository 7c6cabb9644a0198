"""The data inventory: every stored field, classified, in one place.

It is the basis of the records of processing (GDPR art. 30): admins see it as a table, and
`omkreds/access/tests/test_inventory.py` fails when a model field is missing here or an entry
names a field that no longer exists.

How to classify a field
    personal   it identifies a person or says something about one: names, e-mail addresses,
               phone numbers, dates of birth, free text about a contact, the link (foreign key
               or plain id) from a row to a citizen or a user, times that record what a named
               person did.
    sensitive  personal data that needs the most care: what is known about a citizen's life,
               health, social situation, relations and conflicts (the network map document,
               the worry behind a meeting, memos, CTI plans and notes, anything free text a
               worker writes about the citizen), and secrets that let someone act as a user
               (password hashes, token digests, second-factor keys, session data).
    none       neither: technical ids of rows that say nothing about a person on their own,
               settings, choices, counters, times of system events.
When in doubt, choose the stricter class.

Every model also has a short purpose: why the data is kept. It is shown to admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    PERSONAL = "personal", _("personal")
    SENSITIVE = "sensitive", _("sensitive")
    NONE = "none", _("not personal")


P = Classification.PERSONAL
S = Classification.SENSITIVE
N = Classification.NONE


@dataclass(frozen=True)
class ModelEntry:
    purpose: str | Promise
    fields: dict[str, Classification]


INVENTORY: dict[str, ModelEntry] = {
    # --- accounts ---------------------------------------------------------------------------
    "accounts.Organisation": ModelEntry(
        _("The municipality or region that uses Omkreds, and its settings."),
        {
            "id": N,
            "name": N,
            "default_language": N,
            "citizen_term": N,
            "cti_caseload_cap": N,
            "created_at": N,
        },
    ),
    "accounts.Team": ModelEntry(
        _("Teams of an organisation; a lead reaches the citizens of their team."),
        {"id": N, "organisation": N, "name": N},
    ),
    "accounts.User": ModelEntry(
        _("Employees and professionals who sign in: who they are and how they sign in."),
        {
            "id": P,
            "password": S,
            "last_login": P,
            "is_superuser": N,
            "email": P,
            "full_name": P,
            "language": N,
            "is_active": N,
            "is_staff": N,
            "is_demo": N,
            "date_joined": P,
        },
    ),
    "accounts.Membership": ModelEntry(
        _("A user's role in an organisation, which decides what they may see."),
        {
            "id": N,
            "user": P,
            "organisation": N,
            "role": P,
            "team": P,
            "is_active": N,
            "created_at": N,
        },
    ),
    "accounts.UserSession": ModelEntry(
        _("The sessions a user holds, so that all of them can be ended at once."),
        {"id": N, "user": P, "session_key": S, "created_at": P},
    ),
    "accounts.ApiToken": ModelEntry(
        _("Personal API tokens; only a digest of the secret is kept."),
        {
            "id": N,
            "user": P,
            "organisation": N,
            "name": N,
            "digest": S,
            "created_at": P,
            "last_used_at": P,
            "revoked_at": N,
        },
    ),
    # --- citizens ---------------------------------------------------------------------------
    "citizens.Citizen": ModelEntry(
        _("The person the work is about: who they are and who works with them."),
        {
            "id": P,
            "organisation": N,
            "team": P,
            "name": P,
            "date_of_birth": P,
            "status": P,
            "closed_on": P,
            "primary_worker": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "citizens.CaseTeamMember": ModelEntry(
        _("The professionals on a citizen's case team, which gives them access."),
        {"id": N, "citizen": P, "user": P, "role": P, "starts_on": P, "ends_on": P},
    ),
    # --- access -----------------------------------------------------------------------------
    "access.Consent": ModelEntry(
        _("The citizen's consents to share parts of the case with named professionals."),
        {
            "id": N,
            "citizen": P,
            "to_user": P,
            "to_organisation": P,
            "parts": P,
            "purpose": S,
            "valid_from": P,
            "valid_until": P,
            "given_how": P,
            "recorded_by": P,
            "recorded_at": P,
            "withdrawn_at": P,
            "withdrawn_by": P,
        },
    ),
    "access.AccessLogEntry": ModelEntry(
        _("Who saw or changed which citizen's data, and when (the access log)."),
        {
            "id": N,
            "at": P,
            "user": P,
            "user_label": P,
            "organisation": N,
            "citizen_id": P,
            "action": P,
            "object_type": N,
            "object_id": P,
            "request_id": N,
        },
    ),
    "access.ChangeRecord": ModelEntry(
        _("Who changed which citizen's data, when and what (the change history)."),
        {
            "id": N,
            "citizen": P,
            "at": P,
            "user": P,
            "user_label": P,
            "kind": P,
            "object_type": N,
            "object_id": P,
            "summary": S,
        },
    ),
    "access.InformedRecord": ModelEntry(
        _("That a person on a citizen's map was told they are on it: when, how and by whom."),
        {
            "id": N,
            "citizen": P,
            "contact_id": P,
            "informed_on": P,
            "how": P,
            "recorded_by": P,
            "recorded_at": P,
        },
    ),
    "access.RightsSettings": ModelEntry(
        _("The organisation's retention periods and how insight exports name staff."),
        {
            "id": N,
            "organisation": N,
            "case_years": N,
            "log_years": N,
            "insight_staff_names": N,
            "updated_at": N,
        },
    ),
    "access.LogReview": ModelEntry(
        _("Sample checks of the access log by a lead, as supervisors ask for."),
        {
            "id": N,
            "organisation": N,
            "team": N,
            "reviewer": P,
            "created_at": P,
            "period_from": N,
            "period_to": N,
            "sample_size": N,
            "rules": N,
            "rng_seed": N,
        },
    ),
    "access.LogReviewItem": ModelEntry(
        _("One access-log entry picked for a log review, and whether it was checked."),
        {
            "id": N,
            "review": N,
            "entry": P,
            "reasons": P,
            "burst_count": P,
            "checked_at": P,
            "checked_by": P,
            "note": S,
        },
    ),
    # --- networks ---------------------------------------------------------------------------
    "networks.SectorSet": ModelEntry(
        _("The sectors an organisation draws network maps with."),
        {"id": N, "organisation": N, "name": N, "rings": N, "sectors": N, "created_at": N},
    ),
    "networks.NetworkMap": ModelEntry(
        _("A citizen's network map; its content is in its versions."),
        {
            "id": N,
            "citizen": P,
            "sector_set": N,
            "created_at": P,
            "professionals_without_details": N,
        },
    ),
    "networks.MapVersion": ModelEntry(
        _("Dated versions of a network map: the people around the citizen and their relations."),
        {
            "id": N,
            "map": P,
            "number": N,
            "document": S,
            "author": P,
            "note": S,
            "based_on": N,
            "restored_from": N,
            "created_at": P,
        },
    ),
    "networks.ImportDraft": ModelEntry(
        _(
            "A file being imported as a network map, kept until the worker confirms or for two "
            "hours at most."
        ),
        {
            "id": N,
            "citizen": P,
            "created_by": P,
            "created_at": P,
            "file_name": P,
            "kind": N,
            "content": S,
            "based_on": N,
        },
    ),
    "networks.ContactPhoto": ModelEntry(
        _("Photos of people on a network map, shown in the network overview."),
        {
            "id": N,
            "key": P,
            "citizen": P,
            "file": P,
            "content_type": N,
            "width": N,
            "height": N,
            "uploaded_by": P,
            "created_at": P,
        },
    ),
    "networks.DirectoryEntry": ModelEntry(
        _("The organisation's directory of professionals to put on network maps."),
        {
            "id": N,
            "organisation": N,
            "name": P,
            "role": P,
            "organisation_name": P,
            "phone_direct": P,
            "phone_main": P,
            "email": P,
            "address": P,
            "created_at": N,
            "updated_at": N,
        },
    ),
    # --- meetings ---------------------------------------------------------------------------
    "meetings.Meeting": ModelEntry(
        _("Network meetings: the worry, the goal, when and where, who called it."),
        {
            "id": P,
            "citizen": P,
            "created_by": P,
            "status": P,
            "concern": S,
            "why_not_own_tools": S,
            "goal": S,
            "starts_at": P,
            "ends_at": P,
            "place": P,
            "at_client_home": P,
            "sequence": N,
            "invitations_sent_at": P,
            "cancelled_at": P,
            "cancel_reason": S,
            "follows": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "meetings.Question": ModelEntry(
        _("Questions the citizen wants discussed at a network meeting."),
        {"id": N, "meeting": P, "order": N, "text": S},
    ),
    "meetings.PreparationTick": ModelEntry(
        _("Preparation points gone through with the citizen before a meeting."),
        {"id": N, "meeting": P, "item_key": N, "ticked_by": P, "ticked_at": P, "note": S},
    ),
    "meetings.Invitee": ModelEntry(
        _("People invited to a network meeting, how to reach them and their replies."),
        {
            "id": N,
            "meeting": P,
            "name": P,
            "kind": P,
            "relation": S,
            "contact_id": P,
            "user": P,
            "email": P,
            "phone": P,
            "postal_address": P,
            "language": P,
            "channel": P,
            "reply": P,
            "replied_at": P,
            "token_nonce": S,
            "reply_link_used_at": P,
            "sent_sequence": N,
            "sent_at": P,
            "present": P,
            "receives_memo": P,
            "feedback_given_at": P,
        },
    ),
    "meetings.Memo": ModelEntry(
        _("The memo of a network meeting and the plan agreed there."),
        {
            "id": N,
            "meeting": P,
            "citizen_present": P,
            "chair": P,
            "secretary": P,
            "summary": S,
            "responsible_user": P,
            "responsible_name": P,
            "followup_at": P,
            "successful": S,
            "successful_note": S,
            "written_by": P,
            "updated_at": N,
            "sent_at": P,
        },
    ),
    "meetings.MemoNote": ModelEntry(
        _("What was said and agreed about each question at a meeting."),
        {"id": N, "memo": P, "question": P, "notes": S, "decision": S},
    ),
    "meetings.Action": ModelEntry(
        _("Actions agreed at a meeting: what, who, when and with whom."),
        {
            "id": N,
            "citizen": P,
            "meeting": P,
            "what": S,
            "owner_user": P,
            "owner_invitee": P,
            "owner_name": P,
            "owner_email": P,
            "with_whom": P,
            "due_on": P,
            "done_at": P,
            "done_by": P,
            "reminded_at": N,
            "created_at": P,
        },
    ),
    "meetings.FeedbackResponse": ModelEntry(
        _("Participants' feedback on a network meeting."),
        {"id": N, "meeting": P, "answers": S, "comment": S, "submitted_on": P},
    ),
    "meetings.Council": ModelEntry(
        _("Network councils: the coordinator, the period, the steps and the room for the network."),
        {
            "id": N,
            "citizen": P,
            "organisation": N,
            "meeting": P,
            "created_by": P,
            "employee": P,
            "coordinator": P,
            "period_from": P,
            "period_until": P,
            "status": P,
            "language": P,
            "room_code_hash": S,
            "room_expires_at": N,
            "room_device_hash": S,
            "private_ended_at": P,
            "presented_at": P,
            "presented_by": P,
            "next_steps": S,
            "followup_at": P,
            "followup_done_at": P,
            "closed_at": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "meetings.CouncilQuestion": ModelEntry(
        _("Questions the main person wants the network council to discuss."),
        {"id": N, "council": P, "order": N, "text": S},
    ),
    "meetings.Visit": ModelEntry(
        _("The coordinator's personal visits to the people invited to a network council."),
        {
            "id": N,
            "council": P,
            "invitee": P,
            "visited_on": P,
            "told_about_model": P,
            "presented_questions": P,
            "will_attend": P,
            "note": S,
            "recorded_by": P,
            "recorded_at": P,
        },
    ),
    "meetings.Proposal": ModelEntry(
        _("Proposals of the personal plan from a network council, and the answers to them."),
        {
            "id": N,
            "council": P,
            "kind": P,
            "what": S,
            "who": P,
            "who_invitee": P,
            "when": P,
            "responsible": P,
            "answer": P,
            "answer_reason": S,
            "answered_at": P,
            "status": P,
            "status_note": S,
            "created_at": P,
            "updated_at": N,
        },
    ),
    # --- cti --------------------------------------------------------------------------------
    "cti.CtiCourse": ModelEntry(
        _("A citizen's CTI course: phases planned and realised, and how it ended."),
        {
            "id": N,
            "citizen": P,
            "worker": P,
            "started_on": P,
            "contact_period_ends_planned": P,
            "phase1_planned_on": P,
            "phase2_planned_on": P,
            "phase3_planned_on": P,
            "planned_end_on": P,
            "phase1_started_on": P,
            "phase2_started_on": P,
            "phase3_started_on": P,
            "ended_on": P,
            "end_reason": S,
            "end_reason_text": S,
            "cap_override_reason": S,
            "created_by": P,
            "created_at": P,
        },
    ),
    "cti.CourseEvent": ModelEntry(
        _("The history of a CTI course: starts, shifts and end."),
        {"id": N, "course": P, "kind": P, "phase": P, "on": P, "note": S, "by": P, "at": P},
    ),
    "cti.ChecklistAnswer": ModelEntry(
        _("Answers to the CTI phase checklists for a citizen."),
        {
            "id": N,
            "course": P,
            "item_key": N,
            "answer": S,
            "note": S,
            "answered_by": P,
            "answered_at": P,
        },
    ),
    "cti.FidelityReview": ModelEntry(
        _("A team's CTI fidelity review, made by its lead."),
        {
            "id": N,
            "organisation": N,
            "team": N,
            "reviewed_on": N,
            "lead": P,
            "note": P,
            "created_at": N,
        },
    ),
    "cti.FidelityAnswer": ModelEntry(
        _("Answers to the fidelity checklist of a review."),
        {"id": N, "review": N, "item_key": N, "answer": N, "note": P},
    ),
    "cti.CtiPlan": ModelEntry(
        _("A citizen's CTI plan for a phase."),
        {
            "id": N,
            "course": P,
            "phase": P,
            "made_on": P,
            "action_plan_reference": P,
            "created_by": P,
            "created_at": P,
            "updated_at": N,
        },
    ),
    "cti.CtiPlanDimension": ModelEntry(
        _("The areas of life a CTI plan works with: reason, goal and who is responsible."),
        {
            "id": N,
            "plan": P,
            "dimension": S,
            "reason": S,
            "goal": S,
            "responsibility": S,
            "contact_ids": P,
            "position": N,
        },
    ),
    "cti.SubGoal": ModelEntry(
        _("Sub-goals of a CTI plan and when they were reached."),
        {"id": N, "dimension": P, "text": S, "reached_on": P, "position": N},
    ),
    # --- Django and the libraries it uses ---------------------------------------------------
    "auth.Permission": ModelEntry(
        _("Django's permissions (not used to decide access to case data)."),
        {"id": N, "name": N, "content_type": N, "codename": N},
    ),
    "auth.Group": ModelEntry(_("Django's groups (not used)."), {"id": N, "name": N}),
    "contenttypes.ContentType": ModelEntry(
        _("Django's list of data types."), {"id": N, "app_label": N, "model": N}
    ),
    "sessions.Session": ModelEntry(
        _("Signed-in sessions; they expire after 30 minutes without use."),
        {"session_key": S, "session_data": S, "expire_date": N},
    ),
    "admin.LogEntry": ModelEntry(
        _("Changes made in Django's technical admin site."),
        {
            "id": N,
            "action_time": P,
            "user": P,
            "content_type": N,
            "object_id": P,
            "object_repr": P,
            "action_flag": N,
            "change_message": P,
        },
    ),
    "otp_totp.TOTPDevice": ModelEntry(
        _("Users' authenticator apps (the second factor)."),
        {
            "id": N,
            "user": P,
            "name": N,
            "confirmed": N,
            "throttling_failure_timestamp": P,
            "throttling_failure_count": N,
            "created_at": P,
            "last_used_at": P,
            "key": S,
            "step": N,
            "t0": N,
            "digits": N,
            "tolerance": N,
            "drift": N,
            "last_t": N,
        },
    ),
    "otp_static.StaticDevice": ModelEntry(
        _("Users' backup codes for the second factor."),
        {
            "id": N,
            "user": P,
            "name": N,
            "confirmed": N,
            "throttling_failure_timestamp": P,
            "throttling_failure_count": N,
            "created_at": P,
            "last_used_at": P,
        },
    ),
    "otp_static.StaticToken": ModelEntry(
        _("The backup codes themselves."), {"id": N, "device": P, "token": S}
    ),
    "axes.AccessAttempt": ModelEntry(
        _("Failed sign-ins, to lock out password guessing."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "get_data": P,
            "post_data": P,
            "failures_since_start": N,
        },
    ),
    "axes.AccessAttemptExpiration": ModelEntry(
        _("When a lock-out after failed sign-ins ends."),
        {"access_attempt": N, "expires_at": N},
    ),
    "axes.AccessFailureLog": ModelEntry(
        _("The log of failed sign-ins."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "locked_out": N,
        },
    ),
    "axes.AccessLog": ModelEntry(
        _("The log of sign-ins and sign-outs."),
        {
            "id": N,
            "user_agent": P,
            "ip_address": P,
            "username": P,
            "http_accept": N,
            "path_info": N,
            "attempt_time": P,
            "logout_time": P,
            "session_hash": S,
        },
    ),
}

# The flat mapping {"app_label.Model.field": Classification}.
FIELDS: dict[str, Classification] = {
    f"{model}.{name}": classification
    for model, entry in INVENTORY.items()
    for name, classification in entry.fields.items()
}


def model_fields() -> dict[str, list]:
    """Every installed model ("app_label.Model") and its concrete fields, in order."""
    return {
        model._meta.label: list(model._meta.concrete_fields)
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.auto_created  # many-to-many link tables: ids only
    }


def unclassified() -> dict[str, list]:
    """Fields that exist but are not in the inventory, by model."""
    missing: dict[str, list] = {}
    for label, fields in model_fields().items():
        known = INVENTORY.get(label)
        for field in fields:
            if known is None or field.name not in known.fields:
                missing.setdefault(label, []).append(field)
    return missing


def stale() -> list[str]:
    """Inventory entries ("app_label.Model.field") that name no existing field."""
    existing = {
        f"{label}.{field.name}" for label, fields in model_fields().items() for field in fields
    }
    return sorted(set(FIELDS) - existing)


def describe_missing(missing: dict[str, list]) -> str:
    """A message that says exactly what to add to INVENTORY in this file, ready to paste."""
    lines = [
        "Fields not in the data inventory. Classify each one in omkreds/access/inventory.py",
        "(INVENTORY; the rules are in its docstring) as P (personal), S (sensitive) or N (none):",
    ]
    for label, fields in sorted(missing.items()):
        if label in INVENTORY:
            lines.append(f'  In INVENTORY["{label}"].fields add:')
            lines += [f'      "{f.name}": ?,  # {_field_hint(f)}' for f in fields]
        else:
            lines.append(f"  New model {label}; add to INVENTORY:")
            lines.append(f'    "{label}": ModelEntry(')
            lines.append('        _("<why the data is kept, one sentence>"),')
            lines.append("        {")
            lines += [f'            "{f.name}": ?,  # {_field_hint(f)}' for f in fields]
            lines.append("        },")
            lines.append("    ),")
    return "\n".join(lines)


def _field_hint(field) -> str:
    kind = type(field).__name__
    target = getattr(field, "related_model", None)
    if target is not None:
        kind += f" → {target._meta.label}"
    return f"{kind} {str(field.verbose_name)!r}"


@dataclass(frozen=True)
class Row:
    model: str
    model_name: str
    purpose: str | Promise
    field: str
    field_name: str
    classification: Classification


def rows() -> list[Row]:
    """The inventory as table rows, for the admin page: model, field, class, purpose."""
    found = []
    for label, fields in model_fields().items():
        entry = INVENTORY.get(label)
        if entry is None:
            continue
        model = apps.get_model(label)
        for field in fields:
            classification = entry.fields.get(field.name)
            if classification is None:
                continue
            found.append(
                Row(
                    model=label,
                    model_name=str(model._meta.verbose_name),
                    purpose=entry.purpose,
                    field=field.name,
                    field_name=str(field.verbose_name),
                    classification=classification,
                )
            )
    return found
