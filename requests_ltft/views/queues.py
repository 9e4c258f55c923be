"""The TPD's and the deanery's queues: filterable, sortable, paginated, one query per page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from requests_ltft.selectors import QUEUE_FILTERS, QUEUE_SORTS, deanery_queue, tpd_queue

PAGE_SIZE = 25


def _render_queue(request, which, queryset, title):
    status_filter = request.GET.get("status", "waiting")
    if status_filter not in QUEUE_FILTERS[which]:
        status_filter = "waiting"
    sort = request.GET.get("sort", "start")
    if sort not in QUEUE_SORTS:
        sort = "start"
    page = Paginator(queryset(status_filter, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "application": a,
            "days_waiting": (today - timezone.localdate(a.submitted_at)).days
            if a.submitted_at
            else None,
            "days_to_start": (a.start_date - today).days if a.start_date else None,
        }
        for a in page.object_list
    ]
    return render(
        request,
        "requests_ltft/queue.html",
        {
            "title": title,
            "which": which,
            "rows": rows,
            "page": page,
            "filters": [(key, label) for key, (label, _) in QUEUE_FILTERS[which].items()],
            "sorts": [(key, label) for key, (label, _) in QUEUE_SORTS.items()],
            "status_filter": status_filter,
            "sort": sort,
        },
    )


@login_required
@role_required(Role.Kind.TPD)
def tpd_home_view(request):
    return _render_queue(
        request,
        "tpd",
        lambda f, s: tpd_queue(user=request.user, status_filter=f, sort=s),
        "Programme queue",
    )


@login_required
@role_required(Role.Kind.DEANERY)
def deanery_home_view(request):
    return _render_queue(
        request,
        "deanery",
        lambda f, s: deanery_queue(user=request.user, status_filter=f, sort=s),
        "Deanery queue",
    )
