"""Writes to LTFT applications. Each transition is one service over the shared workflow engine
(through `services.applications`); notifications are written to the outbox in the same
transaction and sent after commit."""

import logging

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from requests_ltft.choices import Status
from requests_ltft.eligibility import applies
from requests_ltft.eligibility import ltft as rules
from requests_ltft.models import LtftApplication
from requests_ltft.presenters.applications import snapshot_of
from requests_ltft.presenters.ltft import ltft_answers
from requests_ltft.selectors.ltft import ltft_hours_before, ltft_submission_problems
from requests_ltft.services.applications import (
    Notice,
    application_draft_update,
    application_move,
    application_start,
    application_submit,
    changes_path,
    deanery,
    deanery_if_deciding,
    tpds,
    trainee,
)
from trainees.working_pattern import completion_date

log = logging.getLogger(__name__)

DRAFT_FIELDS = frozenset(
    {
        "current_percent",
        "proposed_percent",
        "start_date",
        "end_date",
        "alternative_start_date",
        "exceptional_reason",
        "exceptional_explanation",
        "reasons",
        "reason_other",
        "reasons_shared_with_tpd",
        "supporting_information",
        "tpd_name",
        "tpd_email",
        "other_discussions",
        "skilled_worker_visa",
    }
)

TRAINEE, TPD, DEANERY = Audience.TRAINEE, Audience.TPD, Audience.DEANERY
NOTICES = {
    "submit": [Notice("ltft_submitted", {TRAINEE: trainee, TPD: tpds})],
    # The TPD asked for the changes: they are told it is back, and shown what changed.
    "resubmit": [
        Notice("ltft_resubmitted", {TPD: tpds}, link=changes_path, action="See what changed"),
        Notice("ltft_resubmitted", {TRAINEE: trainee}),
    ],
    "tpd_support": [Notice("ltft_tpd_supported", {TRAINEE: trainee, DEANERY: deanery})],
    "return_for_changes": [Notice("ltft_returned", {TRAINEE: trainee})],
    "approve": [Notice("ltft_approved", {TRAINEE: trainee, TPD: tpds})],
    "reject": [Notice("ltft_rejected", {TRAINEE: trainee, TPD: tpds})],
    "withdraw": [Notice("ltft_withdrawn", {TPD: tpds, DEANERY: deanery_if_deciding})],
    "activate": [Notice("ltft_active", {TRAINEE: trainee})],
    "complete": [Notice("ltft_completed", {TRAINEE: trainee})],
}
SNAPSHOT = snapshot_of(ltft_answers)
SYSTEM_JOB = "scheduled_transitions"


def _move(application: LtftApplication, name: str, **details) -> LtftApplication:
    return application_move(
        application=application, name=name, notices=NOTICES, snapshot=SNAPSHOT, **details
    )


@transaction.atomic
def ltft_application_start(*, trainee, membership, actor) -> LtftApplication:
    """Open a draft for one programme. The database allows one open application per programme."""
    return application_start(
        model=LtftApplication,
        actor=actor,
        trainee=trainee,
        programme=membership.programme,
        current_percent=ltft_hours_before(membership),
    )


def ltft_draft_update(*, application: LtftApplication, actor, **values) -> LtftApplication:
    """Save answers while the trainee fills the form in (draft, or returned for changes)."""
    if values.get("start_date"):
        # The hours before the change are those in force on its start date (§4).
        values["current_percent"] = ltft_hours_before(application.membership, values["start_date"])
    return application_draft_update(
        application=application,
        actor=actor,
        draft_fields=DRAFT_FIELDS,
        only_when=applies.LTFT,
        **values,
    )


