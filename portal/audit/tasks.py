"""The retention job. Beat runs it once a day; it is safe to run twice or in two places at once
(each record is locked and removed once), so it may be acknowledged late and re-delivered."""

from celery import shared_task

from portal.core.tasks import IDEMPOTENT_JOB


@shared_task(**IDEMPOTENT_JOB, soft_time_limit=9 * 60, time_limit=10 * 60)
def retention_apply_due():
    """Daily (beat): delete or anonymise what is past its retention period."""
    from portal.audit.retention import retention_apply_due as apply_due

    return apply_due()
