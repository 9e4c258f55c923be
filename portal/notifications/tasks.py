"""Celery entry points. Each is a thin wrapper that calls a service; each is safe to run twice
or in two places at once (the database decides who does what), which is why they may be
acknowledged late and re-delivered after a worker dies."""

from celery import shared_task

from portal.core.tasks import IDEMPOTENT_JOB


# Runs every minute, so its retries wait 30 s at most. Mail server errors never reach the
# retries: the outbox records them per row.
@shared_task(**{**IDEMPOTENT_JOB, "retry_backoff_max": 30}, soft_time_limit=90, time_limit=120)
def notifications_send_due():
    """Every minute (beat), and straight after a commit that wrote emails."""
    from portal.notifications.services import notifications_send_due as send_due

    # The service stops claiming after 60 s, inside the 90 s soft limit.
    return send_due(budget_seconds=60)


@shared_task(**IDEMPOTENT_JOB, soft_time_limit=9 * 60, time_limit=10 * 60)
def reminders_send_due():
    """Once a day (beat): run every registered reminder rule."""
    from portal.notifications.reminders import reminders_send_due as send_reminders

    return send_reminders()
