"""Messages in the portal are marked read when the person acts on them, not only when they
press "Mark as read" (issue 15, item 16)."""

from django.contrib import messages

from portal.notifications.services import notifications_mark_read_for_page


class MarkReadOnVisitMiddleware:
    """After a page is shown (a GET answered 200), the signed-in person's messages pointing at
    it are read; after something is done (a POST answered with a redirect and no error
    message), so are the messages pointing at that page or the pages above it.

    The write is limited to the requesting person's own unread messages, so it is the one
    write a GET may make (tests/security/test_access_matrix.py knows it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if request.method == "GET" and response.status_code == 200:
            if getattr(request, "notifications_unread_here", None) == 0:
                return response  # the page's header counted none pointing here
            notifications_mark_read_for_page(user=user, path=request.path, task_done=False)
        elif (
            request.method == "POST" and 300 <= response.status_code < 400 and not _refused(request)
        ):
            notifications_mark_read_for_page(user=user, path=request.path, task_done=True)
        return response


def _refused(request) -> bool:
    # A refused action (portal.core.views.post_action) redirects back with an error message.
    queued = getattr(messages.get_messages(request), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)
