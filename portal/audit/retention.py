"""How long records are kept, and the job that removes what has expired (ASVS 14.2.7; the
Records Management Code of Practice sets the period per record type, so each type has its own
setting).

The clock for a trainee's records starts when they leave the programme the records belong to
(`ProgrammeMembership.end_date`): nothing about someone still in a programme ever expires, and
a programme with no end date recorded never starts the clock. Every type defaults to 6 years
after leaving; `settings.RETENTION_YEARS` overrides any of them, for example::

    RETENTION_YEARS = {"supportt_absence": 6, "notification": 2}

What the job does with an expired record:

- ``ltft_application``, ``oopp_application``: deleted with their status history, submitted
  snapshots, reminder ledger rows and evidence files (the files after the transaction commits).
- ``supportt_absence``: the absence (with any sickness details), its return plan, the plan's
  meetings (with occupational health notes), agreed actions, addenda, extensions and KIT days.
  An absence an OOPP application still points at waits until that application has gone.
- ``trainee``: once every programme the trainee was in is past this period and none of the
  records above are left, the trainee record, their programme memberships and ARCP outcomes are
  deleted and their account is anonymised (name and email replaced, password unusable, switched
  off, roles, devices and messages removed). The account row stays because history rows in
  other people's records point at it.
- ``notification``: messages (email outbox and in-app) older than the period, counted from when
  they were written.
- ``audit_event``: ``None`` by default, meaning the audit log is kept. Audit rows are never
  touched by the other rules: each removal above writes its own ``retention.*`` row, and the
  rows about a removed record stay, naming it by type and id.

Each record is removed in its own transaction, so one failure does not stop the others, and a
run handles at most `limit` records of each type; the next run carries on. Running it twice, or
in two places at once, removes each record once (rows are locked, and a row already gone is
skipped).
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record

log = logging.getLogger(__name__)

JOB = "retention"
DEFAULT_YEARS: dict[str, int | None] = {
    "ltft_application": 6,
    "oopp_application": 6,
    "supportt_absence": 6,
    "trainee": 6,
    "notification": 6,
    "audit_event": None,
}
DEFAULT_LIMIT = 500


def retention_years() -> dict[str, int | None]:
    configured = getattr(settings, "RETENTION_YEARS", {}) or {}
    unknown = set(configured) - set(DEFAULT_YEARS)
    if unknown:
        raise ValueError(f"RETENTION_YEARS names unknown record types: {sorted(unknown)}")
    return {**DEFAULT_YEARS, **configured}


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class RetentionResult:
    removed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, record_type: str, n: int = 1) -> None:
        target = getattr(self, bucket)
        target[record_type] = target.get(record_type, 0) + n

    def as_dict(self) -> dict:
        return {"removed": self.removed, "kept": self.kept, "failed": self.failed}


def _left_before(cutoff: date, trainee_path: str, programme_path: str) -> Exists:
    """True for rows whose trainee left the row's programme before `cutoff`."""
    from trainees.models import ProgrammeMembership

    return Exists(
        ProgrammeMembership.objects.filter(
            trainee=OuterRef(trainee_path),
            programme=OuterRef(programme_path),
            end_date__isnull=False,
            end_date__lt=cutoff,
        )
    )


# Selectors: what has expired on `today` --------------------------------------------------------


def expired_applications(model, *, today: date, years: int):
    cutoff = years_before(today, years)
    return model.objects.filter(_left_before(cutoff, "trainee", "programme")).order_by("pk")


def expired_absences(*, today: date, years: int):
    from returners.models import Absence

    cutoff = years_before(today, years)
    return Absence.objects.filter(
        membership__end_date__isnull=False, membership__end_date__lt=cutoff
    ).order_by("pk")


def expired_trainees(*, today: date, years: int):
    """Trainees who have left every programme they were in, the last of them before the
    cutoff. (A trainee with a programme still open, or with no programme at all, is kept: the
    second is for a person to decide.)"""
    from trainees.models import ProgrammeMembership, Trainee

    cutoff = years_before(today, years)
    still_in = ProgrammeMembership.objects.filter(trainee=OuterRef("pk"), end_date__isnull=True)
    return (
        Trainee.objects.filter(memberships__isnull=False)
        .exclude(Exists(still_in))
        .annotate(last_left=Max("memberships__end_date"))
        .filter(last_left__lt=cutoff)
        .order_by("pk")
    )


# Removal of one record ---------------------------------------------------------------------------


def _forget_reminders(obj) -> None:
    from portal.notifications.models import ReminderSent

    ReminderSent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).delete()


def _delete_files_after_commit(files) -> None:
    def delete():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                log.exception("Retention: could not delete the file %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def remove_application(application, *, record_type: str, years: int) -> bool:
    """Delete one application and everything that belongs only to it. False if it had
    already gone (another run got there first)."""
    model = type(application)
    locked = model.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        return False
    evidence = list(locked.evidence.all())
    for item in evidence:
        audit_record(
            action="retention.delete",
            system=JOB,
            obj=item,
            detail={"record_type": "evidence", "of": str(locked.pk)},
        )
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": record_type, "years": years, "status": locked.status},
    )
    files = [(item.file.storage, item.file.name) for item in evidence if item.file]
    locked.evidence.all().delete()
    locked.status_changes.all().delete()
    locked.snapshots.all().delete()
    _forget_reminders(locked)
    locked.delete()
    _delete_files_after_commit(files)
    return True


