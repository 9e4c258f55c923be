import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.core.views import form_flow, post_action, require
from returners import permissions, services
from returners.forms import (
    AbsenceDatesForm,
    AbsenceForm,
    EnhancedSupervisionExtendForm,
    KitDayChangeForm,
    KitDayForm,
    ReturnForm,
)
from returners.models import Absence
from returners.presenters import meeting_history, plan_summary
from returners.selectors import (
    absence_attention,
    absence_get,
    has_health_details,
    health_meetings,
    kit_day_counts,
    kit_day_get,
    kit_day_list,
    plan_history,
    trainee_find,
)
from returners.services.kit_days import kit_day_limits
from trainees.selectors import trainee_get


def _absence_to_manage(request, pk):
    """An absence in scope (404 otherwise), for someone who may manage it (403 otherwise)."""
    absence = absence_get(user=request.user, pk=pk)
    require(permissions.can_manage_absence(request.user, absence))
    return absence


def _kit_day(request, pk, day_id):
    absence = _absence_to_manage(request, pk)
    return absence, kit_day_get(absence=absence, pk=day_id)


def _absence_page(absence, heading: str) -> dict:
    """The parts of a form page about one absence: its trainee above the heading, back to it."""
    return {"heading": heading, "caption": _name(absence), "back_url": absence.get_absolute_url()}


def _name(absence) -> str:
    return absence.membership.trainee.user.get_full_name()


@login_required
@role_required(Role.Kind.SUPERVISOR, Role.Kind.DEANERY)
def absence_create_view(request):
    """Staff log an absence for a trainee they can see, found by GMC number."""
    initial = {}
    if request.GET.get("trainee"):
        try:
            pk = uuid.UUID(request.GET["trainee"])
        except ValueError as exc:
            raise Http404("No such trainee") from exc
        initial["gmc_number"] = trainee_get(user=request.user, pk=pk).gmc_number

    def act(form):
        trainee, membership = _trainee_to_log_for(request.user, form.cleaned_data["gmc_number"])
        return _create(request, form, trainee=trainee, membership=membership)

    return _absence_create_flow(
        request,
        act,
        form_kwargs={"initial": initial, "ask_for_trainee": True},
        heading="Log an absence",
        back_url=reverse("returners:plan_list"),
    )


def _trainee_to_log_for(user, gmc_number):
    """The trainee with this GMC number and their latest membership this person may log an
    absence on; a refusal names the GMC number field, as that is what to change."""
    trainee = trainee_find(user=user, gmc_number=gmc_number)
    if trainee is None:
        raise ApplicationError(
            "No trainee you work with has this GMC number", {"field": "gmc_number"}
        )
    memberships = trainee.memberships.order_by("-start_date")
    allowed = [m for m in memberships if permissions.can_log_absence_for(user, m)]
    if not allowed:
        raise ApplicationError(
            "You cannot log an absence for this trainee", {"field": "gmc_number"}
        )
    return trainee, allowed[0]


@login_required
@role_required(Role.Kind.TRAINEE)
def my_absence_create_view(request):
    trainee = getattr(request.user, "trainee", None)
    if trainee is None:
        raise Http404("No trainee record for this account")
    return _absence_create_flow(
        request,
        lambda form: _create(request, form, trainee=trainee, membership=None),
        form_kwargs={"ask_for_trainee": False},
        heading="Tell us about an absence",
        back_url=reverse("trainees:home"),
    )


def _absence_create_flow(request, act, **page):
    return form_flow(
        request,
        AbsenceForm,
        act=act,
        success_message=lambda absence: (
            "Absence logged"
            + (" and a return-to-training plan made." if hasattr(absence, "plan") else ".")
        ),
        success_url=Absence.get_absolute_url,
        **page,
    )


def _create(request, form, *, trainee, membership):
    data = form.cleaned_data
    return services.absence_create(
        trainee=trainee,
        membership=membership,
        reason=data["reason"],
        parental_leave=data["parental_leave"],
        other_reason=data["other_reason"],
        sickness_details=data["sickness_details"],
        starts_on=data["starts_on"],
        expected_return_on=data["expected_return_on"],
        planned=data["planned"],
        opt_in=data["opt_in"],
        actor=request.user,
    )


@login_required
def absence_detail_view(request, pk):
    absence = absence_get(user=request.user, pk=pk)
    today = timezone.localdate()
    plan = getattr(absence, "plan", None)
    user = request.user
    return render(
        request,
        "returners/absence_detail.html",
        {
            "absence": absence,
            "trainee_name": _name(absence),
            "summary": plan_summary(plan, today, absence) if plan else None,
            "history": meeting_history(plan_history(plan=plan)) if plan else [],
            "extensions": plan.es_extensions.all() if plan else [],
            "kit_days": kit_day_list(absence=absence),
            "attention": absence_attention(absence),
            "kit_usage": _kit_usage(absence),
            "can_manage": permissions.can_manage_absence(user, absence),
            "can_record": permissions.can_record_meetings(user, absence),
            "can_view_health": permissions.can_view_health(user, absence)
            and has_health_details(absence),
            "has_returned": absence.has_returned,
            "has_started": absence.starts_on < today,
        },
    )


