"""An upload's life: checked (dry run) when it arrives, imported when someone confirms it.

Who may import for which office is decided here for the portal and the command alike: a
deanery reviewer for their own office only (a row for another office is an error), an admin
for any office.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.accounts.scopes import office_ids, reviewed_offices
from portal.core.exceptions import ApplicationError
from trainees.importing.outcome import Outcome
from trainees.importing.people_writes import end_memberships, import_people
from trainees.importing.staff import import_staff
from trainees.models import ImportRun, LocalOffice

log = logging.getLogger(__name__)

# A run that has not moved for this long lost its worker (each batch of rows moves it); it no
# longer stops the office's next import.
ABANDONED_AFTER = timedelta(minutes=30)


def importable_offices(user: User) -> dict[str, LocalOffice]:
    """The offices `user` may import for, by code; an empty dict for anyone else."""
    return {office.code: office for office in reviewed_offices(user)}


def may_grant_admin(user: User) -> bool:
    return None in office_ids(user, Role.Kind.ADMIN)


def run_file(
    content: bytes,
    *,
    kind: str,
    home: LocalOffice,
    offices: dict[str, LocalOffice],
    dry_run: bool,
    grant_admin: bool = False,
    progress=None,
) -> Outcome:
    if kind == ImportRun.Kind.STAFF:
        return import_staff(content, offices=offices, dry_run=dry_run, may_grant_admin=grant_admin)
    return import_people(content, offices=offices, home=home, dry_run=dry_run, progress=progress)


def start_run(*, user: User, office: LocalOffice, kind: str, upload) -> ImportRun:
    """Check an uploaded file and keep it, with its dry run, for the person to confirm."""
    offices = importable_offices(user)
    if office.code not in offices:
        raise ApplicationError("You cannot import people for this local office.")
    content = upload.read()
    outcome = run_file(
        content, kind=kind, home=office, offices=_offices(user, office), dry_run=True,
        grant_admin=may_grant_admin(user),
    )  # fmt: skip
    return ImportRun.objects.create(
        kind=kind, local_office=office, created_by=user, file_name=upload.name[:255],
        content=content, rows_total=outcome.rows, preview=outcome.as_json(),
    )  # fmt: skip


def _offices(user: User, office: LocalOffice) -> dict[str, LocalOffice]:
    # Only the chosen office, for admins too: the preview, the result and "not in this file"
    # all speak of that office, so a row for another one is a row error, not a silent move.
    return {office.code: office}


@transaction.atomic
def confirm_run(*, run: ImportRun) -> ImportRun:
    """Queue the import; the person watches its progress on the run's page. One import at a
    time per office: two files written at once would race for the same people."""
    LocalOffice.objects.select_for_update().get(pk=run.local_office_id)
    busy = (
        ImportRun.objects.filter(
            local_office=run.local_office_id,
            status__in=(ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
            updated_at__gte=timezone.now() - ABANDONED_AFTER,
        )
        .exclude(pk=run.pk)
        .first()
    )
    if busy is not None:
        raise ApplicationError(
            f"{busy.file_name} is still being imported for {run.local_office.name}. Wait for it "
            "to finish, then upload this file again so the check reflects what it saved."
        )
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEWED).update(
        status=ImportRun.Status.QUEUED, updated_at=timezone.now()
    )
    if not updated:
        raise ApplicationError("This file has already been imported.")
    transaction.on_commit(lambda: _send_task(run.pk), robust=True)
    run.refresh_from_db()
    return run


def _send_task(pk) -> None:
    # Imported here: the task module imports this one.
    from trainees.tasks import import_run_task

    try:
        import_run_task.apply_async((str(pk),), retry=False)
    except Exception:  # any broker failure: the run stays queued and says so on its page
        log.warning("Broker unavailable; people import %s is still queued", pk, exc_info=True)


def perform_run(run_id) -> None:
    """The background import itself. Safe to run twice: only a queued run is taken."""
    taken = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not taken:
        return
    run = ImportRun.objects.select_related("local_office", "created_by").get(pk=run_id)

    def progress(done, total):
        ImportRun.objects.filter(pk=run.pk).update(
            rows_done=done, rows_total=total, updated_at=timezone.now()
        )

    try:
        outcome = run_file(
            bytes(run.content), kind=run.kind, home=run.local_office,
            offices=_offices(run.created_by, run.local_office), dry_run=False,
            grant_admin=may_grant_admin(run.created_by), progress=progress,
        )  # fmt: skip
    except ApplicationError as error:
        _fail(run, error.message)
        return
    except Exception:
        # Rows already saved stay saved (each batch commits, and a row never half-writes);
        # importing the same file again is safe and finishes the rest.
        log.exception("People import %s stopped", run.pk)
        _fail(
            run,
            "The import stopped because of a problem in the portal. The rows before it "
            "stopped are saved; upload the same file again to import the rest.",
        )
        raise
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, rows_done=outcome.rows, result=outcome.as_json()
    )


def _fail(run: ImportRun, message: str) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED, result={"failure": message}, updated_at=timezone.now()
    )


@transaction.atomic
def end_missing(*, run: ImportRun, on=None) -> int:
    """End every membership the file did not list (see the run's result), once, and note on
    the run that it was done so its page stops offering it."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    outcome = Outcome.from_json(run.result)
    if run.status != ImportRun.Status.DONE or not outcome.not_in_file:
        raise ApplicationError("This import has no memberships to end.")
    if run.result.get("ended"):
        raise ApplicationError("The memberships not in this file have already been ended.")
    on = on or timezone.localdate()
    ended = end_memberships(
        office=run.local_office, ids=[item["id"] for item in outcome.not_in_file], on=on
    )
    run.result = {**run.result, "ended": {"count": ended, "on": on.isoformat()}}
    run.save(update_fields=["result", "updated_at"])
    return ended


def people_created_by(run: ImportRun) -> list[str]:
    """The ids of the people a finished import created (to invite them)."""
    if run.status != ImportRun.Status.DONE:
        return []
    return Outcome.from_json(run.result).new_user_ids
