"""A citizen's change history: who changed what in their data, and when.

Two sources, merged newest first:
- rows that keep their own author and time: map versions, consents (recorded, withdrawn),
  contact photos, CTI course events and checklist answers, informed records;
- `ChangeRecord` rows, which every other write service leaves through `record_change`, in the
  same transaction as the change.

`omkreds/access/tests/test_history.py` runs every write service and proves each one leaves an
entry here with the user, the time and what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omkreds.access.models import ChangeRecord

# Who did a change made by no signed-in person.
SYSTEM = "system"

KIND_LABELS: dict[str, str | Promise] = {
    # citizens
    "citizen_create": gettext_lazy("case created"),
    "citizen_edit": gettext_lazy("case details changed"),
    "citizen_close": gettext_lazy("case closed"),
    "member_add": gettext_lazy("added to the case team"),
    "member_end": gettext_lazy("left the case team"),
    # networks
    "map_version": gettext_lazy("network map saved"),
    "map_restore": gettext_lazy("network map restored"),
    "photo_upload": gettext_lazy("photo added"),
    "photos_prune": gettext_lazy("unused photos deleted"),
    "contact_informed": gettext_lazy("person marked as informed"),
    # access
    "consent_record": gettext_lazy("consent recorded"),
    "consent_withdraw": gettext_lazy("consent withdrawn"),
    # meetings
    "meeting_decide": gettext_lazy("network meeting decided"),
    "meeting_revise": gettext_lazy("network meeting decision changed"),
    "meeting_prepare_tick": gettext_lazy("meeting preparation ticked"),
    "meeting_schedule": gettext_lazy("meeting time and place set"),
    "invitee_add": gettext_lazy("person invited"),
    "invitee_remove": gettext_lazy("invitee removed"),
    "invitations_send": gettext_lazy("invitations sent"),
    "invitation_reply": gettext_lazy("invitation answered"),
    "meeting_cancel": gettext_lazy("meeting cancelled"),
    "memo_save": gettext_lazy("memo saved"),
    "memo_send": gettext_lazy("memo sent"),
    "action_add": gettext_lazy("action added"),
    "action_complete": gettext_lazy("action marked done or reopened"),
    "action_remind": gettext_lazy("action reminder sent"),
    "followup_create": gettext_lazy("follow-up meeting created"),
    "feedback_request_send": gettext_lazy("feedback requested"),
    "feedback_submit": gettext_lazy("feedback given"),
    # network councils
    "council_coordinator": gettext_lazy("council coordinator assigned"),
    "council_visit": gettext_lazy("council visit recorded"),
    "council_step": gettext_lazy("council moved to the next step"),
    "council_room_open": gettext_lazy("council private page opened"),
    "council_room_join": gettext_lazy("device joined the council's private page"),
    "proposal_add": gettext_lazy("proposal written"),
    "proposal_edit": gettext_lazy("proposal changed"),
    "plan_present": gettext_lazy("personal plan presented"),
    "proposal_answer": gettext_lazy("proposal answered"),
    "council_close": gettext_lazy("council closed"),
    "plan_share": gettext_lazy("personal plan shared"),
    "council_followup": gettext_lazy("council follow-up recorded"),
    # cti
    "course_event": gettext_lazy("CTI course"),
    "checklist_answer": gettext_lazy("CTI checklist answered"),
    "plan_save": gettext_lazy("CTI plan saved"),
    "plan_dimension_save": gettext_lazy("CTI plan focus area saved"),
    "subgoal_add": gettext_lazy("CTI sub-goal added"),
    "subgoal_reached": gettext_lazy("CTI sub-goal reached"),
    # rights
    "insight_export": gettext_lazy("insight export made"),
}


# What changed between two map versions (omkreds.networks.diff.MapDiff.counts).
DIFF_LABELS: dict[str, str | Promise] = {
    "added": gettext_lazy("people added"),
    "removed": gettext_lazy("people removed"),
    "moved_closer": gettext_lazy("moved closer"),
    "moved_away": gettext_lazy("moved away"),
    "valence_changed": gettext_lazy("relation changed"),
    "sector_changed": gettext_lazy("sector changed"),
    "renamed": gettext_lazy("renamed"),
    "ties_added": gettext_lazy("lines added"),
    "ties_removed": gettext_lazy("lines removed"),
    "ties_changed": gettext_lazy("lines changed"),
}


def _label(user) -> str:
    if user is None:
        return SYSTEM
    return getattr(user, "email", "") or str(user)


def record_change(
    *, citizen, by, kind: str, obj=None, summary: str = "", who: str = ""
) -> ChangeRecord:
    """Leave a trace of a change to a citizen's data. Call it inside the change's transaction.

    `citizen` is a Citizen or its id; `by` the user who made the change, or None for the system
    or for someone without an account, named by `who` (an invitee answering by link).
    """
    citizen_id = getattr(citizen, "pk", citizen)
    user = by if getattr(by, "is_authenticated", False) else None
    return ChangeRecord.objects.create(
        citizen_id=citizen_id,
        user=user,
        user_label=who or _label(user),
        kind=kind,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=str(summary)[:500],
    )


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    user_id: int | None
    user_label: str
    kind: str
    object_type: str
    object_id: str
    summary: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _user_label(user) -> str:
    if user is None:
        return _("(deleted user)")
    return getattr(user, "full_name", "") or getattr(user, "email", "") or str(user)


def _map_entries(citizen) -> list[Entry]:
    from omkreds.networks.diff import diff_documents
    from omkreds.networks.models import MapVersion

    versions = list(
        MapVersion.objects.filter(map__citizen=citizen).select_related("author").order_by("number")
    )
    entries = []
    previous = None
    for version in versions:
        parsed = version.parsed()
        parts = [_("version %(number)d") % {"number": version.number}]
        if version.restored_from:
            parts.append(_("restored from version %(n)d") % {"n": version.restored_from})
        if previous is not None:
            counts = diff_documents(previous, parsed).counts()
            changed = ", ".join(
                f"{DIFF_LABELS.get(name, name)}: {n}" for name, n in counts.items() if n
            )
            if changed:
                parts.append(changed)
        else:
            parts.append(_("%(n)d people") % {"n": len(parsed.contacts)})
        if version.note:
            parts.append(version.note)
        previous = parsed
        entries.append(
            Entry(
                at=version.created_at,
                user_id=version.author_id,
                user_label=_user_label(version.author),
                kind="map_restore" if version.restored_from else "map_version",
                object_type="mapversion",
                object_id=str(version.pk),
                summary=" · ".join(parts),
            )
        )
    return entries


def _consent_entries(citizen) -> list[Entry]:
    from omkreds.access.models import Consent

    entries = []
    consents = Consent.objects.filter(citizen=citizen).select_related(
        "recorded_by", "withdrawn_by", "to_user", "to_organisation"
    )
    for consent in consents:
        to = str(consent.to_user or consent.to_organisation)
        what = f"{to}: {consent.get_parts_display()}"
        entries.append(
            Entry(
                consent.recorded_at,
                consent.recorded_by_id,
                _user_label(consent.recorded_by),
                "consent_record",
                "consent",
                str(consent.pk),
                what,
            )
        )
        if consent.withdrawn_at:
            entries.append(
                Entry(
                    consent.withdrawn_at,
                    consent.withdrawn_by_id,
                    _user_label(consent.withdrawn_by),
                    "consent_withdraw",
                    "consent",
                    str(consent.pk),
                    what,
                )
            )
    return entries


def _photo_entries(citizen) -> list[Entry]:
    from omkreds.networks.models import ContactPhoto

    return [
        Entry(
            photo.created_at,
            photo.uploaded_by_id,
            _user_label(photo.uploaded_by),
            "photo_upload",
            "contactphoto",
            str(photo.pk),
            f"{photo.width}×{photo.height}",
        )
        for photo in ContactPhoto.objects.filter(citizen=citizen).select_related("uploaded_by")
    ]


def _cti_entries(citizen) -> list[Entry]:
    from omkreds.cti.models import ChecklistAnswer, CourseEvent

    entries = []
    events = CourseEvent.objects.filter(course__citizen=citizen).select_related("by")
    for event in events:
        parts = [str(event.get_kind_display())]
        if event.phase:
            parts.append(str(event.get_phase_display()))
        if event.on:
            parts.append(event.on.isoformat())
        if event.note:
            parts.append(event.note)
        entries.append(
            Entry(
                event.at,
                event.by_id,
                _user_label(event.by),
                "course_event",
                "ctievent",
                str(event.pk),
                " · ".join(parts),
            )
        )
    answers = ChecklistAnswer.objects.filter(course__citizen=citizen).select_related("answered_by")
    for answer in answers:
        entries.append(
            Entry(
                answer.answered_at,
                answer.answered_by_id,
                _user_label(answer.answered_by),
                "checklist_answer",
                "checklistanswer",
                str(answer.pk),
                f"{answer.item_key}: {answer.get_answer_display()}",
            )
        )
    return entries


def _informed_entries(citizen) -> list[Entry]:
    from omkreds.access.models import InformedRecord

    return [
        Entry(
            record.recorded_at,
            record.recorded_by_id,
            _user_label(record.recorded_by),
            "contact_informed",
            "informedrecord",
            str(record.pk),
            " · ".join(p for p in (record.informed_on.isoformat(), record.how) if p),
        )
        for record in InformedRecord.objects.filter(citizen=citizen).select_related("recorded_by")
    ]


def _record_entries(citizen) -> list[Entry]:
    return [
        Entry(
            record.at,
            record.user_id,
            _user_label(record.user) if record.user_id else record.user_label,
            record.kind,
            record.object_type,
            record.object_id,
            record.summary,
        )
        for record in ChangeRecord.objects.filter(citizen=citizen).select_related("user")
    ]


def citizen_history(*, citizen) -> list[Entry]:
    """Every recorded change to the citizen's data, newest first. A fixed number of queries."""
    entries = [
        *_record_entries(citizen),
        *_map_entries(citizen),
        *_consent_entries(citizen),
        *_photo_entries(citizen),
        *_cti_entries(citizen),
        *_informed_entries(citizen),
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
