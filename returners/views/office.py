from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.accounts.scopes import office_ids, role_kinds
from portal.core.views import form_page, posted
from returners import services
from returners.forms import SupporttSettingsForm
from returners.presenters import plan_summary
from returners.selectors import plan_list, supportt_settings_get
from returners.services.settings import TIMING_FIELDS
from trainees.models import LocalOffice

PLANS_PER_PAGE = 50


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
            "offices": office_ids(request.user, Role.Kind.DEANERY),
        },
    )


@login_required
@role_required(Role.Kind.DEANERY)
def settings_home_view(request):
    offices = LocalOffice.objects.filter(pk__in=office_ids(request.user, Role.Kind.DEANERY))
    first = offices.order_by("name").first()
    return redirect("returners:settings", code=first.code)


@login_required
@role_required(Role.Kind.DEANERY)
def settings_view(request, code):
    """The deanery reviewer edits their own office's SuppoRTT timings (another office: 404)."""
    office = get_object_or_404(
        LocalOffice, code=code, pk__in=office_ids(request.user, Role.Kind.DEANERY)
    )
    current = supportt_settings_get(office=office)
    initial = {name: getattr(current, name) for name in TIMING_FIELDS}
    form = SupporttSettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.supportt_settings_update(office=office, actor=request.user, **form.cleaned_data)
        messages.success(
            request, "Timings saved. Meetings not held yet have moved to the new timings."
        )
        return redirect("returners:settings", code=office.code)
    return form_page(
        request,
        form,
        heading="SuppoRTT timings",
        caption=office.name,
        intro="These timings set when each return-to-training meeting is due in your local "
        "office. Changing them moves the due dates of meetings not held yet.",
        back_url=reverse("returners:plan_list"),
    )
