"""What the bench's command-line scripts share (`python -m bench.scale`, `bench.sweep`,
`bench.reports`): Django set up as manage.py sets it up, and a progress bar."""

import os
import sys
from collections.abc import Callable


def setup_django() -> None:
    """Configure Django for a script run from the repository's root (a no-op when it already
    is, as under pytest). The scripts import the models only after this."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def progress_bar(label: str) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        sys.stdout.write(f"\r  {label} [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,}")
        sys.stdout.flush()

    return progress
