"""What goes in each export: the summary (every section's figures and breakdowns) and the
row-level files, as CSV or XLSX byte streams."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import connection
from django.utils.text import slugify

from portal.reports.exports.cells import FORMULA_STARTS, escape_row
from portal.reports.exports.csv import csv_stream
from portal.reports.exports.xlsx import Sheet, xlsx_stream
from portal.reports.sections.base import SUPPRESSED_MARK, RowExport, SectionReport

ROW_BATCH = 2000
THIS, EARLIER = "This period", "A year earlier"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def period_slug(filters) -> str:
    period = filters.period
    return period.quarter or f"{period.start.isoformat()}-to-{period.end.isoformat()}"


# The summary that hides small numbers and the one that shows them must never be confused once
# downloaded, so each says in its name which it is.
SUMMARY_TITLES = {True: "Report summary for sharing", False: "Report summary internal use"}


def filename(filters, file_format: str, title: str | None = None, *, shared=False) -> str:
    """The download's name: the row-level file's title, or the summary's (shared or not)."""
    title = title or SUMMARY_TITLES[shared]
    return f"{slugify(title)}-{period_slug(filters)}.{file_format}"


def _about(filters, shared: bool) -> list[list]:
    rows = [[name, value] for name, value in filters.labels()]
    if shared:
        rows.append(
            [
                "Shared outside the team",
                f"Yes: counts from 1 to 4, and figures that would reveal them, are shown as "
                f"{SUPPRESSED_MARK}",
            ]
        )
    return [escape_row(row) for row in rows]


# Summary ----------------------------------------------------------------------------------------


def _figure_rows(report: SectionReport):
    """(table title, row label, measure, this period, a year earlier) for every figure."""
    for table in report.tables:
        for figure in table.figures:
            yield table.title, figure.label, "", *(c.export_value() for c in figure.cells)
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            for column, label in breakdown.columns:
                current, previous = row.cells[column]
                yield (
                    breakdown.title,
                    row.label,
                    label,
                    current.export_value(),
                    previous.export_value(),
                )


def summary_csv(reports: list[SectionReport], filters, shared: bool) -> Iterator[bytes]:
    rows = [*_about(filters, shared), []]
    rows.append(["Section", "Table", "Row", "Measure", THIS, EARLIER])
    for report in reports:
        rows.extend(escape_row([report.title, *row]) for row in _figure_rows(report))
    return csv_stream([rows])


def _summary_sheet(report: SectionReport, filters, shared: bool) -> Sheet:
    rows: list = [("title", [report.title]), (None, [])]
    rows += [(None, row) for row in _about(filters, shared)]
    for table in report.tables:
        rows += [(None, []), ("heading", [table.title])]
        rows.append(("heading", [table.unit if table.unit != "Number" else "", THIS, EARLIER]))
        rows += [
            (None, escape_row([f.label, *(c.export_value() for c in f.cells)]))
            for f in table.figures
        ]
    for breakdown in report.breakdowns:
        rows += [(None, []), ("heading", [breakdown.title])]
        header = [breakdown.dimension]
        for _key, label in breakdown.columns:
            header += [f"{label}: {THIS.lower()}", f"{label}: {EARLIER.lower()}"]
        rows.append(("heading", header))
        for row in breakdown.rows:
            values = [row.label]
            for key, _label in breakdown.columns:
                values += [c.export_value() for c in row.cells[key]]
            rows.append((None, escape_row(values)))
    widths = [48, 18, 18] + [18] * 10
    return Sheet(name=report.title.split(" (")[0], rows=rows, widths=widths)


def summary_xlsx(reports: list[SectionReport], filters, shared: bool) -> Iterator[bytes]:
    return xlsx_stream([_summary_sheet(report, filters, shared) for report in reports])


# Row level --------------------------------------------------------------------------------------


def _fixer(row_export: RowExport) -> Callable | None:
    """A function that finishes one database row (labels, escaping), or None when the row is
    ready as it comes: the database has already turned every value into text or a number."""
    converts = [(i, c.convert) for i, c in enumerate(row_export.columns) if c.convert]
    free = [i for i, c in enumerate(row_export.columns) if c.free_text]
    if not converts and not free:
        return None

    def fix(row):
        row = list(row)
        for i, convert in converts:
            row[i] = convert(row[i])
        for i in free:
            value = row[i]
            if value and value.startswith(FORMULA_STARTS):
                row[i] = "'" + value
        return row

    return fix


def row_count(row_export: RowExport, filters) -> int:
    return row_export.queryset(filters).count()


def row_queryset(row_export: RowExport, filters, carried: frozenset[str] = frozenset()):
    """The rows as values; special-category columns hold their data only when `carried`
    names its class (portal.accounts.privacy decides which)."""
    names = [f"col{i}" for i in range(len(row_export.columns))]
    columns = zip(names, row_export.columns, strict=True)
    return (
        row_export.queryset(filters)
        .annotate(**{n: c.expression_for(carried) for n, c in columns})
        .values_list(*names)
    )


@contextmanager
def _reading_everything():
    """Tell PostgreSQL this cursor will be read to the end. A server-side cursor is planned by
    default for the first 10% of its rows (`cursor_tuple_fraction`), which picks nested loops
    over hash joins and made a 200,000-row export twice as slow. Session-level, because the
    stream runs after the request's transaction, and reset however the stream ends."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def row_batches(
    row_export: RowExport,
    filters,
    on_rows: Callable[[int], None] | None = None,
    carried: frozenset[str] = frozenset(),
) -> Iterator[list]:
    """The rows in batches, read with a server-side cursor so only one chunk is in memory."""
    fix = _fixer(row_export)
    done = 0
    with _reading_everything():
        rows = row_queryset(row_export, filters, carried).iterator(chunk_size=ROW_BATCH)
        while batch := islice(rows, ROW_BATCH):
            batch = [fix(row) for row in batch] if fix else list(batch)
            if not batch:
                break
            yield batch
            done += len(batch)
            if on_rows is not None:
                on_rows(done)


def _header(row_export: RowExport) -> list[str]:
    return [c.heading for c in row_export.columns]


def rows_csv(row_export: RowExport, filters, on_rows=None, carried=frozenset()) -> Iterator[bytes]:
    def batches():
        yield [_header(row_export)]
        yield from row_batches(row_export, filters, on_rows, carried)

    return csv_stream(batches())


def rows_xlsx(row_export: RowExport, filters, on_rows=None, carried=frozenset()) -> Iterator[bytes]:
    header = _header(row_export)
    sheet = Sheet(
        name=row_export.title,
        rows=[("heading", header)],
        batches=row_batches(row_export, filters, on_rows, carried),
        widths=[max(12, min(len(h) + 4, 40)) for h in header],
        freeze_first_row=True,
    )
    return xlsx_stream([sheet])


def build(
    kind: str,
    file_format: str,
    *,
    reports=None,
    row_export=None,
    filters,
    shared=False,
    on_rows=None,
    carried: frozenset[str] = frozenset(),
) -> Iterator[bytes]:
    """The byte stream of one export. `carried`: the special-category classes a row-level file
    may hold (`portal.reports.services.carried_classes`)."""
    if kind == "summary":
        maker = summary_csv if file_format == "csv" else summary_xlsx
        return maker(reports, filters, shared)
    maker = rows_csv if file_format == "csv" else rows_xlsx
    return maker(row_export, filters, on_rows, carried)
