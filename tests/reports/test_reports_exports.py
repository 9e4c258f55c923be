"""Exports through the view: content, formula escaping, suppression, streaming, the audit row."""

import csv
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.reports.exports import builders
from portal.reports.exports import csv as csv_module
from portal.reports.exports.cells import escape
from portal.reports.exports.xlsx import Sheet, xlsx_stream
from tests.factories import MembershipFactory
from tests.reports.factories import at, make_application
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
Q1 = "?quarter=2025-Q1"
CARER_CHANGE_LABEL = (
    "An unforeseen change for a primary carer or someone with parental responsibilities"
)


def export(client, choice, query=Q1, **data):
    return client.post(reverse("reports:export") + query, {"export": choice, **data})


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _style(cell) -> str | None:
    if cell.font.b:
        return "title" if cell.font.sz == 14 else "heading"
    return None


def xlsx_sheets(data: bytes) -> dict[str, list[list[tuple[object, str | None]]]]:
    """{sheet name: rows of (value, style)} from an XLSX file, blanks as None, each row cut
    after its last value."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = [(cell.value, _style(cell)) for cell in row]
            while cells and cells[-1][0] is None:
                cells.pop()
            rows.append(cells)
        sheets[sheet.title] = rows
    return sheets


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 161", "'+44 161"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("North West", "North West"),
        (-2, -2),  # a number stays a number
    ],
)
def test_formula_starts_are_escaped(value, expected):
    assert escape(value) == expected


def test_the_summary_csv_holds_every_figure_and_the_filters(client, world):
    sign_in(client, world.admin)
    response = export(client, "summary:csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == (
        'attachment; filename="report-summary-internal-use-2025-Q1.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Period", "Q1 2025 to 2026 (1 April 2025 to 30 June 2025)"]
    by_label = {(r[1], r[2], r[3]): r[4:] for r in rows if len(r) == 6}
    section = "Less than full time (LTFT) training"
    assert (
        rows[
            rows.index(["Section", "Table", "Row", "Measure", "This period", "A year earlier"]) + 1
        ][0]
        == section
    )
    assert by_label[("Applications", "Applications received", "")] == ["7", "3"]
    assert by_label[("Notice and time to decision", "Received at short notice", "")] == [
        "28.6",
        "33.3",
    ]
    assert by_label[("By local office", "North West", "Approved")] == ["3", "1"]


def test_a_summary_for_sharing_hides_small_numbers(client, world):
    sign_in(client, world.admin)
    rows = csv_rows(export(client, "summary:csv", shared="on"))
    by_label = {(r[1], r[2], r[3]): r[4:] for r in rows if len(r) == 6}
    assert by_label[("Applications", "Applications received", "")] == ["7", "[c]"]
    assert by_label[("Applications", "Approved", "")] == ["[c]", "[c]"]
    assert by_label[("By local office", "North West", "Applications received")] == ["[c]", "[c]"]
    assert any(r[0] == "Shared outside the team" for r in rows)


def test_the_summary_xlsx_has_one_sheet_per_section_with_bold_headings(client, world):
    sign_in(client, world.admin)
    response = export(client, "summary:xlsx", shared="on")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = xlsx_sheets(b"".join(response.streaming_content))
    assert list(sheets)[0] == "Less than full time"
    rows = sheets["Less than full time"]
    assert rows[0] == [("Less than full time (LTFT) training", "title")]
    heading = rows.index([("Applications", "heading")])
    assert rows[heading + 1] == [
        (None, "heading"),
        ("This period", "heading"),
        ("A year earlier", "heading"),
    ]
    assert rows[heading + 2] == [("Applications received", None), (7, None), ("[c]", None)]


def test_the_row_level_csv_has_one_row_per_application_active_in_the_period(client, world):
    sign_in(client, world.admin)
    rows = csv_rows(export(client, "rows:ltft:csv"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Reference", "Local office", "Specialty", "Programme", "Grade", "Status"]
    # A1 A2 A3 A4 A5 A6 A9 A10 had something happen in the quarter; A7, A8 and P* did not.
    assert len(body) == 8
    statuses = sorted(r[5] for r in body)
    assert statuses == ["Approved"] * 4 + ["Rejected", "Submitted", "Submitted", "Withdrawn"]
    a2 = next(r for r in body if r[9] == CARER_CHANGE_LABEL)
    assert a2[8] == "Yes"
    assert a2[-1] == "Caring responsibilities; Welfare and wellbeing"
    assert "GMC" not in " ".join(header)


def test_names_that_look_like_formulas_are_escaped_in_row_exports(client, world):
    world.paeds.name = "=cmd|' /C calc'!A0"
    world.paeds.save()
    sign_in(client, world.admin)
    rows = csv_rows(export(client, "rows:ltft:csv"))
    assert {r[3] for r in rows[1:] if "cmd" in r[3]} == {"'=cmd|' /C calc'!A0"}
    sheets = xlsx_sheets(b"".join(export(client, "rows:ltft:xlsx").streaming_content))
    (rows,) = sheets.values()
    assert rows[0][0] == ("Reference", "heading")
    assert "'=cmd|' /C calc'!A0" in {cell for cell, _s in (r[3] for r in rows[1:])}


def test_row_level_files_cannot_be_marked_for_sharing(client, world):
    sign_in(client, world.admin)
    response = export(client, "rows:ltft:csv", shared="on")
    assert response.status_code == 200
    assert b"Row-level files cannot be shared outside the team" in response.content
    assert response.content.count(b"<title>Error: ") == 1
    assert not AuditEvent.objects.filter(action="reports.export").exists()


def test_each_export_writes_an_audit_row_with_its_filters(client, world):
    sign_in(client, world.admin)
    b"".join(export(client, "rows:ltft:csv", query=f"{Q1}&grade={world.st3.pk}").streaming_content)
    event = AuditEvent.objects.get(action="reports.export")
    assert event.actor == world.admin
    assert event.detail["export"] == "rows:ltft"
    assert event.detail["format"] == "csv"
    assert event.detail["rows"] == 6
    assert event.detail["shared_outside_team"] is False
    assert event.detail["filters"]["grade"] == "ST3"
    assert event.detail["filters"]["quarter"] == "2025-Q1"


def test_a_large_export_streams_in_blocks_without_reading_every_row_first(
    client, world, monkeypatch
):
    # Small batches and blocks, so 300 rows behave as 300,000 would.
    monkeypatch.setattr(builders, "ROW_BATCH", 20)
    monkeypatch.setattr(csv_module, "BLOCK_BYTES", 1024)
    trainees = [MembershipFactory(programme=world.paeds) for _ in range(300)]
    for membership in trainees:
        make_application(membership, history=[("submit", at(2025, 5, 1))])
    finished = []
    real_islice = builders.islice

    def counting_islice(rows, n):
        batch = list(real_islice(rows, n))
        finished.extend(batch)
        return batch

    monkeypatch.setattr(builders, "islice", counting_islice)
    sign_in(client, world.admin)
    response = export(client, "rows:ltft:csv")
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert len(first) >= 1024
    assert len(finished) < 300  # the first block went out before most rows were read
    rest = b"".join(chunks)
    assert len(finished) == 308
    assert (first + rest).count(b"\r\n") == 309


def _sheet_of(rows: int) -> Sheet:
    def batches():
        for start in range(0, rows, 2000):
            yield [
                [f"row {i}", i, "=evil" if i == 3 else f"note {i * 7919}"]
                for i in range(start, min(start + 2000, rows))
            ]

    return Sheet(
        "Rows",
        rows=[("heading", ["Name", "Number", "Note"])],
        batches=batches(),
        freeze_first_row=True,
    )


def _peak_bytes(rows: int) -> int:
    tracemalloc.start()
    try:
        for _block in xlsx_stream([_sheet_of(rows)]):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_xlsx_writer_keeps_memory_flat_however_many_rows():
    # Eight times the rows, and not even 1 MB more at the peak: the rows go to disk as they
    # are written. Holding every cell (XlsxWriter's default mode) takes several MB more here.
    assert _peak_bytes(16_000) - _peak_bytes(2_000) < 1024 * 1024


def test_the_xlsx_writer_writes_a_valid_workbook_in_blocks_and_never_a_formula():
    blocks = list(xlsx_stream([_sheet_of(20_000)]))
    assert all(len(block) == 64 * 1024 for block in blocks[:-1])
    data = b"".join(blocks)
    (sheet,) = xlsx_sheets(data).values()
    assert len(sheet) == 20_001
    assert sheet[0][0] == ("Name", "heading")
    assert sheet[4] == [("row 3", None), (3, None), ("=evil", None)]
    # Text is written as an inline string, never as a formula element.
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_exports_show_labels_not_stored_codes(client, world):
    sign_in(client, world.admin)
    csv_body = csv_rows(export(client, "rows:ltft:csv"))[1:]
    (xlsx_rows,) = xlsx_sheets(
        b"".join(export(client, "rows:ltft:xlsx").streaming_content)
    ).values()
    xlsx_cells = {value for row in xlsx_rows[1:] for value, _style in row}
    for cells in ({c for r in csv_body for c in r}, xlsx_cells):
        assert CARER_CHANGE_LABEL in cells
        assert "CARER_CHANGE" not in cells


def test_the_shared_and_internal_summaries_download_under_different_names(client, world):
    sign_in(client, world.admin)
    names = {
        (shared, file_format): export(
            client, f"summary:{file_format}", **({"shared": "on"} if shared else {})
        )["Content-Disposition"]
        for shared in (True, False)
        for file_format in ("csv", "xlsx")
    }
    assert names[(True, "csv")] == 'attachment; filename="report-summary-for-sharing-2025-Q1.csv"'
    assert names[(False, "xlsx")] == (
        'attachment; filename="report-summary-internal-use-2025-Q1.xlsx"'
    )
    assert len(set(names.values())) == 4
