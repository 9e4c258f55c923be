"""Writing to the outbox: every message is written in the caller's transaction, and a sender
is asked to deliver it once that transaction commits (see `sending` for what happens next).

`notify()` writes rows in the caller's transaction: if the change rolls back, so do its
messages, and if it commits they are in the database before any broker is involved. After the
commit a task is queued to send them straight away; if the broker is down that fails quietly
and the every-minute sweep sends them instead.
"""

import logging
import time
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import timezone

from portal.notifications.audiences import Audience, template_name
from portal.notifications.models import Notification

log = logging.getLogger(__name__)


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

    def row(channel, **fields):
        return Notification(
            recipient=recipient,
            channel=channel,
            subject=subject,
            link_url=link_path,
            dedupe_key=f"{dedupe_key}:{recipient.pk}:{channel}" if dedupe_key else None,
            send_after=now,
            **fields,
        )

    return [
        row(
            Notification.Channel.EMAIL,
            body_text=email_text,
            body_html=email_html,
            status=Notification.Status.PENDING,
        ),
        # An in-app message is delivered by being written.
        row(
            Notification.Channel.IN_APP,
            body_text=text,
            status=Notification.Status.SENT,
            sent_at=now,
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
