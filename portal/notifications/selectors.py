"""Reading in-app messages. Every query is scoped to the signed-in person: someone else's
message is simply not found."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.notifications.models import Notification


def notification_list(*, user) -> QuerySet:
    """The person's in-app messages, newest first."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP
    ).order_by("-created_at", "-pk")


def pointing_at(pages: list[str]) -> Q:
    """Messages whose link is one of `pages`, or a section of one ("…/#changes")."""
    found = Q(link_url__in=pages)
    for page in pages:
        found |= Q(link_url__startswith=f"{page}#")
    return found


def notification_unread_counts(*, user, path: str) -> dict[str, int]:
    """How many of the person's messages are unread, and how many of those point at `path`
    (the page being shown marks those read), in one query."""
    return notification_list(user=user).aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        here=Count("pk", filter=Q(read_at__isnull=True) & pointing_at([path])),
    )


def notification_counts(*, user) -> dict[str, int]:
    """How many in-app messages the person has, and how many of them are unread."""
    return notification_list(user=user).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )


def notification_get_for_user(*, user, public_id) -> Notification:
    """One of the person's in-app messages, or 404 (also for anyone else's)."""
    try:
        return notification_list(user=user).get(public_id=public_id)
    except (Notification.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
