"""Celery entry points for applications. Thin wrappers over services that are safe to run twice:
each move is guarded by the row's status, so a second run finds nothing left to do."""

from celery import shared_task

from portal.core.tasks import IDEMPOTENT_JOB
from requests_ltft.services.ltft import ltft_apply_due_transitions
from requests_ltft.services.oopp import oopp_apply_due_transitions


@shared_task(**IDEMPOTENT_JOB, soft_time_limit=9 * 60, time_limit=10 * 60)
def applications_apply_due_transitions() -> int:
    """Once a day: LTFT changes and OOPPs that start or end today move on their own."""
    return ltft_apply_due_transitions() + oopp_apply_due_transitions()
