from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.notifications.selectors import (
    notification_counts,
    notification_get_for_user,
    notification_list,
)
from portal.notifications.services import notification_mark_all_read, notification_mark_read

PAGE_SIZE = 20


@login_required
def notification_list_view(request):
    counts = notification_counts(user=request.user)
    paginator = Paginator(notification_list(user=request.user), PAGE_SIZE)
    paginator.count = counts["total"]  # already counted, with the unread ones, in one query
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request, "notifications/list.html", {"page": page, "unread_count": counts["unread"]}
    )


@require_POST
@login_required
def notification_mark_read_view(request, public_id):
    notification = notification_get_for_user(user=request.user, public_id=public_id)
    notification_mark_read(notification=notification)
    return redirect(_back_to_list(request))


@require_POST
@login_required
def notification_mark_all_read_view(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, "All your notifications are marked as read.")
    return redirect(_back_to_list(request))


def _back_to_list(request) -> str:
    # Stay on the page of the list the person was on; the page number is the only input used.
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return f"{url}?page={int(page)}" if page.isdigit() else url