def _kit_usage(absence) -> list[dict]:
    counts = kit_day_counts(absence=absence)
    return [
        {"label": kind, "used": counts.get(kind, 0), "limit": limit}
        for kind, limit in kit_day_limits(absence).items()
    ]


def _dates_changed(absence) -> str:
    if absence_attention(absence):
        return (
            "Dates changed and the meetings' due dates moved with them. Some KIT days or "
            "arranged meetings no longer fit the new dates: see what needs attention."
        )
    return "Dates changed. The meetings' due dates have moved with them."


@login_required
def absence_change_view(request, pk):
    absence = _absence_to_manage(request, pk)
    initial = {"starts_on": absence.starts_on, "expected_return_on": absence.expected_return_on}
    return form_flow(
        request,
        AbsenceDatesForm,
        form_kwargs={"initial": initial},
        act=lambda form: services.absence_update_dates(
            absence=absence, actor=request.user, **form.cleaned_data
        ),
        success_message=_dates_changed,
        success_url=absence.get_absolute_url(),
        **_absence_page(absence, "Change the absence dates"),
    )


@login_required
def absence_return_view(request, pk):
    absence = _absence_to_manage(request, pk)
    return form_flow(
        request,
        ReturnForm,
        form_kwargs={"initial": {"returned_on": absence.expected_return_on}},
        act=lambda form: services.absence_record_return(
            absence=absence, actor=request.user, returned_on=form.cleaned_data["returned_on"]
        ),
        error_field="returned_on",
        success_message="Return recorded.",
        success_url=absence.get_absolute_url(),
        **_absence_page(absence, "Record the return"),
    )


@require_POST
@login_required
def plan_opt_in_view(request, pk):
    absence = _absence_to_manage(request, pk)
    services.return_plan_opt_in(absence=absence, actor=request.user)
    messages.success(request, "Return-to-training plan made.")
    return redirect(absence)


@login_required
def kit_day_add_view(request, pk):
    absence = _absence_to_manage(request, pk)
    return form_flow(
        request,
        KitDayForm,
        form_kwargs={"kinds": kit_day_limits(absence)},
        act=lambda form: services.kit_day_log(
            absence=absence, actor=request.user, **form.cleaned_data
        ),
        success_message="Day logged.",
        success_url=absence.get_absolute_url(),
        **_absence_page(absence, "Log a KIT or SPLIT day"),
    )


@login_required
def kit_day_change_view(request, pk, day_id):
    """Correct a day logged by mistake, or remove it (whoever may log one)."""
    absence, day = _kit_day(request, pk, day_id)
    return form_flow(
        request,
        KitDayChangeForm,
        act=lambda form: services.kit_day_update(day=day, actor=request.user, **form.cleaned_data),
        success_message=lambda changed: f"Day changed to {changed.on:%-d %B %Y}.",
        success_url=absence.get_absolute_url(),
        form_kwargs={
            "initial": {"kind": day.kind, "on": day.on, "note": day.note},
            "kinds": kit_day_limits(absence),
        },
        template="returners/kit_day_change.html",
        day=day,
        absence=absence,
        **_absence_page(absence, "Change a KIT or SPLIT day"),
    )


@require_POST
@login_required
def kit_day_remove_view(request, pk, day_id):
    absence, day = _kit_day(request, pk, day_id)
    return post_action(
        request,
        act=lambda: services.kit_day_remove(day=day, actor=request.user),
        success_message=f"The day on {day.on:%-d %B %Y} has been removed.",
        success_url=absence.get_absolute_url(),
    )


@login_required
def es_extend_view(request, pk):
    absence = absence_get(user=request.user, pk=pk)
    require(permissions.can_record_meetings(request.user, absence))
    plan = getattr(absence, "plan", None)
    if plan is None:
        raise Http404("This absence has no return plan")
    return form_flow(
        request,
        EnhancedSupervisionExtendForm,
        act=lambda form: services.enhanced_supervision_extend(
            plan=plan, actor=request.user, **form.cleaned_data
        ),
        success_message="Extension recorded.",
        success_url=absence.get_absolute_url(),
        **_absence_page(absence, "Extend enhanced supervision"),
    )


@login_required
def health_detail_view(request, pk):
    """Special-category details: the named roles only (not admins), every view audited."""
    absence = absence_get(user=request.user, pk=pk)
    require(permissions.can_view_health(request.user, absence))
    audit_record(action="supportt.health_view", actor=request.user, obj=absence, request=request)
    return render(
        request,
        "returners/health_detail.html",
        {
            "absence": absence,
            "trainee_name": _name(absence),
            "meetings": health_meetings(absence=absence),
        },
    )
