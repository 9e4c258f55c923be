from django import template

from portal.notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/partials/_unread_badge.html", takes_context=True)
def unread_badge(context):
    """The header link to the person's notifications, with the number unread.

    One COUNT query on a partial index. Renders nothing for someone not signed in.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread_count": notification_unread_count(user=user)}
