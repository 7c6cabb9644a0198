"""The overview as CSV, .xlsx, PDF (A4, WeasyPrint) and Word (python-docx), in the reader's
language.

Exports are files that leave the application, so they are always made from the shareable copy:
people with a safety marker (do not contact) are left out, and so are notes. The PDF "for the
team" also states in its footer the consent it was made under and when it was made.
"""

from __future__ import annotations

import base64
import io

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from omkreds.lib import spreadsheet
from omkreds.networks.overview import pdf_table, services
from omkreds.networks.overview.photos import photo_bytes

FORMATS = {
    # key: (content type, extension)
    "csv": (spreadsheet.CSV_TYPE, "csv"),
    "xlsx": (spreadsheet.XLSX_TYPE, "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "pdf-team": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
}


def header() -> list[str]:
    return [
        gettext("Role"),
        gettext("Already active"),
        gettext("Name"),
        gettext("Organisation"),
        gettext("Direct number"),
        gettext("Main number"),
        gettext("E-mail"),
        gettext("Postal address"),
        gettext("What can the person help with?"),
        gettext("Kinds of support"),
        gettext("Sector"),
        gettext("Member of the team"),
        gettext("Relation"),
    ]


def _yes(value: bool) -> str:
    return gettext("yes") if value else ""


def row_values(row: services.Row) -> list[str]:
    c = row.contact
    return [
        row.role_label,
        _yes(c.already_active),
        c.name,
        c.organisation,
        c.phone_direct,
        c.phone_main,
        c.email or "",
        c.address,
        c.help_text,
        ", ".join(row.support_labels),
        row.sector_label,
        _yes(c.team_member),
        c.relation,
    ]


def sheet(rows: list[services.Row]) -> spreadsheet.Sheet:
    return spreadsheet.Sheet(
        gettext("Network overview"), header(), [row_values(row) for row in rows]
    )


def to_csv(rows: list[services.Row]) -> str:
    """Semicolons and a byte-order mark where the reader's Excel expects them (lib/spreadsheet)."""
    return spreadsheet.csv_text(sheet(rows))


def to_xlsx(rows: list[services.Row]) -> bytes:
    return spreadsheet.xlsx_bytes(sheet(rows))


def title(citizen_label: str) -> str:
    return gettext("Network overview of %(citizen)s") % {"citizen": citizen_label}


def dated_line(version, made_at) -> str:
    made = formats.date_format(timezone.localtime(made_at), "DATETIME_FORMAT")
    if version is None:
        return gettext("Made %(date)s") % {"date": made}
    return gettext("Version %(number)d of the map, saved %(saved)s · made %(date)s") % {
        "number": version.number,
        "saved": formats.date_format(timezone.localtime(version.created_at), "DATE_FORMAT"),
        "date": made,
    }


def consent_line(consent, made_at) -> str:
    whom = consent.to_user.full_name if consent.to_user else consent.to_organisation.name
    until = (
        formats.date_format(consent.valid_until, "DATE_FORMAT")
        if consent.valid_until
        else gettext("until withdrawn")
    )
    return gettext(
        "Made for the team on %(date)s under the consent given %(given)s to %(whom)s for "
        "“%(purpose)s” (%(parts)s), valid %(from)s – %(until)s."
    ) % {
        "date": formats.date_format(timezone.localtime(made_at), "DATETIME_FORMAT"),
        "given": formats.date_format(consent.valid_from, "DATE_FORMAT"),
        "whom": whom,
        "purpose": consent.purpose,
        "parts": consent.get_parts_display(),
        "from": formats.date_format(consent.valid_from, "DATE_FORMAT"),
        "until": until,
    }


def _photo_contents(rows, photos: dict) -> dict[str, tuple[str, bytes]]:
    """Contact id -> (content type, bytes) of the photos that can be read."""
    found = {}
    for row in rows:
        photo = photos.get(row.contact.photo or "")
        if photo is None:
            continue
        try:
            found[row.contact.id] = (photo.content_type, photo_bytes(photo))
        except OSError:
            continue
    return found


def _cells(row: services.Row) -> list[list[pdf_table.Run]]:
    """The five cells of a row, as networks/overview/print.html shows them."""
    Run, c = pdf_table.Run, row.contact
    details = [Run(pdf_table.clean(c.name), "bold")]
    if c.relation:
        details.append(Run(f" ({pdf_table.clean(c.relation)})"))
    if c.organisation:
        details.append(Run(", " + pdf_table.clean(c.organisation)))
    for label, value in (
        (gettext("Direct number"), c.phone_direct),
        (gettext("Main number"), c.phone_main),
        (gettext("E-mail"), c.email),
    ):
        if value:
            details.append(Run(f"\n{label}: {value}"))
    if c.address:
        details.append(Run("\n" + pdf_table.clean(c.address)))
    helps = []
    if c.help_text:
        helps.append(Run(pdf_table.clean(c.help_text)))
    if row.support_labels:
        prefix = "\n" if helps else ""
        helps.append(Run(prefix + ", ".join(row.support_labels), "muted"))
    return [
        [],
        [Run(row.role_label or "—"), Run("\n" + row.sector_label, "muted")],
        [Run("✓")] if c.already_active else [],
        details,
        helps,
    ]


def _draw(*, rows, title_text, dated, consent_text, photos) -> bytes:
    surfaces = {key: pdf_table.photo_surface(content) for key, (_t, content) in photos.items()}
    confidential = gettext(
        "Confidential: personal data. People marked do-not-contact are left out."
    )
    return pdf_table.draw(
        pdf_table.Table(
            title=title_text,
            dated=dated,
            footer=f"{consent_text}\n{confidential}" if consent_text else confidential,
            header=[
                gettext("Photo"),
                gettext("Role"),
                gettext("Already active"),
                gettext("Contact details"),
                gettext("What can the person help with?"),
            ],
            rows=[(_cells(row), surfaces.get(row.contact.id)) for row in rows],
            empty=gettext("Nobody is on the overview yet."),
            language=translation.get_language() or "en",
        )
    )


def _html(*, rows, title_text, dated, consent_text, photos) -> bytes:
    """The same page through WeasyPrint, ~30 times slower: for a server without pangocairo."""
    from weasyprint import HTML, URLFetcher

    uris = {
        key: f"data:{content_type};base64," + base64.b64encode(content).decode("ascii")
        for key, (content_type, content) in photos.items()
    }
    html = render_to_string(
        "networks/overview/print.html",
        {
            "language": translation.get_language() or "en",
            "title": title_text,
            "dated": dated,
            "consent_line": consent_text,
            "rows": [(row, uris.get(row.contact.id)) for row in rows],
        },
    )
    # Data URIs only: rendering never reaches the network or the file system.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def to_pdf(*, rows, citizen_label, version, made_at, consent=None, photos=None) -> bytes:
    """The overview as an A4 landscape PDF, drawn directly (pdf_table); through WeasyPrint
    only when that cannot draw it (no pangocairo library)."""
    page = {
        "rows": rows,
        "title_text": title(citizen_label),
        "dated": dated_line(version, made_at),
        "consent_text": consent_line(consent, made_at) if consent else "",
        "photos": _photo_contents(rows, photos or {}),
    }
    try:
        return _draw(**page)
    except pdf_table.CannotDraw:
        return _html(**page)


def to_docx(*, rows, citizen_label, version, made_at) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    document.styles["Normal"].font.size = Pt(9)
    properties = document.core_properties
    properties.title = title(citizen_label)
    properties.language = translation.get_language() or "en"
    properties.author = "Omkreds"
    document.add_heading(title(citizen_label), level=1)
    document.add_paragraph(dated_line(version, made_at))
    columns = header()[:10]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        # Plain runs: whatever someone typed stays text.
        values = row_values(row)
        if row.contact.relation:  # the name with who they are, as on the map
            values[2] = f"{values[2]} ({row.contact.relation})"
        for cell, text in zip(cells, values[:10], strict=True):
            cell.text = text
    document.add_paragraph(
        gettext("Confidential: personal data. People marked do-not-contact are left out.")
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
