"""Small helpers for Word documents people edit (python-docx): letters, memos.

Build with `new_document`, add with the helpers, finish with `to_bytes`. Texts are added as
plain runs, never parsed, so whatever a user typed stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Mm, Pt

FONT = "Calibri"


# A4 portrait, in millimetres; python-docx's template is US Letter.
A4 = (210, 297)
DEFAULT_MARGINS_MM = (20, 20, 18, 20)  # top, right, bottom, left


def new_document(
    *, language: str, title: str = "", margins_mm: Sequence[int] = DEFAULT_MARGINS_MM
) -> DocumentType:
    """An A4 document with the given margins (top, right, bottom, left, in millimetres)."""
    document = Document()
    top, right, bottom, left = margins_mm
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    properties = document.core_properties
    properties.language = language
    properties.title = title
    properties.author = "Omkreds"
    return document


def add_lines(document: DocumentType, text: str, *, bold: bool = False):
    """One paragraph; line breaks in `text` stay line breaks."""
    paragraph = document.add_paragraph()
    for index, line in enumerate(text.splitlines() or [""]):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(text.splitlines()) - 1:
            run.add_break()
    return paragraph


def add_field(document: DocumentType, label: str, value: str):
    """ "Label: value" with the label in bold."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)
    return paragraph


def add_bullets(document: DocumentType, items: Iterable[str]) -> None:
    for text in items:
        document.add_paragraph(text, style="List Bullet")


def add_table(document: DocumentType, header: Sequence[str], rows: Iterable[Sequence[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    return table


def to_bytes(document: DocumentType) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
