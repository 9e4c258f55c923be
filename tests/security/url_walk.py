"""Every URL pattern of the project, walked from the resolver, and a concrete URL for each one
built from the security world (tests/security/world.py)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

ADMIN_PREFIX = "django-admin/"


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole route, "applications/ltft/<uuid:pk>/"
    name: str  # "namespace:name", or the route when the pattern has no name
    converters: tuple[str, ...]  # the names of the route's arguments

    @property
    def is_admin(self) -> bool:
        return self.route.startswith(ADMIN_PREFIX)


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URLPattern under the root resolver, however deeply included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(
                route=route,
                name=name or route,
                converters=tuple(_arguments(entry, prefix)),
            )


def _arguments(entry: URLPattern, prefix: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", prefix + str(entry.pattern))


def all_patterns() -> list[Pattern]:
    return list(walk())


def portal_patterns() -> list[Pattern]:
    return [p for p in all_patterns() if not p.is_admin]


def admin_patterns() -> list[Pattern]:
    return [p for p in all_patterns() if p.is_admin]


def kwargs_for(name: str, world) -> dict:
    """The arguments that make `name` name one of the world's objects. Patterns whose every
    object belongs to the owner trainee (see world.py)."""
    w = world
    by_name = {
        "trainees:profile": {"pk": w.owner_trainee.pk},
        "accounts:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(w.owner.pk)),
            "token": "not-a-valid-token",
        },
        "supervisors:meeting_schedule": {"pk": w.meeting_scheduled.pk},
        "supervisors:meeting_cancel": {"pk": w.meeting_scheduled.pk},
        "supervisors:meeting_log": {"pk": w.meeting_logged.pk},
        "supervisors:action_add": {"pk": w.meeting_logged.pk},
        "supervisors:action_remove": {"pk": w.meeting_logged.pk, "action_id": w.action.pk},
        "supervisors:meeting_sign_off": {"pk": w.meeting_logged.pk},
        "requests_ltft:ltft_step": {"pk": w.ltft.pk, "step": "change"},
        "requests_ltft:ltft_action": {"pk": w.ltft.pk, "action": "withdraw"},
        "requests_ltft:ltft_evidence_download": {
            "pk": w.ltft.pk,
            "evidence_pk": w.ltft_evidence.pk,
        },
        "requests_ltft:ltft_evidence_delete": {
            "pk": w.ltft.pk,
            "evidence_pk": w.ltft_evidence.pk,
        },
        "requests_ltft:oopp_step": {"pk": w.oopp.pk, "step": "dates"},
        "requests_ltft:oopp_action": {"pk": w.oopp.pk, "action": "tpd_support"},
        "requests_ltft:oopp_evidence_download": {
            "pk": w.oopp.pk,
            "evidence_pk": w.oopp_evidence.pk,
        },
        "requests_ltft:oopp_evidence_delete": {
            "pk": w.oopp.pk,
            "evidence_pk": w.oopp_evidence.pk,
        },
        "returners:meeting_detail": {"pk": w.meeting_signed.pk},
        "returners:meeting_ics": {"pk": w.meeting_scheduled.pk},
        "returners:meeting_acknowledge": {"pk": w.meeting_signed.pk},
        "returners:meeting_addendum_add": {"pk": w.meeting_signed.pk},
        "returners:survey_step": {"pk": w.absence.pk, "step": "confidence"},
        "office:settings": {"code": "HENW"},
        "office:section": {"code": "HENW", "section": "supportt"},
        "returners:kit_day_change": {"pk": w.absence.pk, "day_id": w.extra["kit_day"].pk},
        "returners:kit_day_remove": {"pk": w.absence.pk, "day_id": w.extra["kit_day"].pk},
        "reports:export_status": {"pk": w.export.pk},
        "reports:export_download": {"pk": w.export.pk},
        "notifications:mark_read": {"public_id": w.notification.public_id},
        "accounts:invitation_accept": {"token": "not-a-valid-token"},
        "people:invitation_send": {"user_id": w.extra["invitee"].pk},
        "people:invitation_revoke": {"user_id": w.extra["invitee"].pk},
    }
    if name in by_name:
        return by_name[name]
    if name.startswith("requests_ltft:ltft_") or name == "requests_ltft:ltft_visa_override":
        return {"pk": w.ltft.pk}
    if name.startswith("requests_ltft:oopp_"):
        return {"pk": w.oopp.pk}
    if name in ("trainees:import_end_missing", "trainees:import_invite"):
        return {"pk": w.extra["finished_import_run"].pk}
    if name.startswith("trainees:import_"):
        return {"pk": w.extra["import_run"].pk}
    if name.startswith("returners:"):
        return {"pk": w.absence.pk}
    raise KeyError(f"No object arguments known for {name}: add it to tests/security/url_walk.py")


def url_for(pattern: Pattern, world) -> str:
    from django.urls import reverse

    if pattern.name == pattern.route:  # unnamed: a fixed path
        assert not pattern.converters, f"unnamed pattern with arguments: {pattern.route}"
        return "/" + pattern.route
    kwargs = kwargs_for(pattern.name, world) if pattern.converters else {}
    return reverse(pattern.name, kwargs=kwargs)
