from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.accounts.scopes import reviewed_offices, role_kinds
from returners.presenters import plan_summary
from returners.selectors import plan_list

PLANS_PER_PAGE = 50


def _timings_url(user) -> str:
    """The SuppoRTT timings of the reviewer's (first) office, where they change them."""
    office = reviewed_offices(user).order_by("name").first()
    return reverse("office:section", args=[office.code, "supportt"]) if office else ""


@login_required
@role_required(Role.Kind.SUPERVISOR, Role.Kind.TPD, Role.Kind.DEANERY, Role.Kind.ADMIN)
def plan_list_view(request):
    """Open return plans in the user's scope, most urgent first."""
    page = Paginator(plan_list(user=request.user), PLANS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    kinds = role_kinds(request.user)
    return render(
        request,
        "returners/plan_list.html",
        {
            "page": page,
            "summaries": [plan_summary(plan, today) for plan in page],
            "can_log": bool(kinds & {Role.Kind.SUPERVISOR, Role.Kind.DEANERY}),
            "timings_url": _timings_url(request.user),
            "show_dashboard": bool(kinds & {Role.Kind.DEANERY, Role.Kind.ADMIN}),
            # What returners wrote in the survey is for deanery reviewers (docs/rules.md §14).
            "can_read_survey": Role.Kind.DEANERY in kinds,
        },
    )
