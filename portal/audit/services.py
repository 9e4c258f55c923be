"""Writing audit rows. Every row says who (a person, a named job, or an unauthenticated
visitor), did what, to which record, when (UTC) and from where, and holds no sensitive values:
`detail` is for identifiers, counts and codes, and keys that could carry free text or secrets
are dropped before the row is written."""

import re

from django.db import models

from portal.audit import context
from portal.audit.models import AuditEvent

# A detail key containing any of these is never stored: passwords and codes, health details,
# and free text (reasons, comments, notes), which may hold anything a person typed.
SENSITIVE_KEY_PARTS = (
    "password",
    "token",
    "secret",
    "otp",
    "health",
    "sickness",
    "diagnos",
    "note",
    "comment",
    "text",
    "body",
    "explanation",
    "information",
)
MAX_VALUE_LENGTH = 200
# Control characters (newlines included) would let typed input forge lines in a log export.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(value: str, limit: int = MAX_VALUE_LENGTH) -> str:
    return _CONTROL.sub("?", str(value))[:limit]


def _is_sensitive(key: str) -> bool:
    lowered = key.lower()
    return any(part in lowered for part in SENSITIVE_KEY_PARTS)


def scrub(value):
    """A copy of `value` safe to store: sensitive keys dropped, strings shortened and stripped
    of control characters, at any depth."""
    if isinstance(value, dict):
        return {clean_text(k, 64): scrub(v) for k, v in value.items() if not _is_sensitive(str(k))}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value][:50]
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean_text(value)


def source_address(request) -> str | None:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR (for
    gunicorn: --forwarded-allow-ips and a proxy that overwrites X-Forwarded-For)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    system: str | None = None,
    obj: models.Model | None = None,
    request=None,
    detail: dict | None = None,
    actor_label: str | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Write one audit row. Needs a person (`actor`), a named system job (`system`), or for
    events before anyone has signed in, an `actor_label` such as "anonymous": nothing is
    recorded as nobody.

    The source address comes from `request`, or from the request being served when none is
    passed (see `portal.audit.context`); jobs have none.
    """
    person = actor if actor is not None and actor.is_authenticated else None
    if person is not None:
        label = person.email
    elif system:
        label = f"system:{system}"
    elif actor_label:
        label = actor_label
    else:
        raise ValueError("An audit event needs an actor, a system job name or an actor label.")
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    return AuditEvent.objects.create(
        action=clean_text(action, 64),
        actor=person,
        actor_label=clean_text(label, 254),
        object_type=clean_text(object_type, 64),
        object_id=clean_text(object_id, 64),
        source_ip=source_address(request or context.current_request()),
        detail=scrub(detail or {}),
    )
