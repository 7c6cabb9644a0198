"""Insight (GDPR art. 15): everything held about a citizen, as a ZIP of JSON and a readable summary (HTML and PDF).

The export holds the case, the case team, consents, every map version (and the photos or
scans of paper maps kept beside them, as files under `map_scans/`), the overview (the latest
map's people as a table), meetings with memos and actions, network councils with their
questions, visits and proposals, CTI courses with their checklists
and plans, the change history and the access log (who looked, when, why): every look-up in
`insight.json` and `access_log.csv`, written row by row; the summary counts them by month. Safety-marked
(do-not-contact) people never leave the product, not even here: they and their lines are left
out of every map version. Secrets (reply-link nonces, room-code hashes) are left out too.

Each workflow app registers its part (`omkreds.access.registry.register_insight_part`); this
module adds what the ground floor and privacy hold.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from omkreds.access.models import AccessLogEntry, Consent
from omkreds.access.registry import export_row, insight_files, insight_parts
from omkreds.privacy.history import citizen_history
from omkreds.privacy.models import InformedRecord, RightsSettings
from omkreds.privacy.views_log import ACTION_LABELS

# The order of the export's parts; a part registered by an app and not named here follows them.
_CHUNK = 5000
_LOG_FIELDS = ("at", "who", "organisation", "action", "object_type")
_IN_MEMORY_BYTES = 8 * 1024 * 1024
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
    """Everything held about the citizen as plain JSON-ready data, but for the access log, which
    `log_rows` gives row by row (it may hold a hundred thousand look-ups)."""
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
    }


def log_rows(*, citizen, staff_names: bool) -> Iterator[tuple[str, str, str, str, str]]:
    """Every look-up of the citizen, oldest first, read from the database in chunks, as
    (at, who, organisation, action, object type): the fields of `_LOG_FIELDS`."""
    rows = (
        AccessLogEntry.objects.filter(citizen_id=citizen.pk)
        .order_by("at", "pk")
        .values_list("at", "user_label", "organisation__name", "action", "object_type")
        .iterator(chunk_size=_CHUNK)
    )
    for at, who, organisation, action, object_type in rows:
        yield at.isoformat(), who if staff_names else "", organisation or "", action, object_type


def log_summary(*, citizen, staff_names: bool) -> list[dict]:
    """The look-ups counted by month, by who looked (or their organisation) and why, newest month
    first: the readable summary's table, counted by the database however long the log is."""
    who = "user_label" if staff_names else "organisation__name"
    counted = (
        AccessLogEntry.objects.filter(citizen_id=citizen.pk)
        .annotate(month=TruncMonth("at"))
        .values("month", who, "action")
        .annotate(count=Count("pk"))
        .order_by("-month", who, "action")
    )
    return [
        {
            "month": row["month"],
            "who": row[who] or "",
            "why": ACTION_LABELS.get(row["action"], row["action"]),
            "count": row["count"],
        }
        for row in counted
    ]


def _write_log(archive: zipfile.ZipFile, data: dict, rows: Iterable[tuple]) -> None:
    """`insight.json` (`data` with the access log as its last key) and `access_log.csv` (every
    look-up, UTF-8 with a byte-order mark for spreadsheets), both from one pass over the log:
    the JSON is written row by row into the archive, the CSV into a temporary file beside it."""
    with tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES) as spool:
        table = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        writer = csv.writer(table)
        writer.writerow(_LOG_FIELDS)
        with archive.open("insight.json", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8")
            head = json.dumps(data, ensure_ascii=False, indent=2)
            out.write(head[: head.rindex("}")].rstrip() + ',\n  "access_log": [')
            comma = ""
            for row in rows:
                writer.writerow(row)
                out.write(
                    comma
                    + "\n    "
                    + json.dumps(dict(zip(_LOG_FIELDS, row, strict=True)), ensure_ascii=False)
                )
                comma = ","
            out.write("\n  ]\n}\n")
            out.flush()
            out.detach()
        table.flush()
        table.detach()
        spool.seek(0)
        with archive.open("access_log.csv", "w", force_zip64=True) as csv_member:
            shutil.copyfileobj(spool, csv_member)


def insight_zip(*, citizen, language: str, out: BinaryIO) -> None:
    """Write the export into `out`: `insight.json` (everything), `access_log.csv` (every look-up)
    and the readable summary in `language` as `summary.html` and `summary.pdf`, which count the
    look-ups by month, person and purpose. Memory stays bounded by the summary, not the log."""
    data = insight_data(citizen=citizen)
    staff_names = RightsSettings.of(citizen.organisation).insight_staff_names
    with translation.override(language):
        summary = render_to_string(
            "privacy/rights/insight_summary.html",
            {
                "citizen": citizen,
                "data": data,
                "staff_names": staff_names,
                "history": citizen_history(citizen=citizen),
                "log_summary": log_summary(citizen=citizen, staff_names=staff_names),
                "language": language,
                "made_at": timezone.now(),
            },
        )
    # The same page as PDF, for printing and for the case file.
    pdf = HTML(string=summary, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_log(archive, data, log_rows(citizen=citizen, staff_names=staff_names))
        archive.writestr("summary.html", summary)
        archive.writestr("summary.pdf", pdf)
        # The files the apps hold beside the data (scans of paper maps), one read at a time.
        for source in insight_files():
            for name, read in source(citizen):
                archive.writestr(name, read())
