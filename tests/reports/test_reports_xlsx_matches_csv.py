"""Every row-level export the portal offers holds the same rows in XLSX as in CSV, cell for
cell: blanks stay blank (so nothing moves under the wrong heading), dates are Excel dates and
numbers are numbers."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest

from portal.reports import selectors
from portal.reports.exports.builders import build
from portal.reports.filters import ReportFilters
from portal.reports.periods import quarter_period

# The LTFT, OOPP and SuppoRTT data sets, worked out by hand in their own test modules.
from tests.reports.test_reports_oopp_supportt import oopp_world, supportt_world  # noqa: F401

pytestmark = pytest.mark.django_db
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_of(row_export, filters) -> list[list[str]]:
    body = b"".join(build("rows", "csv", row_export=row_export, filters=filters))
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_of(row_export, filters) -> list[list]:
    body = b"".join(build("rows", "xlsx", row_export=row_export, filters=filters))
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    (sheet,) = book.worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def same_cell(text: str, value) -> bool:
    """Whether an XLSX cell holds what the CSV shows as `text`, with its proper type."""
    if text == "":
        return value is None
    if ISO_DATE.fullmatch(text):
        return isinstance(value, dt.datetime) and value == dt.datetime.fromisoformat(text)
    if NUMBER.fullmatch(text):
        return isinstance(value, int | float) and value == float(text)
    return value == text


@pytest.mark.usefixtures("oopp_world", "supportt_world")
def test_every_row_level_xlsx_holds_what_its_csv_holds():
    filters = ReportFilters(period=quarter_period("2025-Q1"), scope=None)
    exports = selectors.row_exports()
    assert {e.key for e in exports} >= {"ltft", "oopp", "supportt"}
    for row_export in exports:
        expected, got = csv_of(row_export, filters), xlsx_of(row_export, filters)
        header, rows = expected[0], expected[1:]
        assert len(rows) >= 3, f"{row_export.key}: the test data should give it rows"
        # A blank before the last column is what moved values left in the old writer.
        assert any("" in row[:-1] for row in rows), f"{row_export.key}: no blank to test"
        assert len(got) == len(expected), row_export.key
        assert [str(v) for v in got[0]] == header, row_export.key
        for number, (texts, values) in enumerate(zip(rows, got[1:], strict=True), start=2):
            # openpyxl stops a row at its last filled cell; the rest are blanks.
            values = values + [None] * (len(texts) - len(values))
            mismatches = [
                (heading, text, value)
                for heading, text, value in zip(header, texts, values, strict=True)
                if not same_cell(text, value)
            ]
            assert not mismatches, f"{row_export.key} row {number}: {mismatches}"


@pytest.mark.usefixtures("oopp_world", "supportt_world")
def test_row_level_xlsx_dates_and_numbers_have_their_excel_types():
    filters = ReportFilters(period=quarter_period("2025-Q1"), scope=None)
    for row_export in selectors.row_exports():
        rows = xlsx_of(row_export, filters)
        cells = [value for row in rows[1:] for value in row]
        assert any(isinstance(v, dt.datetime) for v in cells), row_export.key
        assert any(isinstance(v, int | float) for v in cells), row_export.key
