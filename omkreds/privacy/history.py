"""A citizen's change history: who changed what in their data, and when.

Two sources, merged newest first:
- rows that keep their own author and time: consents (recorded, withdrawn) and informed
  records, read here, and what the workflow apps register as history sources
  (`omkreds.access.registry.register_history_source`: map versions, contact photos, CTI course
  events and checklist answers);
- `ChangeRecord` rows, which every other write service leaves through
  `omkreds.access.history.record_change`, in the same transaction as the change.

`omkreds/privacy/tests/test_history_walk.py` runs every write service and proves each one
leaves an entry here with the user, the time and what changed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from omkreds.access.models import ChangeRecord, Consent
from omkreds.access.registry import Entry, history_sources, user_label
from omkreds.privacy.models import InformedRecord

__all__ = ["Entry", "citizen_history"]

# The kinds of change access and privacy keep (registered in PrivacyConfig.ready()).
KINDS = {
    # access
    "consent_record": gettext_lazy("consent recorded"),
    "consent_withdraw": gettext_lazy("consent withdrawn"),
    # privacy
    "contact_informed": gettext_lazy("person marked as informed"),
    "insight_export": gettext_lazy("insight export made"),
}


def _consent_entries(citizen) -> list[Entry]:
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
                user_label(consent.recorded_by),
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
                    user_label(consent.withdrawn_by),
                    "consent_withdraw",
                    "consent",
                    str(consent.pk),
                    what,
                )
            )
    return entries


def _informed_entries(citizen) -> list[Entry]:
    return [
        Entry(
            record.recorded_at,
            record.recorded_by_id,
            user_label(record.recorded_by),
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
            user_label(record.user) if record.user_id else record.user_label,
            record.kind,
            record.object_type,
            record.object_id,
            record.summary,
        )
        for record in ChangeRecord.objects.filter(citizen=citizen).select_related("user")
    ]


def citizen_history(*, citizen) -> list[Entry]:
    """Every recorded change to the citizen's data, newest first. A fixed number of queries."""
    entries = _record_entries(citizen)
    for source in history_sources():
        entries.extend(source(citizen))
    entries += [*_consent_entries(citizen), *_informed_entries(citizen)]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
