from django.core.management.base import BaseCommand

from portal.notifications.schedules import ensure_periodic_tasks


class Command(BaseCommand):
    help = "Create the portal's periodic jobs if missing (--reset: restore their definitions)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite jobs an admin has changed with the definitions in the code.",
        )

    def handle(self, *args, reset=False, **options):
        written = ensure_periodic_tasks(reset=reset)
        for name in written:
            self.stdout.write(f"Set up: {name}")
        if not written:
            self.stdout.write("All periodic jobs were already set up.")
