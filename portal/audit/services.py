from django.db import models

from portal.audit.models import AuditEvent


def audit_record(
    *,
    action: str,
    actor=None,
    system: str | None = None,
    obj: models.Model | None = None,
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Write one audit row. Needs a person or a named system job: nothing is anonymous."""
    if actor is None and not system:
        raise ValueError("An audit event needs an actor or a system job name.")
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=f"system:{system}" if actor is None else actor.email,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        source_ip=request.META.get("REMOTE_ADDR") if request is not None else None,
        detail=detail or {},
    )
