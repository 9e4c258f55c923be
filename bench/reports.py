"""`python -m bench.reports`: time the row-level CSV export of a financial year against
PostgreSQL's COPY of the same rows, the memory it takes, and the report page for a quarter
(bench/report_timings.py). Needs PostgreSQL and the scale data
(`python -m bench.scale --applications 200000`)."""

import argparse
import datetime as dt
import sys

from bench.command import setup_django

# The report's targets.
MAX_RATIO = 3.0
MAX_RSS_GROWTH_MB = 50
MAX_PAGE_SECONDS = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--financial-year", type=int, default=None)
    parser.add_argument("--quarter", default=None, help='Default: Q2 of that year, "YYYY-Q2".')
    parser.add_argument("--check", action="store_true", help="Exit 1 if a target is missed.")
    args = parser.parse_args(argv)
    setup_django()
    from bench import report_timings
    from portal.reports.periods import financial_year_of

    year = args.financial_year or financial_year_of(dt.date.today()) - 1  # noqa: DTZ011
    quarter = args.quarter or f"{year}-Q2"
    try:
        result = report_timings.export_benchmark(report_timings.year_filters(year))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    seconds, queries, size = report_timings.page_benchmark(quarter)
    print(f"Row-level CSV export, financial year {year} to {year + 1}: {result.rows:,} rows")
    print(f"  export  {result.export_seconds:6.2f} s  {result.export_bytes / 1e6:7.1f} MB")
    print(f"  COPY    {result.copy_seconds:6.2f} s  {result.copy_bytes / 1e6:7.1f} MB")
    print(f"  ratio   {result.ratio:6.2f} (target at most {MAX_RATIO})")
    print(f"  memory  +{result.rss_growth_mb:.1f} MB resident (target under {MAX_RSS_GROWTH_MB})")
    print(
        f"Row-level XLSX export of the same rows: {result.xlsx_seconds:.2f} s, "
        f"{result.xlsx_bytes / 1e6:.1f} MB, memory +{result.xlsx_rss_growth_mb:.1f} MB "
        f"resident (target under {MAX_RSS_GROWTH_MB})"
    )
    print(
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
        print(f"Missed: {', '.join(missed)}")
        return 1 if args.check else 0
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
