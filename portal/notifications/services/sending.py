"""Sending what is due from the outbox, and putting failed emails back in it.

Delivery guarantees, and the one place they stop
-------------------------------------------------
The sender claims one row at a time (`select_for_update(skip_locked=True)`), so two workers, or
two sweeps started by a doubled beat tick, never take the same row. Claiming commits a *lease*
(`claim_token`, and `send_after` moved to the end of the lease) and counts the attempt; then,
in a second transaction that locks the row again and checks the token, the email is handed to
the mail server and the row is marked SENT before the lock is released. So:

- a worker killed before or during the hand-over leaves the row PENDING; it is sent again when
  the lease runs out, and a row that keeps killing its worker ends FAILED after MAX_ATTEMPTS;
- a second sender cannot take a row while the first holds its lock, nor after the lease has
  passed to someone else (the token no longer matches);
- the one duplicate that can happen: the mail server has accepted the message but the worker
  dies (or the database goes away) before the SENT mark commits, a window of milliseconds.
  The row is then sent again after the lease. Exactly-once across SMTP is not possible; every
  copy carries the same Message-ID, so most mail clients show it once.
"""

import logging
import smtplib
import time
import uuid
from collections.abc import Iterable
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.notifications.models import Notification
from portal.notifications.services.outbox import kick_sender_on_commit

log = logging.getLogger(__name__)

# A row is tried this many times before it is FAILED (a crash during a send counts as a try).
MAX_ATTEMPTS = 8
# Waits between tries: 2, 4, 8 … minutes, never more than an hour (about 3½ hours in all).
BACKOFF_FIRST = timedelta(minutes=2)
BACKOFF_MAX = timedelta(hours=1)
# How long a claim protects a row. It must outlast one hand-over to the mail server
# (EMAIL_TIMEOUT), else a slow send could be taken over; a setting so tests can shorten it.
DEFAULT_LEASE = timedelta(minutes=5)


def _lease() -> timedelta:
    seconds = getattr(settings, "NOTIFICATIONS_LEASE_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else DEFAULT_LEASE


def notifications_send_due(*, limit: int = 200, budget_seconds: float = 60) -> int:
    """Send due emails, one claim at a time, until none are due, `limit` were tried or the time
    budget (kept inside the task's soft time limit) is spent. Returns how many were sent.

    Stops early when the mail server cannot be reached: the other rows are not at fault and
    should not use up their attempts.
    """
    started = time.monotonic()
    sent = 0
    for _ in range(limit):
        if time.monotonic() - started > budget_seconds:
            break
        claim = _claim_next()
        if claim is None:
            break
        outcome = _send_claimed(*claim)
        if outcome == "sent":
            sent += 1
        elif outcome == "server-unreachable":
            break
    return sent


def _claim_next() -> tuple[int, uuid.UUID] | None:
    """Take the lease on the next due email, committing the claim and counting the attempt."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                channel=Notification.Channel.EMAIL,
                status=Notification.Status.PENDING,
                send_after__lte=now,
            )
            .order_by("send_after", "pk")
            .only("pk", "attempts")
            .first()
        )
        if row is None:
            return None
        token = uuid.uuid4()
        Notification.objects.filter(pk=row.pk).update(
            claim_token=token,
            claimed_at=now,
            send_after=now + _lease(),
            attempts=row.attempts + 1,
            updated_at=now,
        )
    return row.pk, token


def _send_claimed(pk: int, token: uuid.UUID) -> str:
    with transaction.atomic():
        # Wait for the lock rather than skip: another sender's claim query can hold this row
        # for an instant while it rechecks it, and skipping would strand our own claim until
        # the lease ran out. Only our row is locked (`of`), not the recipient's user row.
        row = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=pk, claim_token=token, status=Notification.Status.PENDING)
            .first()
        )
        if row is None:
            return "lost"  # the lease ran out and another sender has it, or an admin acted
        if row.attempts > MAX_ATTEMPTS:
            # Only reachable when earlier tries died mid-send: the row is what kills workers.
            _record_failure(row, "Gave up: the sender stopped during every attempt", final=True)
            return "failed"
        try:
            _deliver(row)
        except SoftTimeLimitExceeded:
            raise  # the task is out of time; the lease brings the row back later
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
            permanent = isinstance(exc, smtplib.SMTPRecipientsRefused)
            _record_failure(row, f"{type(exc).__name__}: {exc}", final=permanent)
            return "server-unreachable" if _server_unreachable(exc) else "failed"
        now = timezone.now()
        row.status = Notification.Status.SENT
        row.sent_at = now
        row.claim_token = None
        row.last_error = ""
        row.save(update_fields=["status", "sent_at", "claim_token", "last_error", "updated_at"])
    return "sent"


def _server_unreachable(exc: Exception) -> bool:
    # Every SMTPException is an OSError; only the connection-level ones mean "server down".
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _deliver(row: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        to=[row.recipient.email],
        headers={
            # The same id on every copy, so a rare duplicate (see the module docstring) shows
            # once in most mail clients; and no auto-replies to a machine.
            "Message-ID": _message_id(row),
            "Auto-Submitted": "auto-generated",
        },
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    message.send()


def _message_id(row: Notification) -> str:
    # Derived from the row alone (its random public id), so every copy carries the same one.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<{row.public_id}@{domain}>"


def _record_failure(row: Notification, error: str, *, final: bool) -> None:
    now = timezone.now()
    row.last_error = error[:2000]
    row.claim_token = None
    if final or row.attempts >= MAX_ATTEMPTS:
        row.status = Notification.Status.FAILED
        log.error("Email notification %s failed for good: %s", row.pk, row.last_error)
    else:
        delay = min(BACKOFF_FIRST * 2 ** (row.attempts - 1), BACKOFF_MAX)
        row.send_after = now + delay
        log.warning("Email notification %s failed, retrying in %s", row.pk, delay)
    row.save(update_fields=["last_error", "claim_token", "status", "send_after", "updated_at"])


def notifications_resend(*, notifications: Iterable[Notification], actor) -> int:
    """Put FAILED emails back in the queue (an admin asked), with a fresh set of attempts.

    Only FAILED email rows change; anything else in the selection is left alone. Each resend is
    audited. Returns how many were queued.
    """
    ids = [n.pk for n in notifications]
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update()
            .filter(pk__in=ids, channel=Notification.Channel.EMAIL)
            .filter(status=Notification.Status.FAILED)
        )
        for row in rows:
            row.status = Notification.Status.PENDING
            row.attempts = 0
            row.send_after = now
            row.claim_token = None
            row.save(
                update_fields=["status", "attempts", "send_after", "claim_token", "updated_at"]
            )
            audit_record(
                action="notification.resend",
                actor=actor,
                obj=row,
                detail={"previous_error": row.last_error[:200]},
            )
        if rows:
            kick_sender_on_commit()
    return len(rows)
