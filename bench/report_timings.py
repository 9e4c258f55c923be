"""Measures the report's targets on PostgreSQL (`python -m bench.reports`, after
`python -m bench.scale --applications 200000`):

- the row-level CSV export of a year against PostgreSQL's own COPY of the same query: time, and
  how much the process's resident memory grows while streaming;
- the XLSX file of the same rows: time, size and memory growth (it has no COPY to compare with);
- the report page for a quarter: time to render and its number of SQL queries.
"""

import time
from dataclasses import dataclass

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import Role, User
from portal.reports.exports.builders import row_batches, row_queryset, rows_csv, rows_xlsx
from portal.reports.filters import ReportFilters
from requests_ltft.report import ltft


@dataclass
class Result:
    rows: int
    export_seconds: float
    export_bytes: int
    copy_seconds: float
    copy_bytes: int
    rss_growth_mb: float
    xlsx_seconds: float
    xlsx_bytes: int
    xlsx_rss_growth_mb: float

    @property
    def ratio(self) -> float:
        return self.export_seconds / self.copy_seconds


class _Counter:
    """A file that only counts what is written to it (the export's client, or COPY's file)."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)
        return len(data)


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def _reset_peak_rss() -> None:
    # Writing 5 to clear_refs resets the peak (VmHWM) to the current size (Linux ≥ 4.0).
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def copy_seconds(filters) -> tuple[float, int]:
    """COPY of exactly the query the export runs, streamed to a counter."""
    queryset = row_queryset(ltft.SECTION.row_exports[0], filters)
    sql, params = queryset.query.sql_with_params()
    sink = _Counter()
    with connection.cursor() as cursor:
        statement = cursor.mogrify(sql, params)
        if isinstance(statement, bytes):
            statement = statement.decode()
        started = time.perf_counter()
        cursor.copy_expert(f"COPY ({statement}) TO STDOUT WITH CSV HEADER", sink)
        return time.perf_counter() - started, sink.size


def export_run(filters, maker=rows_csv) -> tuple[float, int, float]:
    row_export = ltft.SECTION.row_exports[0]
    sink = _Counter()
    before = _rss_kb("VmRSS")
    _reset_peak_rss()
    started = time.perf_counter()
    for chunk in maker(row_export, filters):
        sink.write(chunk)
    seconds = time.perf_counter() - started
    growth_mb = (_rss_kb("VmHWM") - before) / 1024
    return seconds, sink.size, growth_mb


def export_benchmark(filters, *, repeats: int = 3) -> Result:
    if connection.vendor != "postgresql":
        raise RuntimeError("The benchmark compares with PostgreSQL's COPY: set DATABASE_URL.")
    rows = sum(len(b) for b in row_batches(ltft.SECTION.row_exports[0], filters))  # warm up
    copies = [copy_seconds(filters) for _ in range(repeats)]
    exports = [export_run(filters) for _ in range(repeats)]
    copy_best = min(copies)
    # Once: the XLSX file takes several times as long as the CSV, and is not compared with COPY.
    xlsx = export_run(filters, rows_xlsx)
    export_best = min(exports, key=lambda e: e[0])
    return Result(
        rows=rows,
        export_seconds=export_best[0],
        export_bytes=export_best[1],
        copy_seconds=copy_best[0],
        copy_bytes=copy_best[1],
        rss_growth_mb=max(e[2] for e in exports),
        xlsx_seconds=xlsx[0],
        xlsx_bytes=xlsx[1],
        xlsx_rss_growth_mb=xlsx[2],
    )


def benchmark_admin() -> User:
    user, _ = User.objects.get_or_create(
        email="report-benchmark@scale.example.nhs.uk",
        defaults={"first_name": "Report", "last_name": "Benchmark", "password": "!"},
    )
    Role.objects.get_or_create(user=user, kind=Role.Kind.ADMIN, local_office=None)
    return user


def page_benchmark(quarter: str, *, repeats: int = 3) -> tuple[float, int, int]:
    """Render the report page for `quarter` as an all-offices admin, through the real view
    (without the middleware, which adds the same few queries to every page). Returns the best
    time, the number of queries and the response size."""
    from portal.reports.views import home_view

    user = benchmark_admin()
    timings, queries, size = [], 0, 0
    for _ in range(repeats):
        request = RequestFactory().get("/reports/", {"quarter": quarter})
        request.user = User.objects.get(pk=user.pk)  # fresh, as each request loads it
        request.session = {}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = home_view(request)
            timings.append(time.perf_counter() - started)
        queries, size = len(captured), len(response.content)
    return min(timings), queries, size


def year_filters(financial_year: int) -> ReportFilters:
    from portal.reports.periods import Period, quarter_period

    start = quarter_period(f"{financial_year}-Q1").start
    end = quarter_period(f"{financial_year}-Q4").end
    return ReportFilters(period=Period(start, end), scope=None)
