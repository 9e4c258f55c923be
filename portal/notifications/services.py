"""Writing to the outbox, and sending what is due."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.notifications.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def notify(
    *,
    recipients: Iterable,
    subject: str,
    template: str,
    context: dict,
    link_path: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Queue an email and an in-app message for each recipient, inside the caller's transaction.

    `template` names `templates/notifications/email/<template>.txt` (and `.html`). With a
    `dedupe_key`, a second call for the same key writes nothing: the unique index decides.
    """
    link = f"{settings.SITE_URL.rstrip('/')}{link_path}" if link_path else ""
    written = []
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        ctx = {**context, "recipient": recipient, "link": link, "subject": subject}
        text = render_to_string(f"notifications/email/{template}.txt", ctx)
        html = render_to_string("notifications/email/_wrapper.html", {**ctx, "body": text})
        for channel in Notification.Channel.values:
            key = f"{dedupe_key}:{recipient.pk}:{channel}" if dedupe_key else None
            row = Notification(
                recipient=recipient, channel=channel, subject=subject, body_text=text,
                body_html=html if channel == Notification.Channel.EMAIL else "",
                link_url=link_path, dedupe_key=key,
                status=(Notification.Status.SENT if channel == Notification.Channel.IN_APP
                        else Notification.Status.PENDING),
            )
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                if key is None:
                    raise
                continue
            written.append(row)
    if any(row.channel == Notification.Channel.EMAIL for row in written):
        transaction.on_commit(_kick_sender, robust=True)
    return written


def _kick_sender():
    """Ask a worker to send now rather than at the next periodic sweep. If the broker is down
    the rows simply wait for the sweep; the request that wrote them must not fail."""
    from portal.notifications.tasks import notifications_send_due as notifications_send_due_task

    try:
        notifications_send_due_task.apply_async(retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the message
        log.warning("Broker unavailable; notifications wait for the next sweep", exc_info=True)


def notifications_send_due(*, limit: int = 100) -> int:
    """Send due emails. Rows are claimed with SKIP LOCKED so two workers never send the same
    one, and marked sent in the same transaction that holds the lock."""
    sent = 0
    while sent < limit:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(
                    channel=Notification.Channel.EMAIL,
                    status=Notification.Status.PENDING,
                    send_after__lte=timezone.now(),
                )
                .select_related("recipient")
                .order_by("send_after")
                .first()
            )
            if row is None:
                return sent
            _send_one(row)
            sent += 1
    return sent


def _send_one(row: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.body_text, to=[row.recipient.email]
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    row.attempts += 1
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any transport error is retried with backoff
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = Notification.Status.FAILED
        else:
            row.send_after = timezone.now() + timezone.timedelta(minutes=2**row.attempts)
        row.save(update_fields=["attempts", "last_error", "status", "send_after", "updated_at"])
        return
    row.status = Notification.Status.SENT
    row.sent_at = timezone.now()
    row.save(update_fields=["attempts", "status", "sent_at", "updated_at"])


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
