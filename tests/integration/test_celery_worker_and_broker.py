"""The outbox and the reminder sweep with the real parts: PostgreSQL, Redis, a `celery worker`
process and separate sweeper processes (docs/security.md §9).

Each test commits for real (transactional test), so the child processes see its rows.
"""

import json
import os
import signal
import socket
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import transaction

from portal.accounts.models import TpdDeputy
from portal.core.workingdays import add_working_days
from portal.notifications.audiences import Audience
from portal.notifications.models import Notification, ReminderSent
from portal.notifications.reminders import Reminder, ReminderRule
from portal.notifications.services import notifications_send_due, notify
from portal.notifications.tasks import notifications_send_due as notifications_send_due_task
from tests.factories import UserFactory
from tests.integration.conftest import broker_at, closed_port, wait_for
from tests.integration.mail import message_ids

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def queue_message(recipients, subject="Your LTFT application was approved"):
    notify(
        notice="test_message",
        to={Audience.USER: recipients},
        context={"title": subject, "message": "The deanery approved your application."},
        link_path="/applications/",
    )


def email_row():
    return Notification.objects.get(channel=Notification.Channel.EMAIL)


def expected_id(row) -> str:
    return f"<{row.public_id}@example.nhs.uk>"


# (a) Delivered through the worker


def test_an_email_written_in_a_transaction_is_delivered_by_the_worker(start_worker, mail_dir):
    worker = start_worker()
    user = UserFactory()
    with transaction.atomic():
        queue_message([user])
        # Nothing is published before the commit, so the worker cannot race the transaction.
        time.sleep(1)
        assert message_ids(mail_dir) == []
    wait_for(lambda: email_row().status == "SENT", timeout=20, what="the email", log=worker.log)
    assert message_ids(mail_dir) == [expected_id(email_row())]


# (b) The broker is down


def test_with_the_broker_down_the_change_commits_fast_and_the_sweep_sends_it_later(
    start_worker, mail_dir
):
    users = UserFactory.create_batch(3)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        with transaction.atomic():
            queue_message(users[:1])
        first = time.monotonic() - started
        started = time.monotonic()
        with transaction.atomic():
            queue_message(users[1:], subject="A second change, the broker still down")
        second = time.monotonic() - started
    assert first < 2, f"the commit took {first:.2f}s with the broker down"
    assert second < 0.5, "a later request should not wait for the broker again"
    pending = Notification.objects.filter(channel="EMAIL", status="PENDING")
    assert pending.count() == 3

    # The broker is back: the next beat tick's sweep sends everything that waited.
    worker = start_worker()
    assert message_ids(mail_dir) == []
    notifications_send_due_task.apply_async()
    wait_for(lambda: not pending.exists(), timeout=20, what="the waiting emails", log=worker.log)
    assert sorted(message_ids(mail_dir)) == sorted(
        expected_id(row) for row in Notification.objects.filter(channel="EMAIL")
    )


def test_a_broker_that_accepts_but_never_answers_does_not_hang_the_request():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes connections; nothing ever replies
    try:
        with broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            started = time.monotonic()
            with transaction.atomic():
                queue_message([UserFactory()])
            elapsed = time.monotonic() - started
    finally:
        silent.close()
    # Bounded by the Redis socket timeout (2 s, portal.celery_config), not by the client.
    assert elapsed < 3
    assert email_row().status == "PENDING"


# (c) Sweeps run twice, and in two processes at once

SWEEP = (
    "from portal.notifications.services import notifications_send_due\n"
    "print(notifications_send_due())\n"
)


def test_two_sweeps_at_once_and_again_send_each_email_once(run_in_processes, mail_dir):
    users = UserFactory.create_batch(30)
    queue_message(users)

    # Slow sends (50 ms each) keep both processes busy at the same time.
    counts = [int(out) for out in run_in_processes(SWEEP, SLOW_SEND_SECONDS="0.05")]
    assert sum(counts) == 30
    assert min(counts) > 0, f"both processes should have sent some: {counts}"
    again = [int(out) for out in run_in_processes(SWEEP)]
    assert again == [0, 0]

    ids = message_ids(mail_dir)
    assert len(ids) == 30
    assert sorted(ids) == sorted(
        expected_id(r) for r in Notification.objects.filter(channel="EMAIL")
    )


