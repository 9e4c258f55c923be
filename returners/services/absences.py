"""Absences: logging one (and its return plan), changing its dates, recording the return."""

from datetime import date

from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from portal.notifications.services import notify
from returners.eligibility import needs_plan
from returners.models import Absence, AbsenceReason, ReturnPlan
from returners.services.plans import return_plan_create, return_plan_recompute
from trainees.models import ProgrammeMembership, Trainee


def _current_membership(trainee: Trainee) -> ProgrammeMembership:
    membership = (
        trainee.memberships.select_related("programme__local_office")
        .order_by("-start_date")
        .first()
    )
    if membership is None:
        raise ApplicationError(
            "This trainee has no training programme recorded, so an absence cannot be logged. "
            "Ask the local office to add their programme first."
        )
    return membership


def _check_someone(actor, system: str | None) -> None:
    if actor is None and not system:
        raise ValueError("A change to an absence needs a person (actor) or a named system job.")


def _check_dates(starts_on: date, return_on: date) -> None:
    if return_on <= starts_on:
        raise ApplicationError("The return date must be after the first day of the absence.")


def _check_in_programme(membership: ProgrammeMembership, starts_on: date) -> None:
    """An absence is time out of this programme, so it begins while the trainee is in it: a
    date in 1900 or after the completion date is a typing mistake (docs/rules.md §6)."""
    if not membership.start_date <= starts_on < membership.cct_date:
        raise ApplicationError(
            "The absence must begin during the trainee's programme, between "
            f"{membership.start_date:%-d %B %Y} and their completion date, "
            f"{membership.cct_date:%-d %B %Y}. Check the year of the first day."
        )


def _check_no_overlap(
    trainee: Trainee, starts_on: date, return_on: date, exclude: Absence | None = None
) -> None:
    clashes = (
        Absence.objects.for_trainee(trainee)
        .annotate(ends_on=Coalesce("actual_return_on", "expected_return_on"))
        .filter(starts_on__lt=return_on, ends_on__gt=starts_on)
    )
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    clash = clashes.first()
    if clash is not None:
        raise ApplicationError(
            f"These dates overlap another absence ({clash.reason_label.lower()} from "
            f"{clash.starts_on:%-d %B %Y} to {clash.ends_on:%-d %B %Y}). "
            "Change that absence's dates instead."
        )


def _check_reason_details(reason: str, parental_leave: str, other_reason: str, sickness: str):
    if reason not in AbsenceReason.values:
        raise ApplicationError("Select the reason for the absence.")
    if (reason == AbsenceReason.PARENTAL) != bool(parental_leave):
        raise ApplicationError("Select the kind of parental leave.")
    if (reason == AbsenceReason.OTHER) != bool(other_reason.strip()):
        raise ApplicationError("Enter the reason for the absence.")
    if sickness and reason != AbsenceReason.SICKNESS:
        raise ApplicationError("Sickness details can only be recorded for a sickness absence.")


@transaction.atomic
def absence_create(
    *,
    trainee: Trainee,
    reason: str,
    starts_on: date,
    expected_return_on: date,
    planned: bool,
    actor=None,
    system: str | None = None,
    membership: ProgrammeMembership | None = None,
    parental_leave: str = "",
    other_reason: str = "",
    sickness_details: str = "",
    opt_in: bool = False,
) -> Absence:
    """Log an absence. One of 3 months or more (or any, with `opt_in`) gets a return plan with
    the three meetings' due windows. `membership` defaults to the trainee's latest programme.

    People pass `actor`; jobs pass `system` (OOPP activation passes "oopp_activation").
    """
    _check_someone(actor, system)
    # Lock the trainee so two absences logged at once cannot both pass the overlap check.
    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if membership is None:
        membership = _current_membership(trainee)
    elif membership.trainee_id != trainee.pk:
        raise ValueError("The membership belongs to another trainee.")
    _check_reason_details(reason, parental_leave, other_reason, sickness_details)
    _check_dates(starts_on, expected_return_on)
    _check_in_programme(membership, starts_on)
    _check_no_overlap(trainee, starts_on, expected_return_on)

    absence = Absence.objects.create(
        membership=membership,
        reason=reason,
        parental_leave=parental_leave if reason == AbsenceReason.PARENTAL else "",
        other_reason=other_reason.strip(),
        sickness_details=sickness_details.strip(),
        starts_on=starts_on,
        expected_return_on=expected_return_on,
        planned=planned,
        logged_on=timezone.localdate(),
        logged_by=actor,
        logged_by_system=system or "",
    )
    plan = None
    if needs_plan(starts_on, expected_return_on) or opt_in:
        plan = return_plan_create(
            absence=absence, opted_in=not needs_plan(starts_on, expected_return_on)
        )
    audit_record(
        action="supportt.absence_create",
        actor=actor,
        system=system,
        obj=absence,
        detail={"plan": plan is not None},
    )
    if plan is not None:
        audit_record(action="supportt.plan_create", actor=actor, system=system, obj=plan)
    _notify_logged(absence, plan, actor)
    return absence


