"""Writes to OOPP applications. The moves they share with LTFT go through the same engine and
helpers (`services.applications`); what is OOPP's own is here: eligibility at the start,
the supervisor's view, the absence and return plan on the start date, the return, and the ARCP
decision that credits recognised capabilities back to the CCT date."""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from requests_ltft.choices import Status
from requests_ltft.eligibility import applies
from requests_ltft.eligibility import oopp as rules
from requests_ltft.models import OoppApplication, SupervisorView
from requests_ltft.presenters.applications import snapshot_of
from requests_ltft.presenters.oopp import oopp_answers
from requests_ltft.selectors.oopp import (
    latest_arcp_outcome,
    oopp_start_problems,
    oopp_submission_problems,
)
from requests_ltft.services.applications import (
    Notice,
    application_draft_update,
    application_move,
    application_start,
    application_submit,
    changes_path,
    deanery,
    deanery_if_deciding,
    supervisor,
    tell,
    tpds,
    trainee,
)
from returners import services as returners_services
from trainees.models import ProgrammeMembership
from trainees.working_pattern import completion_date

log = logging.getLogger(__name__)

DRAFT_FIELDS = frozenset(
    {
        "start_date",
        "end_date",
        "intended_return_date",
        "alternative_start_date",
        "exceptional_reason",
        "exceptional_explanation",
        "post_title",
        "post_employer",
        "post_location",
        "post_supervisor_name",
        "post_supervisor_email",
        "scope_of_practice",
        "capabilities_to_gain",
        "plan_for_return",
        "indemnity",
        "wellbeing_rationale",
    }
)

TRAINEE, SUPERVISOR = Audience.TRAINEE, Audience.SUPERVISOR
TPD, DEANERY = Audience.TPD, Audience.DEANERY
_AROUND = {TRAINEE: trainee, TPD: tpds, SUPERVISOR: supervisor}
NOTICES = {
    "submit": [Notice("oopp_submitted", _AROUND)],
    # The TPD asked for the changes: they are told it is back, and shown what changed.
    "resubmit": [
        Notice("oopp_resubmitted", {TPD: tpds}, link=changes_path, action="See what changed"),
        Notice("oopp_resubmitted", {TRAINEE: trainee, SUPERVISOR: supervisor}),
    ],
    "tpd_support": [Notice("oopp_tpd_supported", {TRAINEE: trainee, DEANERY: deanery})],
    "return_for_changes": [Notice("oopp_returned", {TRAINEE: trainee})],
    "approve": [Notice("oopp_approved", _AROUND)],
    "reject": [Notice("oopp_rejected", _AROUND)],
    "withdraw": [
        Notice("oopp_withdrawn", {TPD: tpds, SUPERVISOR: supervisor, DEANERY: deanery_if_deciding})
    ],
    "activate": [Notice("oopp_active", {TRAINEE: trainee, SUPERVISOR: supervisor})],
    "return_to_training": [Notice("oopp_back", _AROUND)],
}
SNAPSHOT = snapshot_of(oopp_answers)
SUPERVISOR_OPINION_RECORDED = Notice("oopp_supervisor_view", {TRAINEE: trainee, TPD: tpds})
RECOGNITION_RECORDED = Notice("oopp_recognised", _AROUND)
SYSTEM_JOB = "scheduled_transitions"


def _move(application: OoppApplication, name: str, **details) -> OoppApplication:
    return application_move(
        application=application, name=name, notices=NOTICES, snapshot=SNAPSHOT, **details
    )


@transaction.atomic
def oopp_application_start(*, trainee, membership, actor, post_secured: bool) -> OoppApplication:
    """Open a draft once the trainee passes the checks that need no answers yet: their grade,
    their latest ARCP outcome, and having a post."""
    problems = oopp_start_problems(membership=membership, post_secured=post_secured)
    if problems:
        raise ApplicationError(problems[0], extra={"problems": problems})
    return application_start(
        model=OoppApplication,
        actor=actor,
        trainee=trainee,
        programme=membership.programme,
        post_secured=True,
    )


def oopp_draft_update(*, application: OoppApplication, actor, **values) -> OoppApplication:
    return application_draft_update(
        application=application,
        actor=actor,
        draft_fields=DRAFT_FIELDS,
        only_when=applies.OOPP,
        **values,
    )