START = date(2026, 3, 16)
REMIND_ON = date(2026, 3, 11)


class DeputyReminder(ReminderRule):
    """Test-only rule, imported by the sweeper processes: three working days before someone
    starts deputising for a TPD, remind them. (Deputies need no reference data, which a
    transactional test after a browser test may not have.)"""

    name = "test.integration_deputy_reminder"

    def reminders(self, *, today):
        starting = TpdDeputy.objects.filter(
            starts_on__gte=today, starts_on__lte=add_working_days(today, 3)
        ).select_related("deputy")
        for deputy in starting:
            yield Reminder(
                obj=deputy,
                due_on=deputy.starts_on,
                send_on=add_working_days(deputy.starts_on, -3),
                notice="test_message",
                to={Audience.USER: [deputy.deputy]},
                context={
                    "title": "You start deputising soon",
                    "message": "You act for the TPD from Monday.",
                },
            )


REMINDER_SWEEP = (
    "import json, datetime\n"
    "from portal.notifications.reminders import reminders_send_due\n"
    "from tests.integration.test_celery_worker_and_broker import DeputyReminder\n"
    f"print(json.dumps(reminders_send_due(today=datetime.date({REMIND_ON:%Y, %-m, %-d}),"
    " rules=[DeputyReminder()])))\n"
)


def test_the_reminder_sweep_twice_and_in_two_processes_at_once_sends_one_per_reminder(
    run_in_processes, mail_dir
):
    tpd = UserFactory()
    for deputy in UserFactory.create_batch(20):
        TpdDeputy.objects.create(tpd=tpd, deputy=deputy, starts_on=START, ends_on=START)

    results = [json.loads(out) for out in run_in_processes(REMINDER_SWEEP)]
    assert sum(r[DeputyReminder.name] for r in results) == 20
    again = [json.loads(out) for out in run_in_processes(REMINDER_SWEEP)]
    assert [r[DeputyReminder.name] for r in again] == [0, 0]

    assert ReminderSent.objects.filter(rule=DeputyReminder.name).count() == 20
    emails = Notification.objects.filter(channel="EMAIL")
    assert emails.count() == 20
    assert emails.values("recipient").distinct().count() == 20

    run_in_processes(SWEEP)
    assert len(set(message_ids(mail_dir))) == len(message_ids(mail_dir)) == 20


# (d) A worker killed mid-send


def test_a_worker_killed_mid_send_does_not_send_a_second_email(
    start_worker, mail_dir, child_env, settings
):
    worker = start_worker(SLOW_SEND_SECONDS="30")
    queue_message([UserFactory()])

    markers = Path(child_env["SEND_MARKER_DIR"])
    wait_for(lambda: any(markers.iterdir()), timeout=20, what="the send to begin", log=worker.log)
    pid = int(next(markers.iterdir()).read_text())
    os.kill(pid, signal.SIGKILL)  # the pool process holding the email, as the OOM killer would

    # acks_late + reject_on_worker_lost: the sweep goes back on the queue and a new pool
    # process runs it at once. The row is leased to the dead process, so it sends nothing.
    wait_for(
        lambda: "succeeded" in worker.output(),
        timeout=20,
        what="the re-delivered sweep",
        log=worker.log,
    )
    assert "WorkerLostError" in worker.output()
    row = email_row()
    assert row.status == "PENDING"
    assert row.attempts == 1
    assert message_ids(mail_dir) == []
    worker.stop()

    # When the lease runs out, the next sweep sends it: one email in all.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    with time_machine.travel(row.send_after + timedelta(seconds=1)):
        assert notifications_send_due() == 1
    assert message_ids(mail_dir) == [expected_id(row)]
    assert email_row().attempts == 2
