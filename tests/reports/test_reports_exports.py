"""Exports through the view: content, formula escaping, suppression, streaming, the audit row."""

import csv
import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.reports.exports import builders
from portal.reports.exports import csv as csv_module
from portal.reports.exports.cells import escape
from portal.reports.exports.xlsx import Sheet, xlsx_stream
from tests.factories import MembershipFactory, sign_in
from tests.reports.factories import at, make_application

pytestmark = pytest.mark.django_db
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
Q1 = "?quarter=2025-Q1"


def export(client, choice, query=Q1, **data):
    return client.post(reverse("reports:export") + query, {"export": choice, **data})


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_sheets(data: bytes) -> dict[str, list[list[tuple[str, str]]]]:
    """{sheet name: rows of (text, style index)} from an XLSX file."""
    book = zipfile.ZipFile(io.BytesIO(data))
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    sheets = {}
    for index, name in enumerate(names, start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{index}.xml"))
        rows = []
        for row in root.iter(f"{{{NS['m']}}}row"):
            cells = []
            for cell in row:
                text = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
                value = cell.find("m:v", NS)
                cells.append((value.text if value is not None else text, cell.get("s", "0")))
            rows.append(cells)
        sheets[name] = rows
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
    assert response["Content-Disposition"] == 'attachment; filename="report-summary-2025-Q1.csv"'
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
    assert rows[0] == [("Less than full time (LTFT) training", "2")]
    heading = rows.index([("Applications", "1")])
    assert rows[heading + 1] == [("", "1"), ("This period", "1"), ("A year earlier", "1")]
    assert rows[heading + 2] == [("Applications received", "0"), ("7", "0"), ("[c]", "0")]


def test_the_row_level_csv_has_one_row_per_application_active_in_the_period(client, world):
    sign_in(client, world.admin)
    rows = csv_rows(export(client, "rows:ltft:csv"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Reference", "Local office", "Specialty", "Programme", "Grade", "Status"]
    # A1 A2 A3 A4 A5 A6 A9 A10 had something happen in the quarter; A7, A8 and P* did not.
    assert len(body) == 8
    statuses = sorted(r[5] for r in body)
    assert statuses == ["Approved"] * 4 + ["Rejected", "Submitted", "Submitted", "Withdrawn"]
    a2 = next(r for r in body if r[9] == "CARER_CHANGE")
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
    assert rows[0][0] == ("Reference", "1")
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


def test_the_xlsx_writer_streams_blocks_and_writes_a_valid_workbook():
    rows = [[f"row {i}", i, "=evil" if i == 3 else f"note {i * 7919}"] for i in range(60_000)]
    taken = []

    def batches():
        for i in range(0, len(rows), 2000):
            taken.append(i)
            yield rows[i : i + 2000]

    stream = xlsx_stream(
        [
            Sheet(
                "Rows",
                rows=[("heading", ["Name", "Number", "Note"])],
                batches=batches(),
                freeze_first_row=True,
            )
        ]
    )
    first = next(stream)
    assert len(first) >= 64 * 1024
    assert len(taken) < 30  # handed out as it was written, not at the end
    data = first + b"".join(stream)
    (sheet,) = xlsx_sheets(data).values()
    assert len(sheet) == 60_001
    assert sheet[0][0] == ("Name", "1")
    # Text is written as an inline string, never as a formula element.
    assert sheet[4] == [("row 3", "0"), ("3", "0"), ("=evil", "0")]
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
