"""What the Celery entry points have in common.

Every job here is safe to run twice or in two places at once (the database decides who does
what), so it is acknowledged late and re-delivered when a worker dies; and a database that
drops out for a moment is worth a few quick retries, while anything else is a bug and goes to
the logs."""

from django.db import InterfaceError, OperationalError

IDEMPOTENT_JOB = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 3,
}
