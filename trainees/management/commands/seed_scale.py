import sys
import time

from django.core.management.base import BaseCommand

from trainees.scale import seed_scale


class Command(BaseCommand):
    help = "Build a large data set for load tests (bulk inserts, with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, default=60000)

    def handle(self, *args, trainees, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 40
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stdout.write(f"\r  trainees [{bar}] {done:,}/{total:,}")
            sys.stdout.flush()

        added = seed_scale(trainees, progress)
        sys.stdout.write("\n")
        self.stdout.write(
            self.style.SUCCESS(f"Added {added:,} trainees in {time.monotonic() - started:.1f}s.")
        )
