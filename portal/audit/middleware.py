"""Makes the request available to the audit log, and logs refused access (ASVS 16.3.2).

Install after ``django_otp.middleware.OTPMiddleware`` (it needs ``request.user``)::

    "portal.audit.middleware.AuditContextMiddleware",

A view that refuses someone raises Http404 (out of scope, or not for their role: the portal
never says which) or PermissionDenied (a read-only role trying to write). Either is written to
the audit log as ``access.refused`` once the response exists, outside the view's transaction:
with ATOMIC_REQUESTS the view's own writes are rolled back when it raises, and a row written
there would vanish with them. When the scope check knows the record exists for someone else
(`portal.accounts.scopes.get_in_scope_or_404`), the row names it, so probing for other people's
records shows up in the log as exactly that.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404

from portal.audit import context
from portal.audit.services import audit_record

log = logging.getLogger(__name__)

REFUSED = "access.refused"


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.begin(request)
        try:
            response = self.get_response(request)
            state = context.current()
        finally:
            context.end(token)
        if state.refusals and response.status_code in (403, 404):
            self._write(request, response, state.refusals)
        for audit_kwargs in state.after_response:
            self._record(**audit_kwargs)
        return response

    def process_exception(self, request, exception):
        state = context.current()
        if state is None:
            return None
        if isinstance(exception, PermissionDenied):
            state.refusals.append(context.Refusal(why="not_allowed_for_role"))
        elif isinstance(exception, Http404) and not state.refusals:
            state.refusals.append(context.Refusal(why="not_found_or_not_for_role"))
        return None

    def _write(self, request, response, refusals):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        match = getattr(request, "resolver_match", None)
        for refusal in refusals:
            self._record(
                action=REFUSED,
                actor=user if signed_in else None,
                actor_label=None if signed_in else "anonymous",
                request=request,
                object_type=refusal.object_type,
                object_id=refusal.object_id,
                detail={
                    "why": refusal.why,
                    "status": response.status_code,
                    "method": request.method,
                    # The path only: query strings are not logged (they may carry input).
                    "path": request.path,
                    "view": match.view_name if match else "",
                },
            )

    @staticmethod
    def _record(**audit_kwargs):
        try:
            audit_record(**audit_kwargs)
        except DatabaseError:
            # The refusal stands whatever happens here; the log line keeps a trace of it.
            log.exception("Could not write an audit row after the response")
