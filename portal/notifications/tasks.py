"""Celery entry points. Each is a thin wrapper that calls a service; each is safe to run twice
or in two places at once (the database decides who does what), which is why they may be
acknowledged late and re-delivered after a worker dies."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

# A database that drops out for a moment is worth a few quick retries; anything else is a bug
# and goes to the logs. Mail server errors never reach here: the outbox records them per row.
_DB_BLIPS = (OperationalError, InterfaceError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=90,
    time_limit=120,
    autoretry_for=_DB_BLIPS,
    retry_backoff=True,
    retry_backoff_max=30,
    max_retries=3,
)
def notifications_send_due():
    """Every minute (beat), and straight after a commit that wrote emails."""
    from portal.notifications.services import notifications_send_due as send_due

    # The service stops claiming after 60 s, inside the 90 s soft limit.
    return send_due(budget_seconds=60)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
    autoretry_for=_DB_BLIPS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def reminders_send_due():
    """Once a day (beat): run every registered reminder rule."""
    from portal.notifications.reminders import reminders_send_due as send_reminders

    return send_reminders()
