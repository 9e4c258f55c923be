from celery import shared_task

from portal.core.tasks import IDEMPOTENT_JOB
from trainees.importing.runs import perform_run


@shared_task(**IDEMPOTENT_JOB)
def import_run_task(run_id: str) -> None:
    perform_run(run_id)
