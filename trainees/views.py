from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from portal.accounts.selectors import has_second_factor
from trainees.panels import home_panels
from trainees.selectors import membership_list_for_trainee, trainee_get
from trainees.working_pattern import with_working_patterns


def _own_trainee(request):
    trainee = getattr(request.user, "trainee", None)
    if trainee is None:
        raise Http404("No trainee record for this account")
    return trainee


@login_required
def home_view(request):
    trainee = _own_trainee(request)
    memberships = with_working_patterns(membership_list_for_trainee(trainee=trainee))
    panels = home_panels()
    context = {"trainee": trainee, "memberships": memberships, "panels": panels}
    for panel in panels:
        context |= panel.context(request, trainee)
    return render(request, "trainees/home.html", context)


@login_required
def profile_view(request, pk=None):
    trainee = _own_trainee(request) if pk is None else trainee_get(user=request.user, pk=pk)
    memberships = with_working_patterns(membership_list_for_trainee(trainee=trainee))
    outcomes = trainee.arcp_outcomes.select_related("outcome", "programme")[:5]
    is_own = trainee.user_id == request.user.pk
    return render(
        request,
        "trainees/profile.html",
        {
            "trainee": trainee,
            "memberships": memberships,
            "outcomes": outcomes,
            "is_own": is_own,
            "second_factor_on": is_own and has_second_factor(user=request.user),
        },
    )
