"""Celery entry points of the reports app: thin wrappers around services.

Both are idempotent, so they are acknowledged late and re-delivered if a worker dies: the build
claims its export with a conditional UPDATE (a second delivery finds nothing to claim, and one
after a lost worker starts the file again), and the sweep only deletes what has expired and
re-sends what was lost.
"""

from celery import shared_task

from portal.core.tasks import IDEMPOTENT_JOB


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # 200,000 rows take seconds as CSV and well under a minute as XLSX; the limits leave room
    # for a slow database and stay inside the broker's visibility timeout (portal.celery_config).
    soft_time_limit=8 * 60,
    time_limit=10 * 60,
)
def report_export_build(export_id: str):
    from portal.reports.services import report_export_build as build

    return build(export_id=export_id)


@shared_task(**IDEMPOTENT_JOB, soft_time_limit=4 * 60, time_limit=5 * 60)
def report_exports_sweep():
    """Hourly (beat): delete exports older than 7 days, re-send lost ones."""
    from portal.reports.services import report_exports_sweep as sweep

    return sweep()
