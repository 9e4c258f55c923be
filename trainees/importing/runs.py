"""An upload's life: checked (dry run) when it arrives, imported when someone confirms it.

Who may import for which office is decided here for the portal and the command alike: a
deanery reviewer for their own office only (a row for another office is an error), an admin
for any office.
"""

import logging

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
    # An admin's file may hold rows for any office; a reviewer's only for the chosen one.
    return importable_offices(user) if may_grant_admin(user) else {office.code: office}


def confirm_run(*, run: ImportRun) -> ImportRun:
    """Queue the import; the person watches its progress on the run's page."""
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
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    try:
        outcome = run_file(
            bytes(run.content), kind=run.kind, home=run.local_office,
            offices=_offices(run.created_by, run.local_office), dry_run=False,
            grant_admin=may_grant_admin(run.created_by), progress=progress,
        )  # fmt: skip
    except ApplicationError as error:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, result={"failure": error.message}
        )
        return
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, rows_done=outcome.rows, result=outcome.as_json()
    )


def end_missing(*, run: ImportRun, on=None) -> int:
    """End every membership the file did not list (see the run's result)."""
    ids = [item["id"] for item in Outcome.from_json(run.result).not_in_file]
    return end_memberships(office=run.local_office, ids=ids, on=on or timezone.localdate())
