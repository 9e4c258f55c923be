import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from portal.core.workingdays import add_working_days, is_working_day
from portal.notifications.measure import measure_sweep


class Command(BaseCommand):
    help = (
        "Time the daily reminder sweep and count its SQL queries, rule by rule. With "
        "--trainees, first build the scale data set up to that many trainees and give some of "
        "them applications and return plans due on the day. The sweep is rolled back unless "
        "--keep is given, so it can be measured again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, help="seed_scale up to this many first")
        parser.add_argument(
            "--every", type=int, default=None, help="one trainee in this many per situation"
        )
        parser.add_argument("--date", help="the sweep's day, YYYY-MM-DD (a working day)")
        parser.add_argument("--keep", action="store_true", help="commit what the sweep wrote")

    def handle(self, *args, trainees=None, every=None, date=None, keep=False, **options):
        today = _sweep_day(date)
        if trainees:
            self._seed(trainees, every, today)
        self.stdout.write(f"Sweep for {today:%A %-d %B %Y} on {connection.vendor}:")
        with transaction.atomic():
            first = self._run("first run", today)
            self._run("second run, same day", today)
            transaction.set_rollback(not keep)
        total = sum(c.seconds for c in first)
        if total >= 30:
            raise CommandError(f"The sweep took {total:.1f}s, over the 30 s budget.")

    def _seed(self, trainees, every, today):
        from requests_ltft.scale import DEFAULT_EVERY, seed_reminder_workload
        from trainees.scale import seed_scale

        started = time.monotonic()

        def progress(done, total):
            sys.stdout.write(f"\r  trainees {done:,}/{total:,}")
            sys.stdout.flush()

        seed_scale(trainees, progress)
        sys.stdout.write("\n")
        added = seed_reminder_workload(today=today, every=every or DEFAULT_EVERY)
        self.stdout.write(
            f"Seeded in {time.monotonic() - started:.1f}s; work added: "
            + ", ".join(f"{name} {count}" for name, count in added.items())
        )

    def _run(self, label, today):
        costs = measure_sweep(today=today)
        self.stdout.write(f"  {label}:")
        for cost in costs:
            self.stdout.write(
                f"    {cost.rule:<32} sent {cost.sent:>6,}  queries {cost.queries:>4} "
                f"(reads {cost.reads:>3})  {cost.seconds:6.2f}s"
            )
        self.stdout.write(
            f"    {'all rules':<32} sent {sum(c.sent for c in costs):>6,}  "
            f"queries {sum(c.queries for c in costs):>4} (reads {sum(c.reads for c in costs):>3})  "
            f"{sum(c.seconds for c in costs):6.2f}s"
        )
        return costs


def _sweep_day(value) -> date:
    if value:
        day = date.fromisoformat(value)
        if not is_working_day(day):
            raise CommandError(f"{day} is not a working day: the sweep does nothing then.")
        return day
    today = timezone.localdate()
    return today if is_working_day(today) else add_working_days(today, 1)
