"""Time and peak memory of importing a 5,000-row TIS export, then importing it again.

    DJANGO_SETTINGS_MODULE=portal.settings.local python -m bench.import_people [ROWS]

Runs against a throwaway SQLite database made for the run (migrations included), so it never
touches the development data. A benchmark, not a test: the target is under 60 s per import.
"""

import os
import resource
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def main(rows: int = 5000) -> None:
    import django
    from django.conf import settings

    directory = tempfile.mkdtemp()
    settings.DATABASES["default"] = {
        **settings.DATABASES["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(directory, "bench.sqlite3"),
    }
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.trainees.tis_files import as_csv, people
    from trainees.importing.people_writes import import_people
    from trainees.models import LocalOffice

    office = LocalOffice.objects.get(code="HENW")
    content = as_csv(people(rows))
    for label in ("first import", "same file again"):
        started = time.perf_counter()
        outcome = import_people(content, offices={"HENW": office}, home=office, dry_run=False)
        seconds = time.perf_counter() - started
        # Peak resident memory of the whole process so far (KiB on Linux): tracing every
        # allocation instead would double the time being measured.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {rows} rows in {seconds:.1f} s, peak RSS {peak:.0f} MiB; "
            + ", ".join(outcome.summary_lines())
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
