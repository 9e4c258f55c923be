"""`manage.py import_people PATH --office CODE [--dry-run] [--staff]`: the portal's import on
the command line, with the same summary and row errors; exits 1 when any row failed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trainees.importing.reading import MAX_BYTES, FileRejected
from trainees.importing.runs import run_file
from trainees.models import ImportRun, LocalOffice


class Command(BaseCommand):
    help = "Import trainees and programme memberships (or, with --staff, staff) from a TIS export."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--office", required=True, help="Local office code, e.g. HENW")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")
        parser.add_argument("--staff", action="store_true", help="The file lists staff.")

    def handle(self, path, office, dry_run, staff, **options):
        local_office = LocalOffice.objects.filter(code=office).first()
        if local_office is None:
            raise CommandError(f"There is no local office with the code {office}.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        content = file.read_bytes()[: MAX_BYTES + 1]
        try:
            outcome = run_file(
                content,
                kind=ImportRun.Kind.STAFF if staff else ImportRun.Kind.PEOPLE,
                home=local_office,
                offices={local_office.code: local_office},
                dry_run=dry_run,
                grant_admin=True,
            )
        except FileRejected as error:
            raise CommandError(error.message) from error
        heading = "Dry run, nothing written" if dry_run else "Imported"
        self.stdout.write(f"{heading}: " + ", ".join(outcome.summary_lines()))
        for item in outcome.not_in_file:
            self.stdout.write(f"not in this file: {item['what']}")
        for error in outcome.errors:
            self.stderr.write(str(error))
        if outcome.errors:
            raise SystemExit(1)
