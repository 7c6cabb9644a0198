"""Tables as files that open where people open them: CSV for the reader's spreadsheet, and .xlsx.

A Danish, Swedish or Finnish Excel splits CSV on semicolons and reads a file as UTF-8 only when
it starts with a byte-order mark; its decimal separator is the comma. So CSV for those
languages is `;`-separated with a BOM and decimal commas; English keeps the comma (and the
BOM, which every spreadsheet skips). Dates are written as ISO dates, which each of them reads as
a date. In .xlsx, numbers and dates are real number and date cells.

Text that a spreadsheet would run as a formula (=, +, -, @ …) starts with an apostrophe in CSV
and is written as a text cell in .xlsx.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation

Value = str | int | float | Decimal | dt.date | dt.datetime | None

SEMICOLON_LANGUAGES = ("da", "sv", "fi")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit on a sheet's title, and the characters it refuses there.
_TITLE_MAX = 31
_TITLE_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Value]] = field(default_factory=list)


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").split("-")[0].lower()


def delimiter(language: str | None = None) -> str:
    return ";" if _language(language) in SEMICOLON_LANGUAGES else ","


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def csv_value(value: Value, language: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("say yes or no in words: a spreadsheet shows True/False in English")
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        text = str(value)
        return text.replace(".", ",") if delimiter(language) == ";" else text
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(sheet: Sheet, language: str | None = None) -> str:
    """The sheet as CSV text, starting with the byte-order mark."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter(language), lineterminator="\r\n")
    writer.writerow([csv_value(title, language) for title in sheet.header])
    for row in sheet.rows:
        writer.writerow([csv_value(value, language) for value in row])
    return out.getvalue()


def _xlsx_cell(worksheet, value: Value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        raise TypeError("say yes or no in words: a spreadsheet shows True/False in English")
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(worksheet, value=_local(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or value == "" or isinstance(value, int | float | Decimal):
        return WriteOnlyCell(worksheet, value=value if value != "" else None)
    cell = WriteOnlyCell(worksheet, value=str(value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The sheets as one .xlsx workbook (openpyxl's write-only mode: rows are not kept)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title.translate(_TITLE_BAD)[:_TITLE_MAX])
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(worksheet, value=str(title))
            cell.data_type, cell.font = "s", bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_response(sheet: Sheet, filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(sheet), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(*sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
