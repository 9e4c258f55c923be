from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from trainees.selectors import supervisee_list


@login_required
@role_required(Role.Kind.SUPERVISOR)
def home_view(request):
    return render(
        request, "supervisors/home.html", {"supervisees": supervisee_list(user=request.user)}
    )
