import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from portal.reports import benchmark
from portal.reports.periods import financial_year_of

# The targets ("Done when").
MAX_RATIO = 3.0
MAX_RSS_GROWTH_MB = 50
MAX_PAGE_SECONDS = 2.0


class Command(BaseCommand):
    help = (
        "Time the row-level CSV export of a financial year against PostgreSQL's COPY of the "
        "same rows, the memory it and the XLSX file take, and the report page for a quarter. "
        "Needs PostgreSQL and the scale data (seed_scale, then seed_scale_applications)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--financial-year", type=int, default=None)
        parser.add_argument("--quarter", default=None, help='Default: Q2 of that year, "YYYY-Q2".')
        parser.add_argument("--check", action="store_true", help="Exit 1 if a target is missed.")

    def handle(self, *args, financial_year, quarter, check, **options):
        year = financial_year or financial_year_of(dt.date.today()) - 1  # noqa: DTZ011
        quarter = quarter or f"{year}-Q2"
        try:
            result = benchmark.export_benchmark(benchmark.year_filters(year))
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        seconds, queries, size = benchmark.page_benchmark(quarter)
        out = self.stdout.write
        out(f"Row-level CSV export, financial year {year} to {year + 1}: {result.rows:,} rows")
        out(f"  export  {result.export_seconds:6.2f} s  {result.export_bytes / 1e6:7.1f} MB")
        out(f"  COPY    {result.copy_seconds:6.2f} s  {result.copy_bytes / 1e6:7.1f} MB")
        out(f"  ratio   {result.ratio:6.2f} (target at most {MAX_RATIO})")
        out(f"  memory  +{result.rss_growth_mb:.1f} MB resident (target under {MAX_RSS_GROWTH_MB})")
        out(
            f"Row-level XLSX export of the same rows: {result.xlsx_seconds:.2f} s, "
            f"{result.xlsx_bytes / 1e6:.1f} MB, memory +{result.xlsx_rss_growth_mb:.1f} MB "
            f"resident (target under {MAX_RSS_GROWTH_MB})"
        )
        out(
            f"Report page for {quarter}: {seconds:.2f} s, {queries} queries, {size / 1e3:.0f} kB "
            f"(target under {MAX_PAGE_SECONDS} s)"
        )
        missed = [
            name
            for name, ok in (
                ("ratio", result.ratio <= MAX_RATIO),
                ("memory", result.rss_growth_mb < MAX_RSS_GROWTH_MB),
                ("XLSX memory", result.xlsx_rss_growth_mb < MAX_RSS_GROWTH_MB),
                ("page", seconds < MAX_PAGE_SECONDS),
            )
            if not ok
        ]
        if missed:
            self.stdout.write(self.style.ERROR(f"Missed: {', '.join(missed)}"))
            if check:
                raise SystemExit(1)
        else:
            self.stdout.write(self.style.SUCCESS("All targets met."))
