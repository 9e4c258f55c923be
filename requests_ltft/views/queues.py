"""The TPD's and the deanery's queues: one section per kind of application (LTFT, then OOPP),
each filterable, sortable and paginated at a fixed number of queries per page."""

from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.pagination import DeferredJoin
from requests_ltft.kinds import KINDS, Kind
from requests_ltft.presenters.applications import date_text
from requests_ltft.selectors.applications import (
    QUEUE_COLUMNS,
    QUEUE_FILTERS,
    QUEUE_SORTS,
    deanery_queue,
    tpd_queue,
)
from requests_ltft.templatetags.ltft import status_tag_html

PAGE_SIZE = 25


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _row(kind: Kind, values: dict, today, which: str) -> dict:
    """Every cell worked out here, so the template only places strings: a queue shows 50 rows,
    and each lookup or filter in a template row costs more than the same step in Python."""
    row = SimpleNamespace(**values)  # what the kind's summary and flags read
    if which == "deanery":
        days = (row.start_date - today).days if row.start_date else ""
    else:
        days = (today - timezone.localdate(row.submitted_at)).days if row.submitted_at else ""
    return {
        "url": reverse(kind.urls["detail"], args=[row.pk]),
        "trainee": _name(row.trainee__user__first_name, row.trainee__user__last_name),
        "programme": row.programme__name,
        "summary": kind.queue_summary(row),
        "start": date_text(row.start_date, short=True),
        "days": days,
        "flags": kind.queue_flags(row),
        "case_owner": _name(row.case_owner__first_name, row.case_owner__last_name) or "Nobody yet",
        "status": status_tag_html(row.status),
    }


def _section(request, kind: Kind, queryset, today, which: str):
    # The page's rows are picked from the applications table alone, then joined.
    rows = DeferredJoin(queryset, values=QUEUE_COLUMNS + kind.queue_columns)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(kind.queue_page_param))
    section = {
        "slug": kind.slug,
        "label": kind.label,
        "title": kind.plural,
        "summary_heading": kind.queue_summary_heading,
        "page_param": kind.queue_page_param,
    }
    rows = [_row(kind, values, today, which) for values in page.object_list]
    return {"section": section, "rows": rows, "page": page}


def _render_queue(request, which, queue, title):
    status_filter = request.GET.get("status", "waiting")
    if status_filter not in QUEUE_FILTERS[which]:
        status_filter = "waiting"
    sort = request.GET.get("sort", "start")
    if sort not in QUEUE_SORTS:
        sort = "start"
    today = timezone.localdate()
    sections = [
        _section(
            request,
            kind,
            queue(user=request.user, status_filter=status_filter, sort=sort, model=kind.model),
            today,
            which,
        )
        for kind in KINDS
    ]
    return render(
        request,
        "requests_ltft/queue.html",
        {
            "title": title,
            "which": which,
            "sections": sections,
            "filters": [(key, label) for key, (label, _) in QUEUE_FILTERS[which].items()],
            "sorts": [(key, label) for key, (label, _) in QUEUE_SORTS.items()],
            "status_filter": status_filter,
            "sort": sort,
            "days_heading": "Days to start" if which == "deanery" else "Days waiting",
        },
    )


@login_required
@role_required(Role.Kind.TPD)
def tpd_home_view(request):
    return _render_queue(request, "tpd", tpd_queue, "Programme queue")


@login_required
@role_required(Role.Kind.DEANERY)
def deanery_home_view(request):
    return _render_queue(request, "deanery", deanery_queue, "Deanery queue")