def oopp_submit(*, application: OoppApplication, actor) -> OoppApplication:
    """Submit a draft, or resubmit after changes, checking every eligibility rule again."""
    today = timezone.localdate()

    def values(locked):
        membership = locked.membership
        # Built on the completion date after the approved changes (docs/rules.md §4).
        completion = completion_date(membership)
        with_pause = rules.provisional_cct(
            cct_date=completion,
            start=locked.start_date,
            return_date=locked.intended_return_date,
        )
        return {
            "short_notice": rules.is_short_notice(
                start=locked.start_date,
                months=locked.programme.local_office.oopp_notice_months,
                on=today,
            ),
            "cct_date_before": completion,
            "provisional_cct_date": with_pause,
            "arcp_outcome_expected": latest_arcp_outcome(membership=membership) is None,
            "little_training_left": rules.little_training_left(
                return_date=locked.intended_return_date, cct_with_pause=with_pause
            ),
        }

    return application_submit(
        application=application,
        actor=actor,
        problems=lambda locked: oopp_submission_problems(locked, today=today),
        values=values,
        notices=NOTICES,
        snapshot=SNAPSHOT,
        only_when=applies.OOPP,
    )


def oopp_tpd_support(*, application: OoppApplication, actor) -> OoppApplication:
    return _move(application, "tpd_support", actor=actor)


def oopp_return_for_changes(*, application: OoppApplication, actor, reason: str):
    return _move(application, "return_for_changes", actor=actor, reason=reason)


def oopp_approve(*, application: OoppApplication, actor) -> OoppApplication:
    return _move(application, "approve", actor=actor)


def oopp_reject(*, application: OoppApplication, actor, reason: str) -> OoppApplication:
    return _move(application, "reject", actor=actor, reason=reason)


def oopp_withdraw(*, application: OoppApplication, actor, reason: str) -> OoppApplication:
    return _move(application, "withdraw", actor=actor, reason=reason)


def _locked(application) -> OoppApplication:
    return OoppApplication.objects.select_for_update().get(pk=application.pk)


def _locked_membership(application) -> ProgrammeMembership:
    return ProgrammeMembership.objects.select_for_update().get(
        trainee_id=application.trainee_id, programme_id=application.programme_id
    )


@transaction.atomic
def oopp_supervisor_opinion_record(
    *, application: OoppApplication, actor, view: str, comment: str = ""
) -> OoppApplication:
    """The educational supervisor supports the application or raises concerns. It is recorded
    beside the workflow for the TPD and the deanery to weigh: the TPD's decision is the gate."""
    application = _locked(application)
    if "SUPERVISOR" not in application.roles_of(actor):
        raise ApplicationError(
            "Only the trainee's educational supervisor can give their view on this application."
        )
    if application.status not in (Status.SUBMITTED, Status.TPD_SUPPORTED):
        raise ApplicationError(
            "You can give your view only while the application is waiting for the TPD or the "
            f"deanery. It is {application.status_in_sentence} now."
        )
    if view not in SupervisorView.values:
        raise ApplicationError("Select whether you support the application or have concerns")
    comment = comment.strip()
    if view == SupervisorView.CONCERNS and not comment:
        raise ApplicationError("Describe your concerns so the TPD and the deanery can weigh them")
    unchanged = (application.es_view, application.es_comment, application.es_revision) == (
        view,
        comment,
        application.revision,
    )
    if unchanged and application.es_recorded_by_id == actor.pk:
        return application  # a second click of the same answer changes nothing
    application.es_view = view
    application.es_comment = comment
    application.es_recorded_by = actor
    application.es_recorded_at = timezone.now()
    application.es_revision = application.revision
    application.save(
        update_fields=[
            "es_view",
            "es_comment",
            "es_recorded_by",
            "es_recorded_at",
            "es_revision",
            "updated_at",
        ]
    )
    tell(application, SUPERVISOR_OPINION_RECORDED, reason=comment)
    audit_record(action="oopp.supervisor_view", actor=actor, obj=application, detail={"view": view})
    return application


def oopp_activate(*, application: OoppApplication) -> OoppApplication:
    """On the start date: the CCT date moves by the whole pause, and the trainee's absence and
    return-to-training plan are created (whatever its length, an OOPP gets a plan)."""

    def start_the_pause(active):
        membership = _locked_membership(active)
        added = rules.days_added(
            cct_date=membership.cct_date,
            start=active.start_date,
            return_date=active.intended_return_date,
        )
        membership.cct_date += timedelta(days=added)
        membership.save(update_fields=["cct_date", "updated_at"])
        active.absence = returners_services.absence_create(
            trainee=active.trainee,
            membership=membership,
            reason="OOPP",
            starts_on=active.start_date,
            expected_return_on=active.intended_return_date,
            planned=True,
            system="oopp_activation",
            opt_in=True,
        )
        active.cct_days_added = added
        active.save(update_fields=["absence", "cct_days_added", "updated_at"])

    return _move(application, "activate", system=SYSTEM_JOB, then=start_the_pause)


