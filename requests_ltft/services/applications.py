"""What every kind of application shares when it is written: opening a draft, saving its
answers and evidence, submitting it, and moving it through its transition table with the
messages each move sends. `services.ltft` and `services.oopp` call these with what is their
kind's own: the fields a draft may change, the messages of each move, the snapshot."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts import privacy
from portal.accounts.directory import deanery_for, supervisors_for, tpds_for
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from portal.notifications.services import notify
from portal.workflow.services import workflow_transition
from requests_ltft.choices import Status
from requests_ltft.eligibility.applies import stale_answers
from requests_ltft.evidence import ALLOWED, evidence_problem, safe_display_name
from requests_ltft.models import Evidence

Recipients = Callable[[object, str], list]  # (application, status before the move) -> people


@dataclass(frozen=True)
class Notice:
    """One message a move sends: the notice (its templates, one per audience) and who receives
    it, by audience; its button, labelled `action`, leads to `link(application)`, the
    application's page unless told otherwise."""

    notice: str
    to: Mapping[Audience, Recipients]
    link: Callable[[object], str] | None = None
    action: str = "View the application"


Snapshot = Callable[[object], dict]  # application -> what its submission snapshot records


def kind_slug(application_or_model) -> str:
    """ "ltft" or "oopp": audit actions, URL names and the evidence link start with it."""
    return application_or_model._meta.model_name.removesuffix("application")


def detail_path(application) -> str:
    return reverse(f"requests_ltft:{kind_slug(application)}_detail", args=[application.pk])


def _for(role: str):
    """Marks a group of recipients with the role they hold on the application, so `tell`
    can ask portal.accounts.privacy whether that role may hear of it at all."""

    def mark(group: Recipients) -> Recipients:
        group.role = role
        return group

    return mark


@_for(privacy.OWNER)
def trainee(application, _before) -> list:
    return [application.trainee.user]


@_for(privacy.TPD)
def tpds(application, _before) -> list:
    return tpds_for(application.programme)


@_for(privacy.DEANERY)
def deanery(application, _before) -> list:
    return deanery_for(application.programme.local_office_id)


@_for(privacy.SUPERVISOR)
def supervisor(application, _before) -> list:
    return supervisors_for(trainee_id=application.trainee_id, programme_id=application.programme_id)


@_for(privacy.DEANERY)
def deanery_if_deciding(application, before) -> list:
    """The deanery hears of a withdrawal only once the application had reached it."""
    return deanery(application, before) if before == Status.TPD_SUPPORTED else []


def changes_path(application) -> str:
    """The application's page at what changed since the last submission."""
    return f"{detail_path(application)}#changes"


def may_hear(group: Recipients, application) -> bool:
    """Whether the role a group holds may hear of this application at all (an email about an
    LTFT application never goes to a supervisor: portal.accounts.privacy)."""
    return privacy.may_open_application({group.role}, kind_slug(application), is_draft=False)


def tell(application, notice: Notice, *, before="", reason="") -> None:
    notify(
        notice=notice.notice,
        to={
            audience: people(application, before)
            for audience, people in notice.to.items()
            if may_hear(people, application)
        },
        context={"application": application, "reason": reason, "action_text": notice.action},
        link_path=(notice.link or detail_path)(application),
    )


@transaction.atomic
def application_start(*, model, actor, **values):
    """Open a draft. The database allows one open application of a kind per programme."""
    try:
        with transaction.atomic():
            application = model.objects.create(status=Status.DRAFT, **values)
    except IntegrityError as exc:
        raise ApplicationError(
            "You already have an open application of this kind for this programme. Continue "
            "that one, or withdraw it before starting another."
        ) from exc
    audit_record(action=f"{kind_slug(model)}.create", actor=actor, obj=application)
    return application


def _locked(application):
    return type(application).objects.select_for_update().get(pk=application.pk)


def _clear_stale(application, only_when) -> list[str]:
    """Clear the answers that stopped applying (`eligibility.applies`); the names cleared."""
    stale = stale_answers(only_when, application, today=timezone.localdate())
    for name, empty in stale.items():
        setattr(application, name, empty)
    return list(stale)


