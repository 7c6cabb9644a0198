"""Insight (GDPR art. 15): everything held about a citizen, as a ZIP of JSON and a readable summary (HTML and PDF).

The export holds the case, the case team, consents, every map version, the overview (the latest
map's people as a table), meetings with memos and actions, network councils with their
questions, visits and proposals, CTI courses with their checklists
and plans, the change history and the access log (who looked, when, why). Safety-marked
(do-not-contact) people never leave the product, not even here: they and their lines are left
out of every map version. Secrets (reply-link nonces, room-code hashes) are left out too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from decimal import Decimal

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from omkreds.access.history import citizen_history
from omkreds.access.models import AccessLogEntry, Consent, InformedRecord, RightsSettings

# Fields never exported: secrets that let someone act, not data about the citizen.
_SECRET_FIELDS = {"token_nonce", "room_code_hash", "room_device_hash"}


def _value(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    return value


def _row(obj: models.Model) -> dict:
    """All concrete fields of a row; a foreign key as the id it holds."""
    return {
        f.name: _value(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in _SECRET_FIELDS
    }


def _without_safety_marked(document: dict) -> dict:
    contacts = [c for c in document.get("contacts", []) if not c.get("safety_marker")]
    ids = {c.get("id") for c in contacts}
    ties = [t for t in document.get("ties", []) if t.get("a") in ids and t.get("b") in ids]
    return {**document, "contacts": contacts, "ties": ties}


# Where a person is placed on the map; not part of the overview table.
_GEOMETRY = {"closeness", "angle", "wanted_closeness", "trend"}


def _map_part(citizen) -> tuple[list[dict], list[dict], list[dict]]:
    from omkreds.networks.models import ContactPhoto, MapVersion

    versions = []
    latest_contacts: list[dict] = []
    for version in MapVersion.objects.filter(map__citizen=citizen).order_by("number"):
        row = _row(version)
        row["document"] = _without_safety_marked(version.document)
        latest_contacts = row["document"].get("contacts", [])
        versions.append(row)
    overview = [{k: v for k, v in c.items() if k not in _GEOMETRY} for c in latest_contacts]
    shown_photos = {c.get("photo") for v in versions for c in v["document"]["contacts"]}
    photos = [
        {k: v for k, v in _row(p).items() if k != "file"}
        for p in ContactPhoto.objects.filter(citizen=citizen, key__in=shown_photos - {None})
    ]
    return versions, overview, photos


def _meetings_part(citizen) -> list[dict]:
    from omkreds.meetings.models import Meeting

    meetings = Meeting.objects.filter(citizen=citizen).prefetch_related(
        "questions", "invitees", "actions", "feedback", "memo__notes"
    )
    found = []
    for meeting in meetings.order_by("created_at"):
        row = _row(meeting)
        row["questions"] = [_row(q) for q in meeting.questions.all()]
        row["invitees"] = [_row(i) for i in meeting.invitees.all()]
        row["actions"] = [_row(a) for a in meeting.actions.all()]
        row["feedback"] = [_row(f) for f in meeting.feedback.all()]
        memo = getattr(meeting, "memo", None)
        row["memo"] = None
        if memo is not None:
            row["memo"] = {**_row(memo), "notes": [_row(n) for n in memo.notes.all()]}
        found.append(row)
    return found


def _councils_part(citizen) -> list[dict]:
    from omkreds.councils.models import Council

    councils = Council.objects.filter(citizen=citizen).prefetch_related(
        "questions", "visits", "proposals"
    )
    return [
        {
            **_row(council),
            "questions": [_row(q) for q in council.questions.all()],
            "visits": [_row(v) for v in council.visits.all()],
            "proposals": [_row(p) for p in council.proposals.all()],
        }
        for council in councils.order_by("created_at")
    ]


def _cti_part(citizen) -> list[dict]:
    from omkreds.cti.models import CtiCourse

    courses = CtiCourse.objects.filter(citizen=citizen).prefetch_related(
        "events", "answers", "plans__dimensions__subgoals"
    )
    found = []
    for course in courses.order_by("started_on"):
        row = _row(course)
        row["events"] = [_row(e) for e in course.events.all()]
        row["checklist_answers"] = [_row(a) for a in course.answers.all()]
        row["plans"] = [
            {
                **_row(plan),
                "dimensions": [
                    {**_row(d), "subgoals": [_row(s) for s in d.subgoals.all()]}
                    for d in plan.dimensions.all()
                ],
            }
            for plan in course.plans.all()
        ]
        found.append(row)
    return found


def insight_data(*, citizen) -> dict:
    """Everything held about the citizen, as plain JSON-ready data."""
    versions, overview, photos = _map_part(citizen)
    # Whether look-ups name the staff or only their organisation is the organisation's choice.
    staff_names = RightsSettings.of(citizen.organisation).insight_staff_names
    log = AccessLogEntry.objects.filter(citizen_id=citizen.pk).select_related("organisation")
    return {
        "made_at": timezone.now().isoformat(),
        "citizen": _row(citizen),
        "case_team": [_row(m) for m in citizen.team_members.all()],
        "consents": [_row(c) for c in Consent.objects.filter(citizen=citizen)],
        "map_versions": versions,
        "overview": overview,
        "photos": photos,
        # Who on the map was told they are on it; none of a safety-marked person.
        "informed": [
            _row(r)
            for r in InformedRecord.objects.filter(
                citizen=citizen, contact_id__in=[c.get("id") for c in overview]
            )
        ],
        "meetings": _meetings_part(citizen),
        "councils": _councils_part(citizen),
        "cti_courses": _cti_part(citizen),
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
    from omkreds.access.views import ACTION_LABELS

    with translation.override(language):
        history = citizen_history(citizen=citizen)
        log = [
            (e, ACTION_LABELS.get(e.action, e.action))
            for e in AccessLogEntry.objects.filter(citizen_id=citizen.pk).select_related(
                "organisation"
            )
        ]
        summary = render_to_string(
            "access/rights/insight_summary.html",
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