def _notify_logged(absence: Absence, plan: ReturnPlan | None, actor) -> None:
    membership = absence.membership
    to = {
        Audience.TRAINEE: [membership.trainee.user],
        Audience.SUPERVISOR: [membership.educational_supervisor],
    }
    to = {
        audience: [p for p in people if p is not None and p != actor]
        for audience, people in to.items()
    }
    if not any(to.values()):
        return
    notify(
        notice="supportt_absence_logged",
        to=to,
        context={
            "trainee_name": membership.trainee.user.get_full_name(),
            "reason": absence.reason_label,
            "starts_on": absence.starts_on,
            "expected_return_on": absence.expected_return_on,
            "has_plan": plan is not None,
            "action_text": "View the return-to-training plan" if plan else "View the absence",
        },
        link_path=reverse("returners:absence_detail", args=[absence.pk]),
    )


def _locked(absence: Absence) -> Absence:
    return (
        Absence.objects.select_for_update(of=("self",))
        .select_related("membership__trainee", "membership__programme")
        .get(pk=absence.pk)
    )


@transaction.atomic
def absence_update_dates(
    *,
    absence: Absence,
    actor=None,
    starts_on: date,
    expected_return_on: date,
    system: str | None = None,
) -> Absence:
    """Change the dates; the windows of meetings not held yet follow. An absence that becomes
    3 months or longer gets its plan now."""
    _check_someone(actor, system)
    absence = _locked(absence)
    if absence.has_returned:
        raise ApplicationError("The trainee has already returned, so these dates cannot change.")
    _check_dates(starts_on, expected_return_on)
    _check_in_programme(absence.membership, starts_on)
    _check_no_overlap(absence.membership.trainee, starts_on, expected_return_on, exclude=absence)
    absence.starts_on, absence.expected_return_on = starts_on, expected_return_on
    absence.save(update_fields=["starts_on", "expected_return_on", "updated_at"])
    plan = ReturnPlan.objects.select_for_update().filter(absence=absence).first()
    if plan is not None:
        return_plan_recompute(plan=plan)
    elif needs_plan(starts_on, expected_return_on):
        plan = return_plan_create(absence=absence)
        audit_record(action="supportt.plan_create", actor=actor, system=system, obj=plan)
    audit_record(action="supportt.absence_update", actor=actor, system=system, obj=absence)
    return absence


@transaction.atomic
def absence_record_return(
    *, absence: Absence, actor=None, returned_on: date, system: str | None = None
) -> Absence:
    """The trainee is back. Enhanced supervision and the post-return window now count from
    the actual date. A job (an OOPP ending) passes `system` instead of `actor`."""
    _check_someone(actor, system)
    absence = _locked(absence)
    if returned_on <= absence.starts_on:
        raise ApplicationError("The return date must be after the first day of the absence.")
    if returned_on > timezone.localdate():
        raise ApplicationError(
            "The return date cannot be in the future. Record the return once it has happened, "
            "or change the expected return date."
        )
    if absence.actual_return_on == returned_on:
        return absence
    _check_no_overlap(absence.membership.trainee, absence.starts_on, returned_on, exclude=absence)
    absence.actual_return_on = returned_on
    absence.save(update_fields=["actual_return_on", "updated_at"])
    plan = ReturnPlan.objects.select_for_update().filter(absence=absence).first()
    if plan is not None:
        return_plan_recompute(plan=plan)
    audit_record(action="supportt.absence_return", actor=actor, system=system, obj=absence)
    return absence