@transaction.atomic
def remove_absence(absence, *, years: int) -> bool:
    """Delete one absence with its return plan, meetings and KIT days. False if it had gone,
    or must wait for an OOPP application that still points at it."""
    from requests_ltft.models import OoppApplication
    from returners.models import Absence, EnhancedSupervisionExtension, Meeting, MeetingAddendum

    locked = Absence.objects.select_for_update().filter(pk=absence.pk).first()
    if locked is None or OoppApplication.objects.filter(absence=locked).exists():
        return False
    plan = getattr(locked, "plan", None)
    if plan is not None:
        meetings = list(Meeting.objects.filter(plan=plan))
        for meeting in meetings:
            _forget_reminders(meeting)
        MeetingAddendum.objects.filter(meeting__in=meetings).delete()
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).delete()  # actions cascade
        EnhancedSupervisionExtension.objects.filter(plan=plan).delete()
        audit_record(
            action="retention.delete",
            system=JOB,
            obj=plan,
            detail={"record_type": "supportt_plan", "meetings": len(meetings)},
        )
        plan.delete()
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": "supportt_absence", "years": years},
    )
    locked.kit_days.all().delete()
    _forget_reminders(locked)
    locked.delete()
    return True


ANONYMOUS_EMAIL_DOMAIN = "retention.invalid"


@transaction.atomic
def remove_trainee(trainee, *, years: int) -> bool:
    """Delete the trainee record and anonymise their account, once nothing else of theirs is
    left. False if it had gone or still has records."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.accounts.models import Role
    from portal.notifications.models import Notification
    from requests_ltft.models import LtftApplication, OoppApplication
    from returners.models import Absence
    from trainees.models import Trainee

    locked = Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    if locked is None:
        return False
    if (
        LtftApplication.objects.filter(trainee=locked).exists()
        or OoppApplication.objects.filter(trainee=locked).exists()
        or Absence.objects.filter(membership__trainee=locked).exists()
    ):
        return False
    user = locked.user
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": "trainee", "years": years},
    )
    locked.delete()  # memberships and ARCP outcomes go with it
    Role.objects.filter(user=user, kind=Role.Kind.TRAINEE).delete()
    if not Role.objects.filter(user=user).exists():
        # Nobody else's records need this person any more: keep the row (history points at
        # it) but nothing that identifies them.
        user.email = f"removed-{user.pk.hex}@{ANONYMOUS_EMAIL_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        audit_record(
            action="retention.anonymise",
            system=JOB,
            obj=user,
            detail={"record_type": "trainee_account"},
        )
    return True


# The job -----------------------------------------------------------------------------------------


def _each(result: RetentionResult, record_type: str, rows, remove) -> None:
    for row in rows:
        try:
            done = remove(row)
        except Exception:  # one record's problem must not stop the rest; it is logged
            log.exception("Retention: could not remove %s %s", record_type, row.pk)
            result.count("failed", record_type)
            continue
        result.count("removed" if done else "kept", record_type)


def retention_apply_due(*, today: date | None = None, limit: int = DEFAULT_LIMIT) -> dict:
    """Remove everything past its retention period on `today`. Returns what was done."""
    from requests_ltft.models import LtftApplication, OoppApplication

    today = today or timezone.localdate()
    years = retention_years()
    result = RetentionResult()

    for record_type, model in (
        ("oopp_application", OoppApplication),
        ("ltft_application", LtftApplication),
    ):
        if years[record_type] is not None:
            rows = expired_applications(model, today=today, years=years[record_type])[:limit]
            _each(
                result,
                record_type,
                rows,
                lambda a, t=record_type: remove_application(a, record_type=t, years=years[t]),
            )
    if years["supportt_absence"] is not None:
        rows = expired_absences(today=today, years=years["supportt_absence"])[:limit]
        _each(
            result,
            "supportt_absence",
            rows,
            lambda a: remove_absence(a, years=years["supportt_absence"]),
        )
    if years["trainee"] is not None:
        rows = expired_trainees(today=today, years=years["trainee"])[:limit]
        _each(result, "trainee", rows, lambda t: remove_trainee(t, years=years["trainee"]))
    if years["notification"] is not None:
        _remove_notifications(result, today=today, years=years["notification"], limit=limit)
    if years["audit_event"] is not None:
        _remove_audit_events(result, today=today, years=years["audit_event"])
    if result.removed or result.failed:
        log.info("Retention: %s", result.as_dict())
    return result.as_dict()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def _remove_notifications(result: RetentionResult, *, today: date, years: int, limit: int):
    from portal.notifications.models import Notification

    cutoff = _start_of(years_before(today, years))
    ids = list(
        Notification.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
            : limit * 10
        ]
    )
    if not ids:
        return
    deleted, _ = Notification.objects.filter(pk__in=ids).delete()
    audit_record(
        action="retention.delete",
        system=JOB,
        object_type="notifications.notification",
        detail={"record_type": "notification", "years": years, "count": deleted},
    )
    result.count("removed", "notification", deleted)


@transaction.atomic
def _remove_audit_events(result: RetentionResult, *, today: date, years: int):
    cutoff = _start_of(years_before(today, years))
    deleted, _ = AuditEvent.objects.filter(occurred_at__lt=cutoff).delete()
    if deleted:
        audit_record(
            action="retention.delete",
            system=JOB,
            object_type="audit.auditevent",
            detail={"record_type": "audit_event", "years": years, "count": deleted},
        )
        result.count("removed", "audit_event", deleted)


__all__ = [
    "DEFAULT_YEARS",
    "expired_absences",
    "expired_applications",
    "expired_trainees",
    "remove_absence",
    "remove_application",
    "remove_trainee",
    "retention_apply_due",
    "retention_years",
]
