"""Writing to the outbox, sending what is due, and the reader's side of in-app messages.

Delivery guarantees, and the one place they stop
-------------------------------------------------
`notify()` writes rows in the caller's transaction: if the change rolls back, so do its
messages, and if it commits they are in the database before any broker is involved. After the
commit a task is queued to send them straight away; if the broker is down that fails quietly
and the every-minute sweep sends them instead.

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
from collections.abc import Iterable, Mapping
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import timezone

from portal.audit.services import audit_record
from portal.notifications.audiences import Audience, template_name
from portal.notifications.models import Notification
from portal.notifications.selectors import pointing_at

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


def notify(
    *,
    notice: str,
    to: Mapping[Audience, Iterable],
    context: dict,
    link_path: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Queue an email and an in-app message for each recipient, inside the caller's transaction.

    `to` names the recipients by audience (`{Audience.TRAINEE: [trainee], Audience.TPD:
    tpds}`); each reads the notice's version for their audience (see
    `portal.notifications.audiences`). A person in two audiences gets the first one's. Both
    parts are wrapped in the NHS.UK-styled layout, with a button to `link_path` (a path in the
    portal, such as "/applications/…/") labelled `context["action_text"]`.

    With a `dedupe_key`, a second call for the same key writes nothing for a recipient who
    already has it: the unique index decides, so it holds across processes too.
    """
    written = []
    for audience, recipient in addressed(to):
        rows = build_notifications(
            recipient=recipient,
            audience=audience,
            notice=notice,
            context=context,
            link_path=link_path,
            dedupe_key=dedupe_key,
        )
        for row in rows:
            try:
                # A savepoint, so a duplicate key does not break the caller's transaction.
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                if row.dedupe_key is None:
                    raise
                continue
            written.append(row)
    if any(row.channel == Notification.Channel.EMAIL for row in written):
        kick_sender_on_commit()
    return written


def addressed(to: Mapping[Audience, Iterable]) -> list[tuple[Audience, object]]:
    """(audience, person) for each distinct person, in the first audience that names them."""
    seen = {}
    for audience, people in to.items():
        for person in people:
            if person is not None and person.pk not in seen:
                seen[person.pk] = (Audience(audience), person)
    return list(seen.values())


def render_notice(*, notice: str, audience: Audience, context: dict) -> tuple[str, str, str | None]:
    """(subject, text, html or None) of the notice's version for `audience`."""
    subject, _, text = _render_plain_text(template_name(notice, audience), context).partition("\n")
    try:
        body_html = get_template(template_name(notice, audience, "html")).render(context)
    except TemplateDoesNotExist:
        body_html = None
    return " ".join(subject.split()), text.strip(), body_html


def build_notifications(
    *, recipient, audience: Audience, notice: str, context: dict, link_path: str, dedupe_key
) -> list[Notification]:
    """The unsaved email and in-app rows for one recipient, rendered now.

    Rendering at write time means the worker needs no domain objects or request, and a queued
    message says what was true when it was queued.
    """
    if link_path and (not link_path.startswith("/") or link_path.startswith("//")):
        # Messages only ever point into the portal; anything else could be used for phishing.
        raise ValueError(f"link_path must be a path in the portal, not {link_path!r}")
    link = f"{settings.SITE_URL.rstrip('/')}{link_path}" if link_path else ""
    ctx = {
        "service_name": getattr(settings, "SERVICE_NAME", "Flexible training"),
        "action_text": "Go to the portal",
        **context,
        "recipient": recipient,
        "link": link,
    }
    subject, text, body_html = render_notice(notice=notice, audience=audience, context=ctx)
    wrapped = {**ctx, "subject": subject, "body": text, "body_html": body_html}
    email_text = _render_plain_text("notifications/email/_wrapper.txt", wrapped).strip() + "\n"
    email_html = render_to_string("notifications/email/_wrapper.html", wrapped)
    now = timezone.now()

    def key(channel):
        return f"{dedupe_key}:{recipient.pk}:{channel}" if dedupe_key else None

    return [
        Notification(
            recipient=recipient,
            channel=Notification.Channel.EMAIL,
            subject=subject,
            body_text=email_text,
            body_html=email_html,
            link_url=link_path,
            dedupe_key=key(Notification.Channel.EMAIL),
            status=Notification.Status.PENDING,
            send_after=now,
        ),
        Notification(
            recipient=recipient,
            channel=Notification.Channel.IN_APP,
            subject=subject,
            body_text=text,
            link_url=link_path,
            dedupe_key=key(Notification.Channel.IN_APP),
            status=Notification.Status.SENT,
            sent_at=now,
            send_after=now,
        ),
    ]


def _render_plain_text(name: str, context: dict) -> str:
    # Plain text is not HTML: without this "O'Brien" would arrive as "O&#x27;Brien". The HTML
    # part escapes the same text when it puts it on the page.
    return get_template(name).template.render(Context(context, autoescape=False))


def kick_sender_on_commit() -> None:
    """After the current transaction commits, ask a worker to send now rather than at the next
    sweep."""
    transaction.on_commit(_kick_sender, robust=True)


# After a failed publish, skip further kicks from this process for a while: a request that
# writes several messages while the broker is down should pay for one timeout, not one each.
BROKER_RETRY_AFTER_SECONDS = 30.0
_broker_down_until = 0.0


def _kick_sender():
    # If the broker is down the rows simply wait for the sweep: the request that wrote them
    # has committed and must not fail now. Celery's connect timeout and publish retry policy
    # (portal.celery_config) bound the attempt to about a second.
    global _broker_down_until
    from portal.notifications.tasks import notifications_send_due as notifications_send_due_task

    if time.monotonic() < _broker_down_until:
        return
    try:
        notifications_send_due_task.apply_async(retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the message
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER_SECONDS
        log.warning("Broker unavailable; notifications wait for the next sweep", exc_info=True)


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


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])


def notifications_mark_read_for_page(*, user, path: str, task_done: bool) -> int:
    """Mark read the person's unread in-app messages that point at `path` (they have opened
    the page), or, when they have just done something there (`task_done`), at `path` or a page
    above it: a message linking to an application is done with once its TPD supports it at
    `<application>/do/tpd_support/`. Only `user`'s own messages are touched. Returns how many
    changed.
    """
    pages = _ancestors(path) if task_done else [path]
    now = timezone.now()
    return Notification.objects.filter(
        pointing_at(pages),
        recipient=user,
        channel=Notification.Channel.IN_APP,
        read_at__isnull=True,
    ).update(read_at=now, updated_at=now)


def _ancestors(path: str) -> list[str]:
    # "/a/b/c/" -> ["/a/b/c/", "/a/b/", "/a/"]; never "/" itself, which would be every page.
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def notification_mark_all_read(*, user) -> int:
    """Mark every unread in-app message of `user` as read; returns how many changed."""
    now = timezone.now()
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).update(read_at=now, updated_at=now)
