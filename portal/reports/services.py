"""Writes of the reports app: the audit row of every export, background exports (queue, build,
notify) and the cleanup of expired files."""

import logging
import os
import tempfile
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from portal.accounts import privacy
from portal.accounts.models import Role
from portal.accounts.scopes import role_kinds
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from portal.notifications.services import notify
from portal.reports.exports.builders import build
from portal.reports.models import KEEP_FOR, ReportExport

log = logging.getLogger(__name__)

# Row-level exports above this many rows are prepared in the background (the rule).
DEFAULT_BACKGROUND_ROWS = 50_000
# A person may have this many exports waiting or running at once (ASVS 2.4.1: costly
# functions are rate limited).
MAX_ACTIVE_PER_USER = 3
# Progress is written at most this often, so the export is not slowed by its own bookkeeping.
PROGRESS_EVERY_ROWS = 10_000
# A RUNNING export not finished in this time was lost with its worker (the task's hard limit
# is shorter), so it may be claimed again.
STALE_AFTER = timedelta(minutes=15)
# A QUEUED export this old missed its message (the broker was down); the sweep sends another.
REQUEUE_AFTER = timedelta(minutes=2)
REPORT_ROLES = {Role.Kind.ADMIN, Role.Kind.DEANERY}


def background_threshold() -> int:
    return getattr(settings, "REPORTS_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def carried_classes(user, *, shared: bool) -> frozenset[str]:
    """The special-category classes a row-level file for `user` may carry: portal.accounts.
    privacy decides. A deanery reviewer's file for internal use carries them; an admin's never
    does (admins see them only as counts), nor does anyone's marked for sharing."""
    kinds = role_kinds(user)
    roles = {privacy.DEANERY} if Role.Kind.DEANERY in kinds else set()
    if Role.Kind.ADMIN in kinds:
        roles.add(privacy.ADMIN)
    return frozenset(
        data.key
        for data in privacy.SPECIAL_CATEGORY
        if privacy.export_may_include(roles, data, shared=shared)
    )


def report_export_audit(
    *, user, request=None, kind, file_format, filters, shared, rows=None, export=None
) -> None:
    """Record who exported what, when, with which filters (ASVS 16.2.1), and which
    special-category data a row-level file carried."""
    carried = sorted(carried_classes(user, shared=shared)) if kind.startswith("rows:") else []
    audit_record(
        action="reports.export",
        actor=user,
        request=request,
        obj=export,
        detail={
            "export": kind,
            "format": file_format,
            "shared_outside_team": shared,
            "rows": rows,
            "background": export is not None,
            "filters": filters.describe(),
            "special_category": carried,
        },
    )


@transaction.atomic
def report_export_queue(
    *,
    user,
    request,
    kind,
    file_format,
    shared,
    params,
    filters,
    rows_total,
    description,
    filename,
) -> ReportExport:
    """Queue a large export for the background. The task is sent after the commit; if the broker
    is down the row waits and the sweep sends it."""
    active = ReportExport.objects.filter(
        requested_by=user, status__in=[ReportExport.Status.QUEUED, ReportExport.Status.RUNNING]
    ).count()
    if active >= MAX_ACTIVE_PER_USER:
        raise ApplicationError(
            f"You already have {active} downloads being prepared. Wait for one to finish, "
            "then try again."
        )
    export = ReportExport.objects.create(
        requested_by=user,
        kind=kind,
        file_format=file_format,
        shared=shared,
        params=params,
        description=description[:300],
        filename=filename,
        rows_total=rows_total,
        expires_at=timezone.now() + KEEP_FOR,
    )
    report_export_audit(
        user=user,
        request=request,
        kind=kind,
        file_format=file_format,
        filters=filters,
        shared=shared,
        rows=rows_total,
        export=export,
    )
    transaction.on_commit(lambda: _send_task(export.pk), robust=True)
    return export


def _send_task(pk) -> None:
    from portal.reports.tasks import report_export_build as report_export_build_task

    try:
        report_export_build_task.apply_async((str(pk),), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep sends it later
        log.warning("Broker unavailable; report export %s waits for the sweep", pk, exc_info=True)


def _claim(export_id) -> bool:
    now = timezone.now()
    claimable = Q(status=ReportExport.Status.QUEUED) | Q(
        status=ReportExport.Status.RUNNING, started_at__lt=now - STALE_AFTER
    )
    return bool(
        ReportExport.objects.filter(claimable, pk=export_id).update(
            status=ReportExport.Status.RUNNING, started_at=now, rows_done=0, updated_at=now
        )
    )


def _fail(export: ReportExport, message: str) -> None:
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.FAILED,
        error=message[:300],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def report_export_build(*, export_id) -> str:
    """Prepare one queued export: claim it, check the requester may still see these figures,
    write the file, keep it for 7 days and tell them. Idempotent: a second delivery of the same
    task finds nothing to claim, and one after a lost worker starts the file again from scratch.
    Returns the outcome, for logs and tests."""
    from portal.reports.forms import report_form
    from portal.reports.selectors import report_sections, row_export_get
    from portal.reports.suppression import suppress

    if not _claim(export_id):
        return "not-claimed"
    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    user = export.requested_by
    form = report_form(QueryDict(urlencode(export.params, doseq=True)), user=user)
    if not user.is_active or not role_kinds(user) & REPORT_ROLES or not form.is_valid():
        _fail(export, "You no longer have access to these figures.")
        return "refused"
    filters = form.filters()
    state = {"written": 0}

    def progress(done: int) -> None:
        if done - state["written"] >= PROGRESS_EVERY_ROWS:
            state["written"] = done
            ReportExport.objects.filter(pk=export.pk).update(rows_done=done)

    try:
        if export.kind == "summary":
            reports = report_sections(filters=filters)
            if export.shared:
                reports = [suppress(report) for report in reports]
            stream = build(
                "summary",
                export.file_format,
                reports=reports,
                filters=filters,
                shared=export.shared,
            )
        else:
            row_export = row_export_get(export.kind.removeprefix("rows:"))
            if row_export is None:
                _fail(export, "This kind of export is no longer available.")
                return "refused"
            stream = build(
                export.kind,
                export.file_format,
                row_export=row_export,
                filters=filters,
                on_rows=progress,
                carried=carried_classes(user, shared=export.shared),
            )
        name = _store(export, stream)
    except Exception:
        log.exception("Report export %s failed", export.pk)
        _fail(export, "Something went wrong while preparing the file. Try again.")
        raise
    _finish(export, name)
    return "ready"


def _store(export: ReportExport, stream) -> str:
    """Write the stream to a temporary file chunk by chunk, then into storage."""
    name = f"report-exports/{export.pk}/{export.filename}"
    with tempfile.NamedTemporaryFile(suffix=f".{export.file_format}", delete=False) as handle:
        try:
            for chunk in stream:
                handle.write(chunk)
            handle.flush()
            handle.seek(0)
            # A run that lost its worker may have left the file behind; start clean.
            if default_storage.exists(name):
                default_storage.delete(name)
            return default_storage.save(name, File(handle))
        finally:
            handle.close()
            os.unlink(handle.name)


@transaction.atomic
def _finish(export: ReportExport, name: str) -> None:
    now = timezone.now()
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.READY,
        file=name,
        rows_done=export.rows_total,
        finished_at=now,
        expires_at=now + KEEP_FOR,
        updated_at=now,
    )
    notify(
        notice="report_export_ready",
        to={Audience.USER: [export.requested_by]},
        context={
            "description": export.description,
            "expires_at": now + KEEP_FOR,
            "action_text": "Download the file",
        },
        link_path=reverse("reports:export_download", args=[export.pk]),
        dedupe_key=f"report-export-ready:{export.pk}",
    )


def report_export_downloaded(*, export: ReportExport, user, request) -> None:
    audit_record(
        action="reports.export_download",
        actor=user,
        request=request,
        obj=export,
        detail={"export": export.kind, "format": export.file_format},
    )


def report_exports_sweep(*, now=None) -> dict:
    """The periodic job: delete expired exports and their files, and send again any export
    whose task was lost (queued while the broker was down, or claimed by a worker that died).
    Safe to run twice at once: a file already gone is skipped, a task sent twice claims once."""
    now = now or timezone.now()
    deleted = 0
    for export in ReportExport.objects.filter(expires_at__lte=now).iterator(chunk_size=200):
        if export.file:
            default_storage.delete(export.file.name)
        deleted += ReportExport.objects.filter(pk=export.pk).delete()[0]
    lost = list(
        ReportExport.objects.filter(
            Q(status=ReportExport.Status.QUEUED, created_at__lt=now - REQUEUE_AFTER)
            | Q(status=ReportExport.Status.RUNNING, started_at__lt=now - STALE_AFTER)
        ).values_list("pk", flat=True)[:50]
    )
    for pk in lost:
        _send_task(pk)
    return {"deleted": deleted, "resent": len(lost)}
