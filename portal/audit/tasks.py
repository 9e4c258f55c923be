"""The retention job. Beat runs it once a day; it is safe to run twice or in two places at once
(each record is locked and removed once), so it may be acknowledged late and re-delivered."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def retention_apply_due():
    """Daily (beat): delete or anonymise what is past its retention period."""
    from portal.audit.retention import retention_apply_due as apply_due

    return apply_due()
