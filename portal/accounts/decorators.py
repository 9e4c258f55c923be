from functools import wraps

from django.http import Http404

from portal.accounts.scopes import role_kinds


def role_required(*kinds):
    """A page that belongs to a role answers 404 to anyone without it, like any other
    out-of-scope object."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not role_kinds(request.user) & set(kinds):
                raise Http404("Not available for this role")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
