"""The daily job that starts and ends approved applications on their dates, run through its
Celery task with the clock moved: the trainee's WTE and CCT date change, the history names the
system as the actor, the trainee is told, and a second run does nothing."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal.notifications.models import Notification
from portal.notifications.schedules import TRANSITIONS_NAME
from requests_ltft.choices import Status
from requests_ltft.services import ltft, oopp
from requests_ltft.tasks import applications_apply_due_transitions
from returners.models import AbsenceReason, MeetingKind
from tests.requests_ltft.factories import OoppApplicationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def run_job_on(day: date) -> int:
    # 05:00 UK time, when beat runs it.
    with time_machine.travel(datetime(day.year, day.month, day.day, 5, 0, tzinfo=LONDON)):
        return applications_apply_due_transitions.apply().get()


def system_moves(application) -> list[tuple]:
    return [
        (c.from_status, c.to_status, c.actor_id, c.system_actor)
        for c in application.status_changes.filter(system_actor__gt="")
    ]


def test_an_ltft_change_starts_and_ends_through_the_daily_job(people):
    tpd, deanery, membership = people.tpd, people.deanery, people.membership
    start = timezone.localdate() + timedelta(weeks=20)
    app = people.application  # the trainee's draft, made a year at 60%
    app.proposed_percent, app.start_date, app.end_date = 60, start, start + timedelta(days=364)
    app.save()
    trainee = app.trainee.user
    app = ltft.ltft_submit(application=app, actor=trainee)
    app = ltft.ltft_tpd_support(application=app, actor=tpd)
    app = ltft.ltft_approve(application=app, actor=deanery)
    cct_before = membership.cct_date

    assert run_job_on(start - timedelta(days=1)) == 0
    assert run_job_on(start) == 1
    app.refresh_from_db()
    membership.refresh_from_db()
    assert app.status == Status.ACTIVE
    assert membership.wte == Decimal("0.60")
    assert membership.cct_date == app.provisional_cct_date > cct_before
    assert Notification.objects.filter(
        recipient=trainee, channel="EMAIL", subject="Your new working hours start today"
    ).exists()
    assert run_job_on(start) == 0  # a second run finds nothing to do

    assert run_job_on(start + timedelta(days=364)) == 0  # the last day is still part of it
    assert run_job_on(start + timedelta(days=365)) == 1
    app.refresh_from_db()
    membership.refresh_from_db()
    assert app.status == Status.COMPLETED
    assert membership.wte == Decimal("1.00")
    assert system_moves(app) == [
        (Status.APPROVED, Status.ACTIVE, None, "scheduled_transitions"),
        (Status.ACTIVE, Status.COMPLETED, None, "scheduled_transitions"),
    ]


def test_an_oopp_starts_and_returns_through_the_daily_job(people, media):
    tpd, deanery, membership = people.tpd, people.deanery, people.membership
    app = OoppApplicationFactory(membership=membership)
    trainee = app.trainee.user
    app = oopp.oopp_submit(application=app, actor=trainee)
    app = oopp.oopp_tpd_support(application=app, actor=tpd)
    app = oopp.oopp_approve(application=app, actor=deanery)
    cct_before = membership.cct_date
    pause = (app.intended_return_date - app.start_date).days

    assert run_job_on(app.start_date) == 1
    app.refresh_from_db()
    membership.refresh_from_db()
    assert app.status == Status.ACTIVE
    assert membership.cct_date == cct_before + timedelta(days=pause)
    absence = app.absence
    assert absence.reason == AbsenceReason.OOPP
    assert {m.kind for m in absence.plan.meetings.all()} == set(MeetingKind.values)
    assert run_job_on(app.start_date) == 0

    assert run_job_on(app.intended_return_date) == 1
    app.refresh_from_db()
    absence.refresh_from_db()
    assert app.status == Status.RETURNED
    assert absence.actual_return_on == app.intended_return_date
    assert system_moves(app) == [
        (Status.APPROVED, Status.ACTIVE, None, "scheduled_transitions"),
        (Status.ACTIVE, Status.RETURNED, None, "scheduled_transitions"),
    ]


def test_the_daily_job_is_scheduled_in_beat():
    from portal.celery import app as celery_app

    job = PeriodicTask.objects.get(name=TRANSITIONS_NAME)
    celery_app.loader.import_default_modules()
    assert job.task == "requests_ltft.tasks.applications_apply_due_transitions"
    assert job.task in celery_app.tasks
    assert job.enabled
    # Every day, weekends included, at 05:00 UK time: before the 07:00 reminders.
    cron = job.crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("0", "5", "*")
    assert str(cron.timezone) == "Europe/London"


def test_setting_up_the_jobs_again_brings_back_a_deleted_transitions_job(capsys):
    from django.core.management import call_command

    PeriodicTask.objects.filter(name=TRANSITIONS_NAME).delete()
    call_command("setup_periodic_tasks")
    assert PeriodicTask.objects.filter(name=TRANSITIONS_NAME).count() == 1
    assert f"Set up: {TRANSITIONS_NAME}" in capsys.readouterr().out
