from django import template

from portal.notifications.selectors import notification_unread_counts

register = template.Library()


@register.inclusion_tag("notifications/partials/_unread_badge.html", takes_context=True)
def unread_badge(context):
    """The header link to the person's notifications, with the number unread.

    One COUNT query on a partial index. Renders nothing for someone not signed in. Messages
    pointing at this page are not counted: showing it marks them read
    (`portal.notifications.middleware`), which is told here whether there are any.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    counts = notification_unread_counts(user=user, path=request.path)
    request.notifications_unread_here = counts["here"]
    return {"show": True, "unread_count": counts["unread"] - counts["here"]}
