from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from returners.forms.dashboard import DashboardFilterForm
from returners.presenters import dashboard_sections
from returners.selectors.dashboard import returners_dashboard


@login_required
@role_required(Role.Kind.DEANERY, Role.Kind.ADMIN)
def dashboard_view(request):
    """The deanery's returners, in four sections, filtered by specialty and programme."""
    form = DashboardFilterForm(request.GET or None, user=request.user)
    sections = None
    # A filter that is not one of the choices is said on the page; nothing is shown unfiltered
    # under a heading that claims a filter.
    if not form.is_bound or form.is_valid():
        today = timezone.localdate()
        dashboard = returners_dashboard(user=request.user, today=today, filters=form.filters())
        sections = dashboard_sections(dashboard, today)
    return render(request, "returners/dashboard.html", {"form": form, "sections": sections})
