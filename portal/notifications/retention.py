"""Retention of messages (portal.audit.retention): the email outbox and in-app messages go
once older than the period, counted from when they were written; and the reminder ledger of a
record goes with the record (`forget_reminders`, for the apps that remove it)."""

from datetime import datetime

from django.db import transaction

from portal.audit.retention import JOB, BulkRetentionRule, register
from portal.audit.services import audit_record
from portal.notifications.models import Notification, ReminderSent


def forget_reminders(obj) -> None:
    """Drop the once-only ledger rows of reminders about `obj`, which is being removed."""
    ReminderSent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).delete()


@transaction.atomic
def _remove_notifications(*, cutoff: datetime, years: int, limit: int) -> int:
    ids = list(
        Notification.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
            : limit * 10
        ]
    )
    if not ids:
        return 0
    deleted, _ = Notification.objects.filter(pk__in=ids).delete()
    audit_record(
        action="retention.delete",
        system=JOB,
        object_type="notifications.notification",
        detail={"record_type": "notification", "years": years, "count": deleted},
    )
    return deleted


register(BulkRetentionRule("notification", order=90, remove_before=_remove_notifications))