@transaction.atomic
def oopp_return(
    *, application: OoppApplication, actor=None, returned_on: date | None = None
) -> OoppApplication:
    """The trainee is back: on the planned return date (the scheduled job, no actor), or on an
    earlier date the deanery records once it has happened. An earlier return shortens the
    pause, so the CCT date comes back by the days not taken."""
    if actor is not None:
        problem = _return_date_problem(application, returned_on)
        if problem:
            raise ApplicationError(problem)

    def come_back(returned):
        if returned_on is not None and returned_on != returned.intended_return_date:
            membership = _locked_membership(returned)
            added = rules.days_added(
                cct_date=membership.cct_date, start=returned.start_date, return_date=returned_on
            )
            membership.cct_date += timedelta(days=added - (returned.cct_days_added or 0))
            membership.save(update_fields=["cct_date", "updated_at"])
            returned.actual_return_date = returned_on
            returned.cct_days_added = added
            returned.save(update_fields=["actual_return_date", "cct_days_added", "updated_at"])
        back_on = returned_on or returned.intended_return_date
        if returned.absence_id and back_on <= timezone.localdate():
            # The absence ends with the pause, so the post-return meeting counts from this day.
            returners_services.absence_record_return(
                absence=returned.absence,
                actor=actor,
                system=None if actor else SYSTEM_JOB,
                returned_on=back_on,
            )

    return _move(
        application,
        "return_to_training",
        actor=actor,
        system="" if actor else SYSTEM_JOB,
        then=come_back,
    )


def _return_date_problem(application, returned_on: date | None) -> str | None:
    if returned_on is None:
        return "Enter the date the trainee returned to training"
    if returned_on <= application.start_date:
        return "The return date must be after the pause started"
    if returned_on > timezone.localdate():
        return (
            "The return date cannot be in the future. Record it once the trainee is back; "
            "the planned return happens by itself."
        )
    if returned_on > application.intended_return_date:
        return (
            f"The trainee was due back on {application.intended_return_date:%-d %B %Y}. "
            "Enter a date on or before it."
        )
    return None


@transaction.atomic
def oopp_recognition_record(*, application: OoppApplication, actor, days: int) -> OoppApplication:
    """The ARCP panel's decision on how many days of capabilities gained during the pause count
    towards training. Those days are credited back, so the CCT date moves earlier by them; both
    dates are kept on the application."""
    application = _locked(application)
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can record the ARCP decision.")
    if application.status != Status.RETURNED:
        raise ApplicationError(
            "The ARCP decision can be recorded once the trainee has returned to training."
        )
    if application.recognised_days is not None:
        raise ApplicationError(
            f"The ARCP decision is already recorded: {application.recognised_days} days "
            "recognised. Nothing more is needed."
        )
    membership = _locked_membership(application)
    try:
        added = rules.days_added(
            cct_date=membership.cct_date,
            start=application.start_date,
            return_date=application.return_date,
            rebate_days=days,
        )
    except ValueError:
        length = rules.days_added(
            cct_date=membership.cct_date,
            start=application.start_date,
            return_date=application.return_date,
        )
        raise ApplicationError(
            f"Enter a number of days between 0 and {length}, the length of the pause"
        ) from None
    before = membership.cct_date
    membership.cct_date = before + timedelta(days=added - (application.cct_days_added or 0))
    membership.save(update_fields=["cct_date", "updated_at"])
    application.recognised_days = days
    application.cct_days_added = added
    application.cct_date_before_recognition = before
    application.cct_date_after_recognition = membership.cct_date
    application.recognition_recorded_by = actor
    application.recognition_recorded_at = timezone.now()
    application.save(
        update_fields=[
            "recognised_days",
            "cct_days_added",
            "cct_date_before_recognition",
            "cct_date_after_recognition",
            "recognition_recorded_by",
            "recognition_recorded_at",
            "updated_at",
        ]
    )
    tell(application, RECOGNITION_RECORDED)
    audit_record(
        action="oopp.recognition",
        actor=actor,
        obj=application,
        detail={
            "days": days,
            "cct_before": before.isoformat(),
            "cct_after": membership.cct_date.isoformat(),
        },
    )
    return application


def oopp_apply_due_transitions(*, today: date | None = None) -> int:
    """Start approved pauses on their start date and end active ones on their return date.
    Each row is its own transaction: one that cannot move (its dates now clash with an absence
    logged since) is logged and left for the deanery, and the rest carry on. A second run finds
    nothing left to do."""
    today = today or timezone.localdate()
    moved = 0
    for application in OoppApplication.objects.filter(
        status=Status.APPROVED, start_date__lte=today
    ):
        try:
            oopp_activate(application=application)
        except ApplicationError as error:
            log.warning("OOPP %s could not start: %s", application.pk, error.message)
            continue
        moved += 1
    returning = OoppApplication.objects.filter(
        status=Status.ACTIVE, intended_return_date__lte=today
    )
    for application in returning:
        oopp_return(application=application)
        moved += 1
    return moved
