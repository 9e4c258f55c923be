"""The page for a form Django refused because its CSRF check failed (`CSRF_FAILURE_VIEW`),
audited: a burst of these can be someone trying to make signed-in people's browsers post for
them (ASVS 16.3.3)."""

from django.shortcuts import render

from portal.audit.services import audit_record


def csrf_failure(request, reason=""):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    audit_record(
        action="security.csrf_failed",
        actor=user if signed_in else None,
        actor_label=None if signed_in else "anonymous",
        request=request,
        # Django's reason is a fixed sentence ("CSRF cookie not set.", "Origin checking
        # failed - ... does not match any trusted origins."); the path only, no query string.
        detail={"why": reason, "method": request.method, "path": request.path},
    )
    return render(request, "errors/csrf_failure.html", status=403)
