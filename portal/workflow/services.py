"""The one workflow engine: every status change of every application goes through here."""

from django.db import transaction

from portal.core.exceptions import ApplicationError
from portal.core.text import mid_sentence
from portal.workflow.models import WorkflowModel
from portal.workflow.signals import transition_refused
from portal.workflow.table import SYSTEM


class TransitionNotAllowed(ApplicationError):
    """`why` says which check refused it, as a code for the audit log: "status" (not from
    where the application is now), "role", "system" (a job may not make this move) or
    "reason" (a reason is required)."""

    def __init__(self, message, *, why: str):
        super().__init__(message)
        self.why = why


class AlreadyDone(ApplicationError):
    """The move was already made (a second click, or someone else got there first)."""

    def __init__(self, message, *, instance, by_same_actor: bool):
        super().__init__(message)
        self.instance = instance
        self.by_same_actor = by_same_actor


def workflow_transition(
    *,
    instance: WorkflowModel,
    name: str,
    actor=None,
    system: str = "",
    reason: str = "",
    snapshot_data=None,
) -> WorkflowModel:
    """Lock the row, check the table and the actor's role, move it, and write its history (and
    a snapshot where the table says so) in the same transaction. Returns the locked, updated row.

    `snapshot_data(instance) -> dict` is what a snapshot records (the kind's presenter, so a
    model need not know how it is shown); without it, `instance.snapshot_data()`.

    Raises TransitionNotAllowed with a message for the person, or AlreadyDone when the row is
    already where this move would take it. A refusal is announced with `transition_refused`
    once this function's own transaction is rolled back (the audit log records it).
    """
    try:
        return _move(
            instance=instance,
            name=name,
            actor=actor,
            system=system,
            reason=reason,
            snapshot_data=snapshot_data,
        )
    except TransitionNotAllowed as refusal:
        transition_refused.send(
            sender=type(instance),
            instance=instance,
            name=name,
            actor=actor,
            system=system,
            why=refusal.why,
        )
        raise


@transaction.atomic
def _move(*, instance, name, actor, system, reason, snapshot_data) -> WorkflowModel:
    model = type(instance)
    table = model.TRANSITIONS
    move = table[name]
    locked = model.objects.select_for_update().get(pk=instance.pk)
    history = locked.status_changes

    if locked.status == move.target and locked.status not in move.sources:
        last = history.filter(to_status=move.target).order_by("-created_at", "-pk").first()
        same = last is not None and actor is not None and last.actor_id == actor.pk
        who = "you" if same else (last.actor.get_full_name() if last and last.actor else "someone")
        raise AlreadyDone(
            f"This was already done by {who}. Nothing more is needed.",
            instance=locked,
            by_same_actor=same,
        )
    if locked.status not in move.sources:
        raise TransitionNotAllowed(
            f"This application is now {mid_sentence(locked.get_status_display())}, so you cannot "
            f"{move.label.lower()} it. Reload the page to see where it is.",
            why="status",
        )
    if actor is None:
        if SYSTEM not in move.actors or not system:
            raise TransitionNotAllowed(
                f"Only a person can {move.label.lower()} an application.", why="system"
            )
        role = SYSTEM
    else:
        allowed = locked.roles_of(actor) & move.actors
        if not allowed:
            raise TransitionNotAllowed(
                f"Your role does not allow you to {move.label.lower()} this application.",
                why="role",
            )
        role = sorted(allowed)[0]
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise TransitionNotAllowed(
            f"Enter a reason to {move.label.lower()} this application.", why="reason"
        )

    from_status = locked.status
    locked.status = move.target
    if move.new_revision:
        locked.revision += 1
    locked.save(update_fields=["status", "revision", "updated_at"])
    history.create(
        from_status=from_status,
        to_status=move.target,
        transition=move.name,
        actor=actor,
        actor_role=role,
        system_actor=system if actor is None else "",
        reason=reason,
        revision=locked.revision,
    )
    if move.snapshot:
        locked.snapshots.update_or_create(
            revision=locked.revision,
            defaults={"data": snapshot_data(locked) if snapshot_data else locked.snapshot_data()},
        )
    return locked
