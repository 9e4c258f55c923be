import sys
import time

from django.core.management.base import BaseCommand

from portal.reports.scale import seed_scale_applications


class Command(BaseCommand):
    help = (
        "Add LTFT applications with their status history to the scale data set, for the "
        "report benchmarks. Run `seed_scale` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=200_000)
        parser.add_argument(
            "--financial-year",
            type=int,
            default=None,
            help="The year the financial year starts in (default: the last complete one).",
        )

    def handle(self, *args, applications, financial_year, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 40
            filled = width * done // max(total, 1)
            sys.stdout.write(
                f"\r  applications [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,}"
            )
            sys.stdout.flush()

        added = seed_scale_applications(applications, progress, financial_year=financial_year)
        sys.stdout.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {added:,} applications in {time.monotonic() - started:.1f}s."
            )
        )
