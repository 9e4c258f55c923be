"""`python -m bench.sweep`: time the daily reminder sweep and count its SQL queries, rule by
rule. With --trainees, first build the scale data set up to that many trainees and give some
of them applications and return plans due on the day (bench/reminder_workload.py). The sweep
is rolled back unless --keep is given, so it can be measured again."""

import argparse
import sys
import time
from datetime import date

from bench.command import progress_bar, setup_django

BUDGET_SECONDS = 30


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, help="build the scale data set up to this many")
    parser.add_argument(
        "--every", type=int, default=None, help="one trainee in this many per situation"
    )
    parser.add_argument("--date", help="the sweep's day, YYYY-MM-DD (a working day)")
    parser.add_argument("--keep", action="store_true", help="commit what the sweep wrote")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection, transaction

    today = _sweep_day(args.date)
    if today is None:
        print(f"{args.date} is not a working day: the sweep does nothing then.", file=sys.stderr)
        return 1
    if args.trainees:
        _seed(args.trainees, args.every, today)
    print(f"Sweep for {today:%A %-d %B %Y} on {connection.vendor}:")
    with transaction.atomic():
        first = _run("first run", today)
        _run("second run, same day", today)
        transaction.set_rollback(not args.keep)
    total = sum(c.seconds for c in first)
    if total >= BUDGET_SECONDS:
        print(f"The sweep took {total:.1f}s, over the {BUDGET_SECONDS} s budget.", file=sys.stderr)
        return 1
    return 0


def _seed(trainees: int, every: int | None, today: date) -> None:
    from bench.reminder_workload import DEFAULT_EVERY, seed_reminder_workload
    from bench.trainees import seed_scale

    started = time.monotonic()
    seed_scale(trainees, progress_bar("trainees"))
    sys.stdout.write("\n")
    added = seed_reminder_workload(today=today, every=every or DEFAULT_EVERY)
    print(
        f"Seeded in {time.monotonic() - started:.1f}s; work added: "
        + ", ".join(f"{name} {count}" for name, count in added.items())
    )


def _run(label: str, today: date):
    from portal.notifications.measure import measure_sweep

    costs = measure_sweep(today=today)
    print(f"  {label}:")
    for cost in costs:
        print(
            f"    {cost.rule:<32} sent {cost.sent:>6,}  queries {cost.queries:>4} "
            f"(reads {cost.reads:>3})  {cost.seconds:6.2f}s"
        )
    print(
        f"    {'all rules':<32} sent {sum(c.sent for c in costs):>6,}  "
        f"queries {sum(c.queries for c in costs):>4} (reads {sum(c.reads for c in costs):>3})  "
        f"{sum(c.seconds for c in costs):6.2f}s"
    )
    return costs


def _sweep_day(value: str | None) -> date | None:
    """The day asked for (None if it is no working day), or the next working day from today."""
    from django.utils import timezone

    from portal.core.workingdays import add_working_days, is_working_day

    if value:
        day = date.fromisoformat(value)
        return day if is_working_day(day) else None
    today = timezone.localdate()
    return today if is_working_day(today) else add_working_days(today, 1)


if __name__ == "__main__":
    sys.exit(main())
