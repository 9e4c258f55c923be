import sys
import time

from django.core.management.base import BaseCommand

from trainees.scale import seed_scale


def _bar(label: str):
    def progress(done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stdout.write(f"\r  {label} [{bar}] {done:,}/{total:,}")
        sys.stdout.flush()

    return progress


class Command(BaseCommand):
    help = (
        "Build a large data set for load tests (bulk inserts, with a progress bar): trainees, "
        "and with --applications, LTFT applications with their status history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, default=60000)
        parser.add_argument(
            "--applications",
            type=int,
            default=0,
            help="Also add this many LTFT applications with history (about 200000 for the "
            "report benchmarks).",
        )

    def handle(self, *args, trainees, applications, **options):
        started = time.monotonic()
        added = seed_scale(trainees, _bar("trainees"))
        sys.stdout.write("\n")
        message = f"Added {added:,} trainees"
        if applications:
            from portal.reports.scale import seed_scale_applications

            made = seed_scale_applications(applications, _bar("applications"))
            sys.stdout.write("\n")
            message += f" and {made:,} applications"
        self.stdout.write(self.style.SUCCESS(f"{message} in {time.monotonic() - started:.1f}s."))
