"""Retention of LTFT and OOPP applications (portal.audit.retention, docs/rules.md §12): once the
trainee has left the application's programme for the period, the application goes with its
status history, submitted snapshots, reminder ledger rows and evidence files (the files after
the transaction commits). OOPP applications go first: one may point at an absence, which waits
for it."""

import logging
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef

from portal.audit.retention import JOB, RetentionRule, register, years_before
from portal.audit.services import audit_record
from portal.notifications.retention import forget_reminders
from requests_ltft.models import LtftApplication, OoppApplication
from trainees.models import ProgrammeMembership

log = logging.getLogger(__name__)


def _left_before(cutoff: date) -> Exists:
    """True for applications whose trainee left the application's programme before `cutoff`."""
    return Exists(
        ProgrammeMembership.objects.filter(
            trainee=OuterRef("trainee"),
            programme=OuterRef("programme"),
            end_date__isnull=False,
            end_date__lt=cutoff,
        )
    )


def expired_applications(model, *, today: date, years: int):
    return model.objects.filter(_left_before(years_before(today, years))).order_by("pk")


def _delete_files_after_commit(files) -> None:
    def delete():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                log.exception("Retention: could not delete the file %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def remove_application(application, *, record_type: str, years: int) -> bool:
    """Delete one application and everything that belongs only to it. False if it had
    already gone (another run got there first)."""
    model = type(application)
    locked = model.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        return False
    evidence = list(locked.evidence.all())
    for item in evidence:
        audit_record(
            action="retention.delete",
            system=JOB,
            obj=item,
            detail={"record_type": "evidence", "of": str(locked.pk)},
        )
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": record_type, "years": years, "status": locked.status},
    )
    files = [(item.file.storage, item.file.name) for item in evidence if item.file]
    locked.evidence.all().delete()
    locked.status_changes.all().delete()
    locked.snapshots.all().delete()
    forget_reminders(locked)
    locked.delete()
    _delete_files_after_commit(files)
    return True


def _rule(record_type: str, model, order: int) -> RetentionRule:
    return RetentionRule(
        record_type,
        order=order,
        expired=lambda *, today, years: expired_applications(model, today=today, years=years),
        remove=lambda application, *, years: remove_application(
            application, record_type=record_type, years=years
        ),
    )


register(_rule("oopp_application", OoppApplication, order=10))
register(_rule("ltft_application", LtftApplication, order=20))
