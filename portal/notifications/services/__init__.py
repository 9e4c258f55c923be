"""Every write of the notifications app: the outbox (`outbox`), sending what is due
(`sending`, with its delivery guarantees) and the reader's side of in-app messages
(`reading`)."""

from portal.notifications.services.outbox import (
    addressed,
    build_notifications,
    kick_sender_on_commit,
    notify,
    render_notice,
)
from portal.notifications.services.reading import (
    notification_mark_all_read,
    notification_mark_read,
    notifications_mark_read_for_page,
)
from portal.notifications.services.sending import notifications_resend, notifications_send_due

__all__ = [
    "addressed",
    "build_notifications",
    "kick_sender_on_commit",
    "notification_mark_all_read",
    "notification_mark_read",
    "notifications_mark_read_for_page",
    "notifications_resend",
    "notifications_send_due",
    "notify",
    "render_notice",
]
