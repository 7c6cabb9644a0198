"""Tables as CSV and .xlsx that open in the reader's spreadsheet (lib/spreadsheet.py)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone, translation

from omkreds.lib.spreadsheet import Sheet, csv_text, xlsx_bytes

MOMENT = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # 01:30 in Copenhagen, 02:30 in summer


def sheet() -> Sheet:
    return Sheet(
        "Plan: [1/2]",
        ["Name", "Count", "Share", "Day", "When"],
        [
            ["Åse Ørsted", 3, 0.25, dt.date(2026, 1, 5), MOMENT],
            ["=HYPERLINK(1)", 0, Decimal("1.5"), None, None],
            ["-5 kr", 12, 0.0, dt.date(2026, 12, 31), MOMENT + dt.timedelta(days=1)],
        ],
    )


@pytest.mark.parametrize("language", ["da", "sv", "fi"])
def test_nordic_csv_has_a_bom_semicolons_and_decimal_commas(language):
    text = csv_text(sheet(), language)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Name", "Count", "Share", "Day", "When"]
    assert [row[0] for row in rows[1:]] == ["Åse Ørsted", "'=HYPERLINK(1)", "'-5 kr"]
    assert [row[2] for row in rows[1:]] == ["0,25", "1,5", "0,0"]
    assert [row[3] for row in rows[1:]] == ["2026-01-05", "", "2026-12-31"]


def test_english_csv_keeps_commas_and_points():
    rows = list(csv.reader(io.StringIO(csv_text(sheet(), "en").removeprefix("\ufeff"))))
    assert [row[2] for row in rows[1:]] == ["0.25", "1.5", "0.0"]


def test_the_active_language_decides_and_times_are_local():
    with translation.override("da"), timezone.override("Europe/Copenhagen"):
        text = csv_text(sheet())
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [row[4] for row in rows[1:]] == ["2026-03-29 01:30", "", "2026-03-30 02:30"]


def test_a_boolean_must_be_said_in_words():
    with pytest.raises(TypeError):
        csv_text(Sheet("x", ["yes?"], [[True]]), "da")


def test_xlsx_reads_back_with_numbers_dates_and_text_cells():
    with timezone.override("Europe/Copenhagen"):
        book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheet(), Sheet("Two", ["A"], []))))
    first, second = book.worksheets
    assert first.title == "Plan   1 2 " and second.title == "Two"
    assert [c.value for c in first[1]] == ["Name", "Count", "Share", "Day", "When"]
    assert all(c.font.bold for c in first[1])
    rows = list(first.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == ["Åse Ørsted", "=HYPERLINK(1)", "-5 kr"]
    assert {r[0].data_type for r in rows} == {"s"}  # never a formula
    assert [r[1].value for r in rows] == [3, 0, 12] and {r[1].data_type for r in rows} == {"n"}
    assert [r[2].value for r in rows] == [0.25, 1.5, 0.0]
    assert rows[0][3].is_date and rows[0][3].value == dt.datetime(2026, 1, 5)
    assert rows[1][3].value is None
    assert rows[0][4].value == dt.datetime(2026, 3, 29, 1, 30)  # local time, no zone
    assert rows[2][4].value == dt.datetime(2026, 3, 30, 2, 30)
