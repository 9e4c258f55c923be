"""The per-account ceiling on failed sign-ins (ASVS 5.0 6.3.1; 4.0.3 2.2.1: at most 100 an
hour), on top of django-axes' lock of one email address from one source address.

Axes cannot hold both: its lockout parameters share one failure limit and one cool-off, so
adding "username" alone would lock an account after 5 failures from anywhere, which lets
anyone lock anyone out. This ceiling is counted per email address typed (whether or not an
account has it, so the page says nothing about which accounts exist) over any rolling hour,
in the cache (`portal.core.ratelimit`, limit "sign_in_failures").
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from portal.core import ratelimit

LIMIT = "sign_in_failures"


def _who(username) -> str:
    return f"email:{(username or '').strip().lower()}"


def sign_in_wait(username) -> int:
    """0 if this email address may try to sign in now; otherwise the seconds to wait."""
    if not username:
        return 0
    return ratelimit.wait_seconds(LIMIT, _who(username))


@receiver(user_login_failed, dispatch_uid="portal_accounts_count_failed_sign_in")
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email")
    if username:
        ratelimit.record(LIMIT, _who(username))


def sign_in_paused_page(request, wait: int):
    return ratelimit.too_many_requests(request, wait, template="errors/sign_in_paused.html")
