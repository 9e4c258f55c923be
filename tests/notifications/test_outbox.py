"""The outbox: writing in the caller's transaction, sending with a lease, retrying, failing."""

import smtplib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.notifications.audiences import Audience
from portal.notifications.models import Notification
from portal.notifications.services import (
    notifications_resend,
    notifications_send_due,
    notify,
    sending,
)
from portal.notifications.services.sending import MAX_ATTEMPTS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def send_test_message(recipients, *, subject="Your application needs a decision", **overrides):
    kwargs = {
        "to": {Audience.USER: recipients},
        "notice": "test_message",
        "context": {
            "title": subject,
            "message": "Dr O'Brien's application is <waiting> for you.",
        },
        "link_path": "/applications/abc/",
    }
    return notify(**{**kwargs, **overrides})


def email_rows():
    return Notification.objects.filter(channel=Notification.Channel.EMAIL)


LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend:
    """An email backend that raises whatever the test sets in `error`."""

    error: BaseException

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise type(self).error


@pytest.fixture
def failing_mail(settings):
    FailingBackend.error = smtplib.SMTPDataError(451, "try later")
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    return FailingBackend


class WorkerDied(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing catches it and the transaction that
    holds the lock rolls back, as it does when the database sees the connection drop."""


# Writing


def test_it_writes_an_email_and_an_in_app_message_per_recipient(alice, bob, kicks):
    rows = send_test_message([alice, bob, alice])
    assert len(rows) == 4
    assert email_rows().filter(status="PENDING").count() == 2
    in_app = Notification.objects.filter(channel="IN_APP")
    assert in_app.count() == 2
    assert all(row.status == "SENT" and row.read_at is None for row in in_app)


def test_it_writes_nothing_and_queues_nothing_when_the_change_rolls_back(
    alice, kicks, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_test_message([alice])
        raise RuntimeError("the business change failed")
    assert Notification.objects.count() == 0
    assert callbacks == []
    assert kicks == []


def test_it_asks_a_worker_to_send_after_commit(alice, kicks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_test_message([alice])
    assert kicks == []  # nothing is published before the commit
    for callback in callbacks:
        callback()
    assert len(kicks) == 1
    assert kicks[0] == {"retry": False}


def test_a_broker_failure_after_commit_is_swallowed_and_remembered(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broker_down(*args, **kwargs):
        calls.append(1)
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(
        "portal.notifications.tasks.notifications_send_due.apply_async", broker_down
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_test_message([alice])
    with django_capture_on_commit_callbacks(execute=True):
        send_test_message([alice], subject="A second message")
    assert email_rows().filter(status="PENDING").count() == 2
    assert len(calls) == 1  # the second request did not wait for the broker again


def test_the_plain_text_is_not_html_escaped_and_the_html_is(alice, kicks):
    send_test_message([alice])
    email = email_rows().get()
    assert "Dr O'Brien's application is <waiting> for you." in email.body_text
    assert "Go to the portal:\nhttp://127.0.0.1:8000/applications/abc/" in email.body_text
    assert "Dr O&#x27;Brien&#x27;s application is &lt;waiting&gt; for you." in email.body_html
    assert 'href="http://127.0.0.1:8000/applications/abc/"' in email.body_html
    in_app = Notification.objects.get(channel="IN_APP")
    assert in_app.link_url == "/applications/abc/"
    assert "Go to the portal" not in in_app.body_text  # the page shows its own link


def test_an_html_template_replaces_the_text_in_the_html_part(alice, kicks):
    send_test_message(
        [alice], notice="test_rich", context={"message": "Hi", "action_text": "Review it"}
    )
    email = email_rows().get()
    assert "<strong>with emphasis</strong>" in email.body_html
    assert ">Review it</a>" in email.body_html
    assert "Review it:\n" in email.body_text


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/", "applications/1/"])
def test_links_only_point_into_the_portal(alice, bad):
    with pytest.raises(ValueError, match="link_path"):
        send_test_message([alice], link_path=bad)


def test_a_dedupe_key_writes_once_per_recipient_and_keeps_the_transaction_usable(alice, bob, kicks):
    with transaction.atomic():
        first = send_test_message([alice], dedupe_key="ltft:1:submitted")
        second = send_test_message([alice, bob], dedupe_key="ltft:1:submitted")
        assert Notification.objects.count() == 4  # still usable after the duplicate
    assert len(first) == 2
    assert [row.recipient for row in second] == [bob, bob]


# Sending


def test_the_sweep_sends_due_emails_with_both_parts_and_marks_them_sent(alice, kicks):
    send_test_message([alice])
    assert notifications_send_due() == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.nhs.uk"]
    assert message.subject == "Your application needs a decision"
    assert "Dr O'Brien's application" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "NHS" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    row = email_rows().get()
    assert row.status == "SENT"
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.claim_token is None
    assert str(row.public_id) in message.extra_headers["Message-ID"]


def test_running_the_sweep_twice_sends_each_email_once(alice, bob, kicks):
    send_test_message([alice, bob])
    assert notifications_send_due() == 2
    assert notifications_send_due() == 0
    assert len(mail.outbox) == 2


def test_it_does_not_send_before_send_after(alice, kicks):
    send_test_message([alice])
    email_rows().update(send_after=timezone.now() + timedelta(minutes=5))
    assert notifications_send_due() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert notifications_send_due() == 1


def test_a_failure_is_recorded_and_retried_with_growing_waits(alice, kicks, failing_mail):
    send_test_message([alice])
    waits = []
    now = timezone.now()
    for _ in range(3):
        with time_machine.travel(now, tick=False):
            assert notifications_send_due() == 0
            row = email_rows().get()
            waits.append(row.send_after - now)
            now = row.send_after
    assert waits == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert row.status == "PENDING"
    assert row.attempts == 3
    assert row.last_error == "SMTPDataError: (451, 'try later')"


def test_it_ends_failed_after_the_last_attempt(alice, kicks, failing_mail):
    send_test_message([alice])
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False):
            notifications_send_due()
        now += timedelta(hours=2)
    row = email_rows().get()
    assert row.status == "FAILED"
    assert row.attempts == MAX_ATTEMPTS
    assert "451" in row.last_error
    with time_machine.travel(now + timedelta(days=1)):
        assert notifications_send_due() == 0  # a failed email is not picked up again


def test_a_refused_address_fails_at_once(alice, kicks, failing_mail):
    failing_mail.error = smtplib.SMTPRecipientsRefused({"alice@example.nhs.uk": (550, b"no")})
    send_test_message([alice])
    notifications_send_due()
    row = email_rows().get()
    assert row.status == "FAILED"
    assert row.attempts == 1


def test_an_unreachable_mail_server_stops_the_sweep_without_using_up_other_rows(
    alice, bob, kicks, failing_mail
):
    failing_mail.error = ConnectionRefusedError(111, "Connection refused")
    send_test_message([alice, bob])
    notifications_send_due()
    attempts = sorted(email_rows().values_list("attempts", flat=True))
    assert attempts == [0, 1]


# The lease


def test_a_worker_dying_mid_send_leaves_the_row_to_be_sent_after_the_lease(
    alice, kicks, failing_mail, settings
):
    failing_mail.error = WorkerDied()
    send_test_message([alice])
    claimed_at = timezone.now()
    with time_machine.travel(claimed_at, tick=False), pytest.raises(WorkerDied):
        notifications_send_due()
    row = email_rows().get()
    assert row.status == "PENDING"
    assert row.attempts == 1  # the claim committed before the send began
    assert row.send_after == claimed_at + sending.DEFAULT_LEASE

    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(claimed_at + timedelta(minutes=4)):
        assert notifications_send_due() == 0  # still leased to the dead worker
    with time_machine.travel(claimed_at + sending.DEFAULT_LEASE + timedelta(seconds=1)):
        assert notifications_send_due() == 1
    assert len(mail.outbox) == 1
    assert email_rows().get().attempts == 2


def test_after_the_lease_another_sender_takes_over_once(alice, kicks):
    send_test_message([alice])
    # A first sender claims, then stalls before sending.
    pk, stale_token = sending._claim_next()
    claimed = email_rows().get()
    with time_machine.travel(claimed.send_after + timedelta(seconds=1)):
        assert notifications_send_due() == 1  # a second sender re-claims and sends
    # The first sender wakes up: its claim is no longer the row's, so it sends nothing.
    assert sending._send_claimed(pk, stale_token) == "lost"
    assert len(mail.outbox) == 1


def test_a_row_that_kills_every_worker_ends_failed(alice, kicks, failing_mail):
    failing_mail.error = WorkerDied()
    send_test_message([alice])
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False), pytest.raises(WorkerDied):
            notifications_send_due()
        now += sending.DEFAULT_LEASE + timedelta(seconds=1)
    with time_machine.travel(now, tick=False):
        notifications_send_due()
    row = email_rows().get()
    assert row.status == "FAILED"
    assert "stopped during every attempt" in row.last_error


class DeliversThenDies:
    """The mail server accepts the message, then the worker dies before marking it sent."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise WorkerDied()


def test_the_one_duplicate_window_is_a_crash_between_delivery_and_the_sent_mark(
    alice, kicks, settings
):
    # Documented in portal.notifications.services: exactly-once is impossible across SMTP.
    # The copy is sent once more after the lease, with the same Message-ID.
    settings.EMAIL_BACKEND = f"{__name__}.DeliversThenDies"
    send_test_message([alice])
    now = timezone.now()
    with time_machine.travel(now, tick=False), pytest.raises(WorkerDied):
        notifications_send_due()
    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(now + sending.DEFAULT_LEASE + timedelta(seconds=1)):
        assert notifications_send_due() == 1
    assert len(mail.outbox) == 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 1


def test_the_lease_length_can_be_set(alice, kicks, settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 7
    send_test_message([alice])
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        sending._claim_next()
    assert email_rows().get().send_after == now + timedelta(seconds=7)


# Resending


def test_an_admin_can_resend_failed_emails_only(
    alice, bob, kicks, failing_mail, settings, django_capture_on_commit_callbacks
):
    failing_mail.error = smtplib.SMTPRecipientsRefused({})
    send_test_message([alice])
    notifications_send_due()
    failed = email_rows().get()
    send_test_message([bob])  # pending, not failed
    admin = bob
    kicks.clear()

    with django_capture_on_commit_callbacks(execute=True):
        count = notifications_resend(notifications=Notification.objects.all(), actor=admin)

    assert count == 1
    failed.refresh_from_db()
    assert failed.status == "PENDING"
    assert failed.attempts == 0
    assert failed.last_error  # the history of why it failed stays visible
    assert AuditEvent.objects.filter(
        action="notification.resend", object_id=str(failed.pk)
    ).exists()
    assert len(kicks) == 1
    settings.EMAIL_BACKEND = LOCMEM
    assert notifications_send_due() == 2


# Concurrency (PostgreSQL row locks)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_sweeps_at_once_send_each_email_once(kicks):
    users = UserFactory.create_batch(12)
    send_test_message(users)
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(notifications_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(results) == 12
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
