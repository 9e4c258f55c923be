"""`python -m bench.scale`: the scale data set for load tests (`make seed-scale`), built with
bulk inserts and a progress bar: trainees (bench/trainees.py), and with --applications, LTFT
applications with their status history for the report benchmark (bench/applications.py)."""

import argparse
import sys
import time

from bench.command import progress_bar, setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=60000)
    parser.add_argument(
        "--applications",
        type=int,
        default=0,
        help="Also add this many LTFT applications with history (about 200000 for the "
        "report benchmark, `python -m bench.reports`).",
    )
    parser.add_argument(
        "--financial-year",
        type=int,
        default=None,
        help="The year the applications' financial year starts in (default: the last "
        "complete one).",
    )
    args = parser.parse_args(argv)
    setup_django()
    from bench.applications import seed_scale_applications
    from bench.trainees import seed_scale

    started = time.monotonic()
    added = seed_scale(args.trainees, progress_bar("trainees"))
    sys.stdout.write("\n")
    message = f"Added {added:,} trainees"
    if args.applications:
        made = seed_scale_applications(
            args.applications, progress_bar("applications"), financial_year=args.financial_year
        )
        sys.stdout.write("\n")
        message += f" and {made:,} applications"
    print(f"{message} in {time.monotonic() - started:.1f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
