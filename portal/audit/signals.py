"""Events other code announces, in the audit log: authentication (ASVS 16.3.1: sign-ins,
sign-outs, failed sign-ins and lockouts) and moves the workflow engine refused (16.3.3). For a
failed sign-in the attempted email address is kept, so an attack on one account can be found;
the password never reaches here (Django masks it before sending the signal)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portal.audit import context
from portal.audit.services import audit_record, clean_text
from portal.workflow.signals import transition_refused

ANONYMOUS = "anonymous"


def _account(username: str):
    """The account an attempt was aimed at, if there is one (never shown to the visitor)."""
    if not username:
        return None
    return get_user_model()._default_manager.filter(email__iexact=username).first()


def _username(value) -> str:
    return clean_text((value or "").strip().lower(), 254)


@receiver(user_logged_in, dispatch_uid="portal_audit_logged_in")
def record_login(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="portal_audit_logged_out")
def record_logout(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        audit_record(action="auth.logout", actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="portal_audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    username = _username(credentials.get("username") or credentials.get("email"))
    audit_record(
        action="auth.login_failed",
        actor_label=ANONYMOUS,
        obj=_account(username),
        request=request,
        detail={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="portal_audit_locked_out")
def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    username = _username(username)
    audit_record(
        action="auth.lockout",
        actor_label=ANONYMOUS,
        obj=_account(username),
        request=request,
        detail={"username": username, "ip_address": ip_address},
    )


@receiver(transition_refused, dispatch_uid="portal_audit_transition_refused")
def record_transition_refused(sender, instance, name, actor=None, system="", why="", **kwargs):
    """Written after the response when there is one: the view's transaction may be rolled back
    with the refusal, taking a row written now with it."""
    person = actor is not None and actor.is_authenticated
    row = {
        "action": "workflow.refused",
        "actor": actor if person else None,
        "system": None if person else (system or None),
        "actor_label": None if person or system else "system:unnamed",
        "obj": instance,
        "request": context.current_request(),
        "detail": {"transition": name, "status": instance.status, "why": why},
    }
    if not context.write_after_response(**row):
        audit_record(**row)
