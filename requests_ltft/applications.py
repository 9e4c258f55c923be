"""What LTFT and OOPP applications share when they are written: opening a draft, saving its
answers and evidence, submitting it, and moving it through its transition table with the
messages each move sends. `requests_ltft.services` (LTFT) and `requests_ltft.oopp.services`
(OOPP) are thin wrappers that describe their kind with an `ApplicationType`."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.services import notify
from portal.workflow.services import workflow_transition
from requests_ltft.choices import Status
from requests_ltft.evidence import ALLOWED, evidence_problem, safe_display_name
from requests_ltft.models import Evidence
from requests_ltft.people import deanery_for, supervisor_for, tpds_for

Recipients = Callable[[object, str], list]  # (application, status before the move) -> people


@dataclass(frozen=True)
class Notice:
    """One message a move sends: the email template, its subject, and who receives it."""

    template: str
    subject: str
    to: Recipients


@dataclass(frozen=True)
class ApplicationType:
    prefix: str  # "ltft" or "oopp": audit actions and URL names start with it
    model: type
    evidence_field: str  # the Evidence foreign key that points at this kind
    draft_fields: frozenset[str]
    notices: dict[str, list[Notice]] = field(default_factory=dict)

    def detail_path(self, application) -> str:
        return reverse(f"requests_ltft:{self.prefix}_detail", args=[application.pk])


def trainee(application, _before) -> list:
    return [application.trainee.user]


def tpds(application, _before) -> list:
    return tpds_for(application.programme)


def deanery(application, _before) -> list:
    return deanery_for(application.programme)


def supervisor(application, _before) -> list:
    return supervisor_for(application)


def deanery_if_deciding(application, before) -> list:
    """The deanery hears of a withdrawal only once the application had reached it."""
    return deanery_for(application.programme) if before == Status.TPD_SUPPORTED else []


def everyone(*groups: Recipients) -> Recipients:
    return lambda application, before: [p for g in groups for p in g(application, before)]


def tell(kind: ApplicationType, application, notice: Notice, *, before="", reason="") -> None:
    notify(
        recipients=notice.to(application, before),
        subject=notice.subject,
        template=notice.template,
        context={"application": application, "reason": reason},
        link_path=kind.detail_path(application),
    )


@transaction.atomic
def application_start(*, kind: ApplicationType, actor, **values):
    """Open a draft. The database allows one open application of a kind per programme."""
    try:
        with transaction.atomic():
            application = kind.model.objects.create(status=Status.DRAFT, **values)
    except IntegrityError as exc:
        raise ApplicationError(
            "You already have an open application of this kind for this programme. Continue "
            "that one, or withdraw it before starting another."
        ) from exc
    audit_record(action=f"{kind.prefix}.create", actor=actor, obj=application)
    return application


def _locked(kind: ApplicationType, application):
    return kind.model.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_draft_update(*, kind: ApplicationType, application, actor, **values):
    """Save answers while the trainee fills the form in (draft, or returned for changes)."""
    unknown = set(values) - kind.draft_fields
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    locked = _locked(kind, application)
    if not locked.is_editable:
        raise ApplicationError(
            "This application can no longer be changed: it is "
            f"{locked.get_status_display().lower()}."
        )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "updated_at"])
    audit_record(
        action=f"{kind.prefix}.update", actor=actor, obj=locked, detail={"fields": sorted(values)}
    )
    return locked


@transaction.atomic
def application_evidence_add(*, kind: ApplicationType, application, actor, upload) -> Evidence:
    if not application.is_editable:
        raise ApplicationError("Files can only be added while the application can be changed.")
    if problem := evidence_problem(upload):
        raise ApplicationError(problem)
    extension = ALLOWED["." + upload.name.rsplit(".", 1)[-1].lower()]
    evidence = Evidence(
        original_name=safe_display_name(upload.name),
        extension=extension.extension,
        content_type=extension.content_type,
        size=upload.size,
        uploaded_by=actor,
        **{kind.evidence_field: application},
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit_record(action="evidence.upload", actor=actor, obj=evidence)
    return evidence


@transaction.atomic
def application_evidence_remove(*, application, evidence: Evidence, actor) -> None:
    if not application.is_editable:
        raise ApplicationError("Files can only be removed while the application can be changed.")
    audit_record(action="evidence.delete", actor=actor, obj=evidence)
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def application_declarations_confirm(*, application, actor) -> None:
    application.declarations_confirmed_at = timezone.now()
    application.save(update_fields=["declarations_confirmed_at", "updated_at"])
    audit_record(
        action=f"{application._meta.model_name.removesuffix('application')}.declarations_confirm",
        actor=actor,
        obj=application,
    )


@transaction.atomic
def application_submit(
    *,
    kind: ApplicationType,
    application,
    actor,
    problems: Callable[[object], list],
    values: Callable[[object], dict],
):
    """Submit a draft, or resubmit after changes: refuse while `problems(application)` lists
    anything, record `values(application)` (the flags and dates worked out at submission), then
    move it. The notice clock starts now."""
    locked = _locked(kind, application)
    found = problems(locked)
    if found:
        raise ApplicationError("The application is not complete yet.", extra={"problems": found})
    if locked.declarations_confirmed_at is None:
        raise ApplicationError("Confirm the declarations before you submit.")
    name = "submit" if locked.status == Status.DRAFT else "resubmit"
    recorded = {**values(locked), "submitted_at": timezone.now()}
    for attribute, value in recorded.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=[*recorded, "updated_at"])
    return application_move(kind=kind, application=locked, name=name, actor=actor)


@transaction.atomic
def application_move(
    *,
    kind: ApplicationType,
    application,
    name: str,
    actor=None,
    system: str = "",
    reason: str = "",
    then: Callable[[object], None] | None = None,
):
    """Make one move of the kind's table through the shared engine, then `then(application)`
    for the kind's own side effects, then the move's messages and the audit row, all in one
    transaction."""
    application = workflow_transition(
        instance=application, name=name, actor=actor, system=system, reason=reason
    )
    # The row we were given may have been stale; the history row says where it really was.
    before = application.status_changes.order_by("-created_at", "-pk").first().from_status
    if name in ("approve", "reject"):
        application.decided_at = timezone.now()
        application.save(update_fields=["decided_at", "updated_at"])
    if then is not None:
        then(application)
    for notice in kind.notices.get(name, []):
        tell(kind, application, notice, before=before, reason=reason)
    audit_record(
        action=f"{kind.prefix}.{name}", actor=actor, system=system or None, obj=application
    )
    return application


@transaction.atomic
def application_assign_case_owner(*, kind: ApplicationType, application, actor, owner) -> None:
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can assign a case owner.")
    application.case_owner = owner
    application.save(update_fields=["case_owner", "updated_at"])
    audit_record(
        action=f"{kind.prefix}.assign_case_owner",
        actor=actor,
        obj=application,
        detail={"case_owner": str(owner.pk) if owner else None},
    )
