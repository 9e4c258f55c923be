from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.accounts.scopes import office_ids
from trainees.selectors import office_summary


@login_required
@role_required(Role.Kind.ADMIN)
def home_view(request):
    offices = office_ids(request.user, Role.Kind.ADMIN)
    scope = None if None in offices else offices
    return render(request, "reports/home.html", {"offices": office_summary(office_ids=scope)})
