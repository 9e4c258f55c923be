"""The request being served, for code that has no `request` argument (services, scope checks).

`portal.audit.middleware.AuditContextMiddleware` sets it for the length of one request. Two
things read it:

- `audit_record` takes the source address from it when its caller passed no request, so every
  row written during a request says where it came from;
- `write_after_response` keeps an audit row until the response exists, for events whose own
  transaction may be rolled back (a refused workflow move);
- `note_refusal` lets a scope check say "this exists, but not for you" at the moment it
  refuses. The middleware writes those notes to the audit log after the response is made,
  outside the view's transaction (ATOMIC_REQUESTS rolls that back when the view raises Http404
  or PermissionDenied, taking any row written inside it along).
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

_current: ContextVar["RequestAudit | None"] = ContextVar("portal_audit_request", default=None)


@dataclass
class Refusal:
    why: str
    object_type: str = ""
    object_id: str = ""


@dataclass
class RequestAudit:
    request: object
    refusals: list[Refusal] = field(default_factory=list)
    # Rows to write once the response exists, whatever happens to the view's transaction.
    after_response: list[dict] = field(default_factory=list)


def current() -> RequestAudit | None:
    return _current.get()


def current_request():
    state = _current.get()
    return state.request if state is not None else None


def begin(request):
    return _current.set(RequestAudit(request=request))


def end(token) -> None:
    _current.reset(token)


def note_refusal(*, why: str, obj=None, object_type: str = "", object_id: str = "") -> None:
    """Remember that this request was refused something, and why ("out_of_scope", "role", ...).
    Outside a request (a job, a shell) there is nobody to refuse, so it does nothing."""
    state = _current.get()
    if state is None:
        return
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    state.refusals.append(Refusal(why=why, object_type=object_type, object_id=object_id))


def write_after_response(**audit_kwargs) -> bool:
    """Keep an `audit_record` call for the middleware to make after the response. False outside
    a request, where the caller writes the row itself."""
    state = _current.get()
    if state is None:
        return False
    state.after_response.append(audit_kwargs)
    return True
