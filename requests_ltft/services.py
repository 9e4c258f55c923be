"""Writes to LTFT applications. Each transition is one service over the shared workflow engine;
notifications are written to the outbox in the same transaction and sent after commit."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.services import notify
from portal.workflow.services import workflow_transition
from requests_ltft import rules
from requests_ltft.choices import Status
from requests_ltft.evidence import ALLOWED, evidence_problem, safe_display_name
from requests_ltft.models import Evidence, LtftApplication
from requests_ltft.people import deanery_for, tpds_for

DRAFT_FIELDS = {
    "proposed_percent",
    "start_date",
    "end_date",
    "alternative_start_date",
    "exceptional_reason",
    "exceptional_explanation",
    "reasons",
    "reason_other",
    "supporting_information",
    "tpd_name",
    "tpd_email",
    "other_discussions",
    "skilled_worker_visa",
}


def _detail_path(app) -> str:
    return f"/applications/ltft/{app.pk}/"


@transaction.atomic
def ltft_application_start(*, trainee, membership, actor) -> LtftApplication:
    """Open a draft for one programme. The database allows one open application per programme."""
    try:
        with transaction.atomic():
            application = LtftApplication.objects.create(
                trainee=trainee,
                programme=membership.programme,
                current_percent=int(membership.wte * 100),
                status=Status.DRAFT,
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "You already have an open application for this programme. Continue that one, or "
            "withdraw it before starting another."
        ) from exc
    audit_record(action="ltft.create", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_draft_update(*, application: LtftApplication, actor, **values) -> LtftApplication:
    """Save answers while the trainee fills the form in (draft, or returned for changes)."""
    unknown = set(values) - DRAFT_FIELDS
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    locked = LtftApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable:
        raise ApplicationError(
            "This application can no longer be changed: it is "
            f"{locked.get_status_display().lower()}."
        )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "updated_at"])
    audit_record(action="ltft.update", actor=actor, obj=locked, detail={"fields": sorted(values)})
    return locked


@transaction.atomic
def ltft_evidence_add(*, application: LtftApplication, actor, upload) -> Evidence:
    if not application.is_editable:
        raise ApplicationError("Evidence can only be added while the application can be changed.")
    if problem := evidence_problem(upload):
        raise ApplicationError(problem)
    extension = ALLOWED["." + upload.name.rsplit(".", 1)[-1].lower()]
    evidence = Evidence(
        ltft_application=application,
        original_name=safe_display_name(upload.name),
        extension=extension.extension,
        content_type=extension.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit_record(action="evidence.upload", actor=actor, obj=evidence)
    return evidence


@transaction.atomic
def ltft_evidence_remove(*, evidence: Evidence, actor) -> None:
    if not evidence.ltft_application.is_editable:
        raise ApplicationError("Evidence can only be removed while the application can be changed.")
    audit_record(action="evidence.delete", actor=actor, obj=evidence)
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def ltft_submit(*, application: LtftApplication, actor) -> LtftApplication:
    """Submit a draft, or resubmit after changes. The notice clock starts now."""
    application = LtftApplication.objects.select_for_update().get(pk=application.pk)
    today = timezone.localdate()
    office = application.programme.local_office
    problems = rules.submission_problems(
        application, today=today, notice_weeks=office.ltft_notice_weeks
    )
    if problems:
        raise ApplicationError("The application is not complete yet.", extra={"problems": problems})
    if application.declarations_confirmed_at is None:
        raise ApplicationError("Confirm the declarations before you submit.")
    name = "submit" if application.status == Status.DRAFT else "resubmit"
    membership = application.membership
    application.short_notice = rules.is_short_notice(
        start=application.start_date, weeks=office.ltft_notice_weeks, on=today
    )
    application.submitted_at = timezone.now()
    application.cct_date_before = membership.cct_date
    application.provisional_cct_date = rules.provisional_cct(
        cct_date=membership.cct_date,
        current_percent=application.current_percent,
        proposed_percent=application.proposed_percent,
        start=application.start_date,
        end=application.end_date,
    )
    application.save(
        update_fields=[
            "short_notice",
            "submitted_at",
            "cct_date_before",
            "provisional_cct_date",
            "updated_at",
        ]
    )
    application = workflow_transition(instance=application, name=name, actor=actor)
    _tell(
        application,
        "ltft_submitted",
        "An LTFT application is waiting for your support",
        tpds_for(application.programme),
    )
    _tell(
        application,
        "ltft_received",
        "We have received your LTFT application",
        [application.trainee.user],
    )
    audit_record(action=f"ltft.{name}", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_declarations_confirm(*, application: LtftApplication, actor) -> None:
    application.declarations_confirmed_at = timezone.now()
    application.save(update_fields=["declarations_confirmed_at", "updated_at"])


@transaction.atomic
def ltft_tpd_support(*, application: LtftApplication, actor) -> LtftApplication:
    application = workflow_transition(instance=application, name="tpd_support", actor=actor)
    _tell(
        application,
        "ltft_ready_for_decision",
        "An LTFT application is ready for a decision",
        deanery_for(application.programme),
    )
    _tell(
        application,
        "ltft_tpd_supported",
        "Your TPD has supported your LTFT application",
        [application.trainee.user],
    )
    audit_record(action="ltft.tpd_support", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_return_for_changes(*, application: LtftApplication, actor, reason: str):
    application = workflow_transition(
        instance=application, name="return_for_changes", actor=actor, reason=reason
    )
    _tell(
        application,
        "ltft_returned",
        "Your LTFT application needs changes",
        [application.trainee.user],
        reason=reason,
    )
    audit_record(action="ltft.return_for_changes", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_approve(*, application: LtftApplication, actor) -> LtftApplication:
    if rules.visa_blocks(
        visa=application.skilled_worker_visa, percent=application.proposed_percent
    ) and not (application.visa_override_reason.strip()):
        raise ApplicationError(
            "The trainee holds a Skilled Worker visa and asks for less than 80%. Record the "
            "dean's override with a reason before approving, or reject the application."
        )
    application = workflow_transition(instance=application, name="approve", actor=actor)
    _decided(application)
    _tell(
        application,
        "ltft_approved",
        "Your LTFT application has been approved",
        [application.trainee.user, *tpds_for(application.programme)],
    )
    audit_record(action="ltft.approve", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_reject(*, application: LtftApplication, actor, reason: str) -> LtftApplication:
    application = workflow_transition(
        instance=application, name="reject", actor=actor, reason=reason
    )
    _decided(application)
    _tell(
        application,
        "ltft_rejected",
        "Your LTFT application has not been approved",
        [application.trainee.user, *tpds_for(application.programme)],
        reason=reason,
    )
    audit_record(action="ltft.reject", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_withdraw(*, application: LtftApplication, actor, reason: str) -> LtftApplication:
    was_with_deanery = application.status == Status.TPD_SUPPORTED
    application = workflow_transition(
        instance=application, name="withdraw", actor=actor, reason=reason
    )
    people = tpds_for(application.programme)
    if was_with_deanery:
        people += deanery_for(application.programme)
    _tell(
        application,
        "ltft_withdrawn",
        "An LTFT application has been withdrawn",
        people,
        reason=reason,
    )
    audit_record(action="ltft.withdraw", actor=actor, obj=application)
    return application


@transaction.atomic
def ltft_visa_override(*, application: LtftApplication, actor, reason: str) -> None:
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can record the dean's visa override.")
    if not reason.strip():
        raise ApplicationError("Enter the reason for the dean's override")
    application.visa_override_reason = reason.strip()
    application.save(update_fields=["visa_override_reason", "updated_at"])
    audit_record(action="ltft.visa_override", actor=actor, obj=application)


@transaction.atomic
def ltft_assign_case_owner(*, application: LtftApplication, actor, owner) -> None:
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can assign a case owner.")
    application.case_owner = owner
    application.save(update_fields=["case_owner", "updated_at"])
    audit_record(
        action="ltft.assign_case_owner",
        actor=actor,
        obj=application,
        detail={"case_owner": str(owner.pk) if owner else None},
    )


@transaction.atomic
def ltft_activate(*, application: LtftApplication) -> LtftApplication:
    """On the start date: the new hours take effect and the CCT date moves."""
    application = workflow_transition(
        instance=application, name="activate", system="scheduled_transitions"
    )
    membership = application.membership
    membership.wte = application.proposed_wte
    membership.cct_date = rules.provisional_cct(
        cct_date=membership.cct_date,
        current_percent=application.current_percent,
        proposed_percent=application.proposed_percent,
        start=application.start_date,
        end=application.end_date,
    )
    membership.save(update_fields=["wte", "cct_date", "updated_at"])
    _tell(
        application, "ltft_active", "Your new working hours start today", [application.trainee.user]
    )
    audit_record(action="ltft.activate", system="scheduled_transitions", obj=application)
    return application


@transaction.atomic
def ltft_complete(*, application: LtftApplication) -> LtftApplication:
    """After the end date the trainee goes back to their hours before the change."""
    application = workflow_transition(
        instance=application, name="complete", system="scheduled_transitions"
    )
    membership = application.membership
    membership.wte = application.current_wte
    membership.save(update_fields=["wte", "updated_at"])
    _tell(application, "ltft_completed", "Your LTFT period has ended", [application.trainee.user])
    audit_record(action="ltft.complete", system="scheduled_transitions", obj=application)
    return application


def ltft_apply_due_transitions(*, today=None) -> int:
    """Move approved applications to active on their start date and active ones to completed
    after their end date. Each row is its own transaction, so one failure does not stop the
    rest, and a second run finds nothing left to do."""
    today = today or timezone.localdate()
    moved = 0
    for app in LtftApplication.objects.filter(status=Status.APPROVED, start_date__lte=today):
        ltft_activate(application=app)
        moved += 1
    for app in LtftApplication.objects.filter(status=Status.ACTIVE, end_date__lt=today):
        ltft_complete(application=app)
        moved += 1
    return moved


def _decided(application) -> None:
    application.decided_at = timezone.now()
    application.save(update_fields=["decided_at", "updated_at"])


def _tell(application, template, subject, people, *, reason=""):
    notify(
        recipients=people,
        subject=subject,
        template=template,
        context={"application": application, "reason": reason},
        link_path=_detail_path(application),
    )
