"""Retention of messages (portal.audit.retention): the email outbox and in-app messages go
once older than the period, counted from when they were written; and the reminder ledger of a
record goes with the record (`forget_reminders`, for the apps that remove it)."""

from datetime import datetime

from portal.audit.retention import BulkRetentionRule, register
from portal.notifications.models import Notification, ReminderSent


def forget_reminders(obj) -> None:
    """Drop the once-only ledger rows of reminders about `obj`, which is being removed."""
    ReminderSent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).delete()


def _remove_notifications(*, cutoff: datetime, limit: int) -> int:
    ids = list(
        Notification.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
            : limit * 10
        ]
    )
    deleted, _ = Notification.objects.filter(pk__in=ids).delete()
    return deleted


register(
    BulkRetentionRule(
        "notification", order=90, model=Notification, remove_before=_remove_notifications
    )
)
