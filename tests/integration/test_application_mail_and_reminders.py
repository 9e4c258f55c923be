"""The application emails and the real reminder rules with the real parts: PostgreSQL, Redis, a
`celery worker` process and separate sweeper processes.

- an LTFT approval (requests_ltft.services.ltft_approve) is emailed by the worker;
- with the broker's port closed, a trainee submitting through the page gets the normal redirect
  within 2 seconds, and the emails go once the broker is back;
- the daily reminder job with every registered rule, run twice and in two processes at once,
  sends one email per due reminder and recipient.

Each test commits for real (transactional test) so the child processes see its rows; the
reference data the migrations loaded is loaded again for it (`reference_data`).
"""

import json
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.accounts.models import Role
from portal.core.workingdays import add_working_days
from portal.notifications.models import Notification, ReminderSent
from portal.notifications.tasks import notifications_send_due as notifications_send_due_task
from requests_ltft.choices import Status
from requests_ltft.services import ltft
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from tests.integration.conftest import broker_at, closed_port, wait_for
from tests.integration.mail import message_ids
from tests.requests_ltft.factories import LtftApplicationFactory
from tests.returners.factories import log_absence
from tests.signing_in import sign_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
LONDON = ZoneInfo("Europe/London")


class Staff:
    """A North West programme with its TPD, a deanery reviewer and a supervisor."""

    def __init__(self):
        self.tpd = user_with_role(Role.Kind.TPD)
        self.deanery = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
        self.supervisor = user_with_role(Role.Kind.SUPERVISOR)
        self.programme = ProgrammeFactory(local_office=local_office("HENW"), tpds=[self.tpd])

    def membership(self):
        return MembershipFactory(programme=self.programme, educational_supervisor=self.supervisor)


def expected_ids(rows) -> list[str]:
    return sorted(f"<{row.public_id}@example.nhs.uk>" for row in rows)


def emails(**filters):
    return Notification.objects.filter(channel=Notification.Channel.EMAIL, **filters)


# (a) An approval, through the worker


def test_an_ltft_approval_is_emailed_by_the_worker(start_worker, mail_dir):
    worker = start_worker()
    staff = Staff()
    application = LtftApplicationFactory(membership=staff.membership())
    trainee = application.trainee.user
    application = ltft.ltft_submit(application=application, actor=trainee)
    application = ltft.ltft_tpd_support(application=application, actor=staff.tpd)

    ltft.ltft_approve(application=application, actor=staff.deanery)

    approved = emails(subject__endswith="has been approved")
    assert sorted(approved.values_list("recipient__email", flat=True)) == sorted(
        [trainee.email, staff.tpd.email]
    )
    # Each reads their own version: "Your …" for the trainee, the trainee's name for the TPD.
    assert approved.get(recipient=trainee).subject == "Your LTFT application has been approved"
    assert trainee.get_full_name() in approved.get(recipient=staff.tpd).subject
    wait_for(
        lambda: not emails(status="PENDING").exists(),
        timeout=30,
        what="the approval emails",
        log=worker.log,
    )
    ids = message_ids(mail_dir)
    assert sorted(ids) == expected_ids(emails())  # every message, each once
    assert set(expected_ids(approved)) <= set(ids)


# (b) The broker is down while a trainee submits


def test_with_the_broker_down_the_trainee_submits_at_once_and_the_emails_follow(
    client, start_worker, mail_dir
):
    staff = Staff()
    application = LtftApplicationFactory(membership=staff.membership())
    trainee = application.trainee.user
    sign_in(client, trainee)

    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        response = client.post(
            reverse("requests_ltft:ltft_check", args=[application.pk]),
            {"information_correct": "on", "discussed_with_tpd": "on", "understand_cct": "on"},
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert response.url == reverse("requests_ltft:ltft_submitted", args=[application.pk])
    assert elapsed < 2, f"the submit took {elapsed:.2f}s with the broker down"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    waiting = emails(status="PENDING")
    assert sorted(waiting.values_list("recipient__email", flat=True)) == sorted(
        [staff.tpd.email, trainee.email]
    )

    # The broker is back: the worker starts, and the next beat tick sends what waited.
    worker = start_worker()
    assert message_ids(mail_dir) == []
    notifications_send_due_task.apply_async()
    wait_for(lambda: not waiting.exists(), timeout=30, what="the waiting emails", log=worker.log)
    assert sorted(message_ids(mail_dir)) == expected_ids(emails())


# (c) The real reminder job, twice and in two processes at once

TODAY = date(2026, 3, 11)  # a Wednesday
NUDGES = 6

REMINDER_JOB = (
    "import json, datetime\n"
    "from portal.notifications.reminders import reminders_send_due\n"
    f"print(json.dumps(reminders_send_due(today=datetime.date({TODAY:%Y, %-m, %-d}))))\n"
)
SEND_JOB = (
    "from portal.notifications.services import notifications_send_due\n"
    "print(notifications_send_due())\n"
)


def test_the_reminder_job_twice_and_in_two_processes_at_once_sends_each_reminder_once(
    run_in_processes, mail_dir
):
    staff = Staff()
    # Six applications the TPD has sat on for five working days: six nudges to the TPD.
    submitted_at = datetime.combine(add_working_days(TODAY, -5), datetime.min.time()).replace(
        hour=10, tzinfo=LONDON
    )
    for _ in range(NUDGES):
        LtftApplicationFactory(
            membership=staff.membership(),
            status=Status.SUBMITTED,
            submitted_at=submitted_at,
            start_date=date(2026, 9, 2),
        )
    # A pre-absence meeting due on Monday 9 March and not held: flagged to three people.
    with time_machine.travel(datetime(2026, 1, 5, 10, tzinfo=LONDON)):
        log_absence(
            staff.membership(),
            starts_on=date(2026, 4, 6),
            expected_return_on=date(2027, 1, 4),
        )

    results = [json.loads(out) for out in run_in_processes(REMINDER_JOB)]
    sent = {rule: sum(r.get(rule, 0) for r in results) for rule in results[0]}
    assert sent["application.tpd_nudge"] == NUDGES
    assert sent["supportt.meeting_overdue"] == 1
    assert sum(sent.values()) == NUDGES + 1, sent

    again = [json.loads(out) for out in run_in_processes(REMINDER_JOB)]
    assert [sum(r.values()) for r in again] == [0, 0]

    assert ReminderSent.objects.count() == NUDGES + 1
    reminders = emails(dedupe_key__startswith="reminder:")
    assert reminders.filter(recipient=staff.tpd).count() == NUDGES + 1  # nudges and the flag
    assert reminders.count() == NUDGES + 3  # the flag also goes to trainee and supervisor

    # Sent by two sweepers at once as well; with the absence's own notice, one email each.
    run_in_processes(SEND_JOB)
    ids = message_ids(mail_dir)
    assert len(set(ids)) == len(ids) == emails().count()
    assert set(expected_ids(reminders)) <= set(ids)
