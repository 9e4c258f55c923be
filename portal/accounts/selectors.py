"""Reads from accounts: second-factor devices."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import User


def has_second_factor(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
