import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from portal.accounts.scopes import requires_mfa

LOGIN_AT_KEY = "portal_login_at"
TOUCHED_AT_KEY = "portal_touched_at"
# Set at sign-in when the person has a second factor of their own choosing (a trainee who
# switched one on), so that they are asked for it without a query on every request.
SECOND_FACTOR_CHOSEN_KEY = "portal_second_factor_chosen"

# How often a busy session is written back to renew its idle limit. Writing it on every
# request cost each page a database write; renewing it at most once a minute ends an idle
# session between 29 and 30 minutes after the last request instead of at exactly 30.
SESSION_RENEW_SECONDS = 60

# Paths a signed-in person may reach before passing the second factor.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/health", "/.well-known/")


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after sign-in however active it is, and renews the idle limit
    (the session's age, SESSION_COOKIE_AGE) while it is in use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            started = session.get(LOGIN_AT_KEY)
            now = time.time()
            if started is None:
                session[LOGIN_AT_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - session.get(TOUCHED_AT_KEY, 0) >= SESSION_RENEW_SECONDS:
                session[TOUCHED_AT_KEY] = now  # a change, so the session is saved and renewed
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Supervisors and staff roles see no data until they have verified a second factor this
    session; nor does anyone who switched one on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not user.is_verified()
            and (request.session.get(SECOND_FACTOR_CHOSEN_KEY) or requires_mfa(user))
        ):
            return redirect(f"{reverse('accounts:mfa')}?next={request.path}")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in people carry personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response
