"""The TPD's and the deanery's queues: one section per kind of application (LTFT, then OOPP),
each filterable, sortable and paginated at a fixed number of queries per page."""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.pagination import DeferredJoin
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.oopp.presenters import oopp_flags, oopp_queue_summary
from requests_ltft.presenters import date_text, ltft_flags, ltft_queue_summary
from requests_ltft.selectors import (
    QUEUE_COLUMNS,
    QUEUE_FILTERS,
    QUEUE_SORTS,
    deanery_queue,
    tpd_queue,
)
from requests_ltft.templatetags.ltft import status_tag_html

PAGE_SIZE = 25


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    title: str
    model: type
    summary_heading: str
    summary: Callable
    flags: Callable
    page_param: str
    columns: tuple[str, ...]  # what `summary` and `flags` read, besides QUEUE_COLUMNS


SECTIONS = [
    Section(
        "ltft",
        "LTFT",
        "LTFT applications",
        LtftApplication,
        "Change",
        ltft_queue_summary,
        ltft_flags,
        "page",
        ("current_percent", "proposed_percent"),
    ),
    Section(
        "oopp",
        "OOPP",
        "OOPP applications",
        OoppApplication,
        "Post",
        oopp_queue_summary,
        oopp_flags,
        "oopp_page",
        (
            "post_title",
            "intended_return_date",
            "arcp_outcome_expected",
            "little_training_left",
            "es_view",
        ),
    ),
]


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _row(section: Section, values: dict, today, which: str) -> dict:
    """Every cell worked out here, so the template only places strings: a queue shows 50 rows,
    and each lookup or filter in a template row costs more than the same step in Python."""
    a = SimpleNamespace(**values)  # what the kind's summary and flags read
    if which == "deanery":
        days = (a.start_date - today).days if a.start_date else ""
    else:
        days = (today - timezone.localdate(a.submitted_at)).days if a.submitted_at else ""
    return {
        "url": reverse(f"requests_ltft:{section.slug}_detail", args=[a.pk]),
        "trainee": _name(a.trainee__user__first_name, a.trainee__user__last_name),
        "programme": a.programme__name,
        "summary": section.summary(a),
        "start": date_text(a.start_date, short=True),
        "days": days,
        "flags": section.flags(a),
        "case_owner": _name(a.case_owner__first_name, a.case_owner__last_name) or "Nobody yet",
        "status": status_tag_html(a.status),
    }


def _section(request, section: Section, queryset, today, which: str):
    # The page's rows are picked from the applications table alone, then joined: cheaper at scale.
    rows = DeferredJoin(queryset, values=QUEUE_COLUMNS + section.columns)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(section.page_param))
    rows = [_row(section, a, today, which) for a in page.object_list]
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
            section,
            queue(user=request.user, status_filter=status_filter, sort=sort, model=section.model),
            today,
            which,
        )
        for section in SECTIONS
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