@transaction.atomic
def application_draft_update(
    *, application, actor, draft_fields: frozenset[str], only_when=(), **values
):
    """Save answers while the trainee fills the form in (draft, or returned for changes),
    clearing those that no longer apply after them (the `only_when` table of the kind)."""
    unknown = set(values) - draft_fields
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    locked = _locked(application)
    if not locked.is_editable:
        raise ApplicationError(
            f"This application can no longer be changed: it is {locked.status_in_sentence}."
        )
    for name, value in values.items():
        setattr(locked, name, value)
    cleared = _clear_stale(locked, only_when)
    locked.save(update_fields=sorted({*values, *cleared, "updated_at"}))
    audit_record(
        action=f"{kind_slug(locked)}.update",
        actor=actor,
        obj=locked,
        # What no longer applied is recorded too, only when something was cleared.
        detail={"fields": sorted(values)} | ({"cleared": sorted(cleared)} if cleared else {}),
    )
    return locked


@transaction.atomic
def application_evidence_add(*, application, actor, upload) -> Evidence:
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
        **{f"{kind_slug(application)}_application": application},
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit_record(action="evidence.upload", actor=actor, obj=evidence)
    return evidence


@transaction.atomic
def application_evidence_remove(*, evidence: Evidence, actor) -> None:
    application = evidence.ltft_application or evidence.oopp_application
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
        action=f"{kind_slug(application)}.declarations_confirm",
        actor=actor,
        obj=application,
    )


@transaction.atomic
def application_submit(
    *,
    application,
    actor,
    problems: Callable[[object], list],
    values: Callable[[object], dict],
    notices: dict[str, list[Notice]],
    snapshot: Snapshot,
    only_when=(),
):
    """Submit a draft, or resubmit after changes: refuse while `problems(application)` lists
    anything, record `values(application)` (the flags and dates worked out at submission), then
    move it. The notice clock starts now."""
    locked = _locked(application)
    found = problems(locked)
    if found:
        raise ApplicationError("The application is not complete yet.", extra={"problems": found})
    if locked.declarations_confirmed_at is None:
        raise ApplicationError("Confirm the declarations before you submit.")
    name = "submit" if locked.status == Status.DRAFT else "resubmit"
    recorded = {**values(locked), "submitted_at": timezone.now()}
    for attribute, value in recorded.items():
        setattr(locked, attribute, value)
    cleared = _clear_stale(locked, only_when)
    locked.save(update_fields=sorted({*recorded, *cleared, "updated_at"}))
    return application_move(
        application=locked, name=name, actor=actor, notices=notices, snapshot=snapshot
    )


@transaction.atomic
def application_move(
    *,
    application,
    name: str,
    notices: dict[str, list[Notice]],
    snapshot: Snapshot,
    actor=None,
    system: str = "",
    reason: str = "",
    then: Callable[[object], None] | None = None,
):
    """Make one move of the kind's table through the shared engine, then `then(application)`
    for the kind's own side effects, then the move's messages (`notices[name]`) and the audit
    row, all in one transaction."""
    application = workflow_transition(
        instance=application,
        name=name,
        actor=actor,
        system=system,
        reason=reason,
        snapshot_data=snapshot,
    )
    # The row we were given may have been stale; the history row says where it really was.
    before = application.status_changes.order_by("-created_at", "-pk").first().from_status
    if name in ("approve", "reject"):
        application.decided_at = timezone.now()
        application.save(update_fields=["decided_at", "updated_at"])
    if then is not None:
        then(application)
    for notice in notices.get(name, []):
        tell(application, notice, before=before, reason=reason)
    audit_record(
        action=f"{kind_slug(application)}.{name}",
        actor=actor,
        system=system or None,
        obj=application,
    )
    return application


@transaction.atomic
def application_assign_case_owner(*, application, actor, owner) -> None:
    if "DEANERY" not in application.roles_of(actor):
        raise ApplicationError("Only the deanery can assign a case owner.")
    application.case_owner = owner
    application.save(update_fields=["case_owner", "updated_at"])
    audit_record(
        action=f"{kind_slug(application)}.assign_case_owner",
        actor=actor,
        obj=application,
        detail={"case_owner": str(owner.pk) if owner else None},
    )
