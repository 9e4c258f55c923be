"""The periodic jobs exist after migrating, and admins' changes to them are kept."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from portal.notifications.schedules import (
    EXPORTS_SWEEP_NAME,
    PERIODIC_TASKS,
    REMINDERS_NAME,
    RETENTION_NAME,
    SEND_DUE_NAME,
    TRANSITIONS_NAME,
)

pytestmark = pytest.mark.django_db


def test_migrating_creates_the_outbox_sweep_every_minute_and_the_daily_reminders():
    sweep = PeriodicTask.objects.get(name=SEND_DUE_NAME)
    assert sweep.task == "portal.notifications.tasks.notifications_send_due"
    assert (sweep.interval.every, sweep.interval.period) == (60, "seconds")
    assert sweep.enabled
    assert sweep.expire_seconds < 60

    reminders = PeriodicTask.objects.get(name=REMINDERS_NAME)
    assert reminders.task == "portal.notifications.tasks.reminders_send_due"
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("7", "0")
    assert str(reminders.crontab.timezone) == "Europe/London"


def test_migrating_creates_the_daily_start_and_end_of_approved_applications():
    transitions = PeriodicTask.objects.get(name=TRANSITIONS_NAME)
    assert transitions.task == "requests_ltft.tasks.applications_apply_due_transitions"
    assert (transitions.crontab.hour, transitions.crontab.minute) == ("5", "0")
    assert str(transitions.crontab.timezone) == "Europe/London"
    assert transitions.enabled


def test_migrating_creates_the_exports_sweep_and_the_nightly_retention_job():
    sweep = PeriodicTask.objects.get(name=EXPORTS_SWEEP_NAME)
    assert sweep.task == "portal.reports.tasks.report_exports_sweep"
    assert (sweep.interval.every, sweep.interval.period) == (600, "seconds")
    assert sweep.enabled

    retention = PeriodicTask.objects.get(name=RETENTION_NAME)
    assert retention.task == "portal.audit.tasks.retention_apply_due"
    assert (retention.crontab.hour, retention.crontab.minute) == ("2", "30")
    assert str(retention.crontab.timezone) == "Europe/London"
    assert retention.enabled


@pytest.mark.parametrize("spec", PERIODIC_TASKS, ids=lambda spec: spec["task"])
def test_each_job_after_migrating_is_as_defined(spec):
    """Every job, the apps' included, as its definition says: the right task, on its
    schedule, enabled, expiring before the next run piles up behind it."""
    job = PeriodicTask.objects.get(name=spec["name"])
    assert (job.task, job.enabled, job.expire_seconds) == (
        spec["task"],
        True,
        spec["expire_seconds"],
    )
    if "interval" in spec:
        assert job.crontab is None
        assert {"every": job.interval.every, "period": job.interval.period} == spec["interval"]
    else:
        assert job.interval is None
        cron = {
            "minute": job.crontab.minute,
            "hour": job.crontab.hour,
            "timezone": str(job.crontab.timezone),
        }
        assert cron == spec["crontab"]


def test_each_job_names_a_registered_task():
    """Every job, the apps' as well as portal's: a renamed task would leave beat sending a
    name no worker knows, and nothing would say so."""
    from portal.celery import app

    app.loader.import_default_modules()
    jobs = dict(PeriodicTask.objects.values_list("name", "task"))
    assert set(jobs) >= {spec["name"] for spec in PERIODIC_TASKS}
    unknown = {name: task for name, task in jobs.items() if task not in app.tasks}
    assert unknown == {}


def test_setting_up_again_keeps_what_an_admin_changed(capsys):
    PeriodicTask.objects.filter(name=SEND_DUE_NAME).update(enabled=False)
    call_command("setup_periodic_tasks")
    assert not PeriodicTask.objects.get(name=SEND_DUE_NAME).enabled
    assert "already set up" in capsys.readouterr().out


def test_reset_restores_the_definitions_and_recreates_deleted_jobs():
    PeriodicTask.objects.filter(name=SEND_DUE_NAME).update(enabled=False)
    PeriodicTask.objects.filter(name=REMINDERS_NAME).delete()
    call_command("setup_periodic_tasks", "--reset")
    assert PeriodicTask.objects.get(name=SEND_DUE_NAME).enabled
    assert PeriodicTask.objects.filter(name=REMINDERS_NAME).count() == 1
    call_command("setup_periodic_tasks", "--reset")
    assert PeriodicTask.objects.filter(name__in=[SEND_DUE_NAME, REMINDERS_NAME]).count() == 2