def ltft_submit(*, application: LtftApplication, actor) -> LtftApplication:
    """Submit a draft, or resubmit after changes. The notice clock starts now."""

    def values(locked):
        membership = locked.membership
        return {
            "short_notice": rules.is_short_notice(
                start=locked.start_date,
                weeks=locked.programme.local_office.ltft_notice_weeks,
                on=timezone.localdate(),
            ),
            "cct_date_before": completion_date(membership),
            "provisional_cct_date": _provisional(locked, completion_date(membership)),
        }

    return application_submit(
        application=application,
        actor=actor,
        problems=lambda locked: ltft_submission_problems(locked, today=timezone.localdate()),
        values=values,
        notices=NOTICES,
        snapshot=SNAPSHOT,
        only_when=applies.LTFT,
    )


def _provisional(application, cct_date):
    return rules.provisional_cct(
        cct_date=cct_date,
        current_percent=application.current_percent,
        proposed_percent=application.proposed_percent,
        start=application.start_date,
        end=application.end_date,
    )


def ltft_tpd_support(*, application: LtftApplication, actor) -> LtftApplication:
    return _move(application, "tpd_support", actor=actor)


def ltft_return_for_changes(*, application: LtftApplication, actor, reason: str):
    return _move(application, "return_for_changes", actor=actor, reason=reason)


@transaction.atomic
def ltft_approve(*, application: LtftApplication, actor) -> LtftApplication:
    if rules.visa_blocks(
        visa=application.skilled_worker_visa, percent=application.proposed_percent
    ) and not (application.visa_override_reason.strip()):
        raise ApplicationError(
            "The trainee holds a Skilled Worker visa and asks for less than 80%. Record the "
            "dean's override with a reason before approving, or reject the application."
        )
    return _move(application, "approve", actor=actor)


def ltft_reject(*, application: LtftApplication, actor, reason: str) -> LtftApplication:
    return _move(application, "reject", actor=actor, reason=reason)


def ltft_withdraw(*, application: LtftApplication, actor, reason: str) -> LtftApplication:
    return _move(application, "withdraw", actor=actor, reason=reason)


@transaction.atomic
def ltft_visa_override(*, application: LtftApplication, actor, reason: str) -> LtftApplication:
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can record the dean's visa override.")
    if not reason.strip():
        raise ApplicationError("Enter the reason for the dean's override")
    application.visa_override_reason = reason.strip()
    application.save(update_fields=["visa_override_reason", "updated_at"])
    audit_record(action="ltft.visa_override", actor=actor, obj=application)
    return application


def ltft_activate(*, application: LtftApplication) -> LtftApplication:
    """On the start date: the new hours take effect and the CCT date moves."""

    def take_effect(active):
        membership = active.membership
        membership.wte = active.proposed_wte
        membership.cct_date = _provisional(active, membership.cct_date)
        membership.save(update_fields=["wte", "cct_date", "updated_at"])

    return _move(application, "activate", system=SYSTEM_JOB, then=take_effect)


def ltft_complete(*, application: LtftApplication) -> LtftApplication:
    """After the end date the trainee goes back to their hours before the change."""

    def back_to_before(completed):
        membership = completed.membership
        membership.wte = completed.current_wte
        membership.save(update_fields=["wte", "updated_at"])

    return _move(application, "complete", system=SYSTEM_JOB, then=back_to_before)


def ltft_apply_due_transitions(*, today=None) -> int:
    """Move approved applications to active on their start date and active ones to completed
    after their end date. Each row is its own transaction, so one failure does not stop the
    rest, and a second run finds nothing left to do."""
    today = today or timezone.localdate()
    moved = 0
    due = [
        (
            ltft_activate,
            LtftApplication.objects.filter(status=Status.APPROVED, start_date__lte=today),
        ),
        (ltft_complete, LtftApplication.objects.filter(status=Status.ACTIVE, end_date__lt=today)),
    ]
    for move, applications in due:
        for application in applications:
            try:
                move(application=application)
            except ApplicationError:
                log.exception("Could not move LTFT application %s on its date", application.pk)
                continue
            moved += 1
    return moved
