from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.accounts.scopes import directed_programmes, office_ids
from trainees.selectors import programme_list_for_office


@login_required
@role_required(Role.Kind.TPD)
def tpd_home_view(request):
    programmes = (
        directed_programmes(request.user)
        .select_related("specialty", "local_office")
        .order_by("name")
    )
    return render(request, "requests_ltft/tpd_home.html", {"programmes": programmes})


@login_required
@role_required(Role.Kind.DEANERY)
def deanery_home_view(request):
    offices = office_ids(request.user, Role.Kind.DEANERY)
    programmes = programme_list_for_office(office_ids=offices).order_by("name")
    return render(request, "requests_ltft/deanery_home.html", {"programmes": programmes})
