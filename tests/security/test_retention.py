"""Retention (docs/rules.md §12, docs/security.md §8): a period per record
type, 6 years after the trainee leaves the programme by default; a daily job deletes or
anonymises what has expired and keeps the audit entries."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from portal.audit.retention import default_years, retention_apply_due, years_before
from portal.celery import app as celery_app
from portal.notifications.models import Notification
from requests_ltft.models import (
    Evidence,
    LtftApplication,
    LtftStatusChange,
    OoppApplication,
)
from returners.models import Absence, Meeting, ReturnPlan
from tests.factories import MembershipFactory
from trainees.models import ProgrammeMembership, Trainee

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEFT = TODAY - timedelta(days=1)


def leave(membership, on: date = LEFT):
    membership.end_date = on
    membership.save(update_fields=["end_date"])


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def test_every_record_type_defaults_to_six_years():
    defaults = default_years()
    assert {k: v for k, v in defaults.items() if k != "audit_event"} == {
        "ltft_application": 6,
        "oopp_application": 6,
        "supportt_absence": 6,
        "trainee": 6,
        "notification": 6,
    }
    assert defaults["audit_event"] is None  # the audit log is kept


def test_a_membership_cannot_end_before_it_starts(db):
    membership = MembershipFactory()
    membership.end_date = membership.start_date - timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_records_past_retention_are_removed_and_their_audit_entries_kept(
    world, settings, django_capture_on_commit_callbacks
):
    w = world
    owner, trainee = w.owner, w.owner_trainee
    ids = {
        "ltft": w.ltft.pk,
        "oopp": w.oopp.pk,
        "absence": w.absence.pk,
        "plan": w.absence.plan.pk,
        "meeting": w.meeting_logged.pk,
        "trainee": trainee.pk,
    }
    files = [w.ltft_evidence.file.path, w.oopp_evidence.file.path]
    evidence_ids = [w.ltft_evidence.pk, w.oopp_evidence.pk]
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    about_the_absence = AuditEvent.objects.filter(object_id=str(ids["absence"])).count()
    assert about_the_absence  # written when it was logged

    settings.RETENTION_YEARS = {"notification": 10}  # messages have their own test below
    leave(w.membership)  # left yesterday
    leave(w.other_ltft.membership, TODAY + timedelta(days=5))  # leaves in 5 days
    six_years_on = years_after(LEFT, 6) + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        result = retention_apply_due(today=six_years_on)

    assert result["removed"] == {
        "oopp_application": 1,
        "ltft_application": 1,
        "supportt_absence": 1,
        "trainee": 1,
    }
    assert not result["failed"]
    assert not LtftApplication.objects.filter(pk=ids["ltft"]).exists()
    assert not LtftStatusChange.objects.filter(application_id=ids["ltft"]).exists()
    assert not OoppApplication.objects.filter(pk=ids["oopp"]).exists()
    assert not Evidence.objects.filter(pk__in=evidence_ids).exists()
    assert not Absence.objects.filter(pk=ids["absence"]).exists()
    assert not ReturnPlan.objects.filter(pk=ids["plan"]).exists()
    assert not Meeting.objects.filter(plan_id=ids["plan"]).exists()
    assert not Trainee.objects.filter(pk=ids["trainee"]).exists()
    assert not ProgrammeMembership.objects.filter(trainee_id=ids["trainee"]).exists()
    for path in files:
        with pytest.raises(FileNotFoundError):
            open(path, "rb").close()

    # The account stays (other people's history points at it) but says nothing about them.
    owner.refresh_from_db()
    assert owner.email.endswith("@retention.invalid")
    assert (owner.first_name, owner.last_name) == ("", "")
    assert not owner.is_active
    assert not owner.has_usable_password()
    assert not Role.objects.filter(user=owner).exists()
    assert not Notification.objects.filter(recipient=owner).exists()

    # Every audit entry is still there, including those about the removed records, and each
    # removal added its own.
    assert before <= set(AuditEvent.objects.values_list("pk", flat=True))
    assert AuditEvent.objects.filter(object_id=str(ids["absence"])).count() > about_the_absence
    removed = AuditEvent.objects.filter(action="retention.delete", actor_label="system:retention")
    for object_type, pk in [
        ("requests_ltft.ltftapplication", ids["ltft"]),
        ("requests_ltft.ooppapplication", ids["oopp"]),
        ("returners.absence", ids["absence"]),
        ("returners.returnplan", ids["plan"]),
        ("trainees.trainee", ids["trainee"]),
        *[("requests_ltft.evidence", pk) for pk in evidence_ids],
    ]:
        assert removed.filter(object_type=object_type, object_id=str(pk)).exists(), object_type
    assert AuditEvent.objects.filter(action="retention.anonymise", object_id=str(owner.pk)).exists()

    # The other trainee left 6 days later: not yet 6 years ago, so untouched.
    assert LtftApplication.objects.filter(pk=w.other_ltft.pk).exists()
    assert Absence.objects.filter(pk=w.other_absence.pk).exists()
    w.other_trainee.refresh_from_db()
    assert w.other_trainee.is_active

    # A second run finds nothing left to do.
    assert retention_apply_due(today=six_years_on)["removed"] == {}


def test_nothing_expires_while_the_trainee_is_in_the_programme(world):
    result = retention_apply_due(today=TODAY + timedelta(days=365 * 50))
    assert result["removed"].keys() <= {"notification"}
    assert LtftApplication.objects.filter(pk=world.ltft.pk).exists()
    assert Trainee.objects.filter(pk=world.owner_trainee.pk).exists()


def test_each_record_type_has_its_own_period(world, settings):
    settings.RETENTION_YEARS = {"supportt_absence": 8, "notification": 10}
    leave(world.membership)
    result = retention_apply_due(today=years_after(TODAY, 7))
    assert result["removed"] == {"oopp_application": 1, "ltft_application": 1}
    assert Absence.objects.filter(pk=world.absence.pk).exists()
    # The trainee still has an absence on record, so their identity stays too.
    assert result["kept"] == {"trainee": 1}
    assert Trainee.objects.filter(pk=world.owner_trainee.pk).exists()


def test_an_unknown_record_type_in_the_settings_is_refused(world, settings):
    settings.RETENTION_YEARS = {"ltft": 6}
    with pytest.raises(ValueError, match="unknown record types"):
        retention_apply_due(today=TODAY)


def test_old_messages_are_removed_by_age(world):
    old = world.notification
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=365 * 6 + 5)
    )
    result = retention_apply_due(today=TODAY)
    assert result["removed"] == {"notification": 1}
    assert not Notification.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(
        action="retention.delete", object_type="notifications.notification"
    )
    assert event.detail["count"] == 1


def test_29_february_counts_back_to_28_february():
    assert years_before(date(2032, 2, 29), 6) == date(2026, 2, 28)


def test_the_job_is_a_late_acknowledged_task_with_limits():
    import portal.audit.tasks  # noqa: F401 - registers the task

    task = celery_app.tasks["portal.audit.tasks.retention_apply_due"]
    assert task.acks_late and task.reject_on_worker_lost
    assert task.soft_time_limit < task.time_limit <= 10 * 60


def test_the_job_is_scheduled_daily():
    """Beat's schedule lives in portal/notifications/schedules.py (see docs/security.md)."""
    from portal.notifications.schedules import PERIODIC_TASKS

    tasks = [spec for spec in PERIODIC_TASKS if spec["task"].endswith("retention_apply_due")]
    assert tasks, "add the retention job to PERIODIC_TASKS"
    assert tasks[0]["task"] == "portal.audit.tasks.retention_apply_due"
    assert "crontab" in tasks[0]
