"""Insight (GDPR art. 15): everything held about a citizen, as a ZIP of JSON and a readable summary (HTML and PDF).

The export holds the case, the case team, consents, every map version, the overview (the latest
map's people as a table), meetings with memos and actions, network councils with their
questions, visits and proposals, CTI courses with their checklists
and plans, the change history and the access log (who looked, when, why). Safety-marked
(do-not-contact) people never leave the product, not even here: they and their lines are left
out of every map version. Secrets (reply-link nonces, room-code hashes) are left out too.

Each workflow app registers its part (`omkreds.access.registry.register_insight_part`); this
module adds what the ground floor and privacy hold.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from omkreds.access.models import AccessLogEntry, Consent
from omkreds.access.registry import export_row, insight_parts
from omkreds.privacy.history import citizen_history
from omkreds.privacy.models import InformedRecord, RightsSettings
from omkreds.privacy.views_log import ACTION_LABELS

# The order of the export's parts; a part registered by an app and not named here follows them.
_ORDER = ("map_versions", "overview", "photos", "informed", "meetings", "councils", "cti_courses")


def _parts(citizen) -> dict:
    """What the workflow apps registered (`omkreds.access.registry.register_insight_part`), and
    who on the map was told they are on it (none of a safety-marked person)."""
    found: dict = {}
    for part in insight_parts():
        found.update(part(citizen))
    overview = found.get("overview", [])
    found["informed"] = [
        export_row(r)
        for r in InformedRecord.objects.filter(
            citizen=citizen, contact_id__in=[c.get("id") for c in overview]
        )
    ]
    ordered = {key: found.pop(key) for key in _ORDER if key in found}
    return {**ordered, **found}


def insight_data(*, citizen) -> dict:
    """Everything held about the citizen, as plain JSON-ready data."""
    # Whether look-ups name the staff or only their organisation is the organisation's choice.
    staff_names = RightsSettings.of(citizen.organisation).insight_staff_names
    log = AccessLogEntry.objects.filter(citizen_id=citizen.pk).select_related("organisation")
    return {
        "made_at": timezone.now().isoformat(),
        "citizen": export_row(citizen),
        "case_team": [export_row(m) for m in citizen.team_members.all()],
        "consents": [export_row(c) for c in Consent.objects.filter(citizen=citizen)],
        **_parts(citizen),
        "change_history": [
            {
                "at": e.at.isoformat(),
                "who": e.user_label,
                "what": e.kind,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "summary": e.summary,
            }
            for e in citizen_history(citizen=citizen)
        ],
        "access_log": [
            {
                "at": e.at.isoformat(),
                "who": e.user_label if staff_names else "",
                "organisation": e.organisation.name if e.organisation else "",
                "action": e.action,
                "object_type": e.object_type,
            }
            for e in log
        ],
    }


def insight_zip(*, citizen, language: str) -> bytes:
    """The export: `insight.json` (everything) and the readable summary in `language`, as
    `summary.html` and `summary.pdf`."""
    data = insight_data(citizen=citizen)
    with translation.override(language):
        history = citizen_history(citizen=citizen)
        log = [
            (e, ACTION_LABELS.get(e.action, e.action))
            for e in AccessLogEntry.objects.filter(citizen_id=citizen.pk).select_related(
                "organisation"
            )
        ]
        summary = render_to_string(
            "privacy/rights/insight_summary.html",
            {
                "citizen": citizen,
                "data": data,
                "staff_names": RightsSettings.of(citizen.organisation).insight_staff_names,
                "history": history,
                "log": log,
                "language": language,
                "made_at": timezone.now(),
            },
        )
    # The same page as PDF, for printing and for the case file.
    pdf = HTML(string=summary, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("insight.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("summary.html", summary)
        archive.writestr("summary.pdf", pdf)
    return buffer.getvalue()
