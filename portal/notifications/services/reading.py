"""The reader's side of in-app messages: marking them read."""

from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.selectors import pointing_at


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])


def notifications_mark_read_for_page(*, user, path: str, task_done: bool) -> int:
    """Mark read the person's unread in-app messages that point at `path` (they have opened
    the page), or, when they have just done something there (`task_done`), at `path` or a page
    above it: a message linking to an application is done with once its TPD supports it at
    `<application>/do/tpd_support/`. Only `user`'s own messages are touched. Returns how many
    changed.
    """
    pages = _ancestors(path) if task_done else [path]
    now = timezone.now()
    return Notification.objects.filter(
        pointing_at(pages),
        recipient=user,
        channel=Notification.Channel.IN_APP,
        read_at__isnull=True,
    ).update(read_at=now, updated_at=now)


def _ancestors(path: str) -> list[str]:
    # "/a/b/c/" -> ["/a/b/c/", "/a/b/", "/a/"]; never "/" itself, which would be every page.
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def notification_mark_all_read(*, user) -> int:
    """Mark every unread in-app message of `user` as read; returns how many changed."""
    now = timezone.now()
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).update(read_at=now, updated_at=now)
