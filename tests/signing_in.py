"""Signing in, for tests: `sign_in` for the test client, `sign_in_browser` for Playwright, and
`submit_sign_in_form` for the tests of the sign-in form itself. Each says whether the second
factor was passed, so a test of who is asked for one cannot be passed by the helper instead.
"""

import time

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from portal.accounts.middleware import LOGIN_AT_KEY, TOUCHED_AT_KEY
from tests.factories import PASSWORD
from trainees.demo import DEMO_PASSWORD


def sign_in(client, user, *, second_factor: bool = True) -> None:
    """Sign `user` in on the test client, with the session the sign-in pages leave.

    `second_factor=True`: as after the security-code page (the user gets a confirmed device if
    they have none). `second_factor=False`: as straight after the password, so a role that
    needs a second factor is sent to the security-code page."""
    client.force_login(user)
    session = client.session
    if second_factor:
        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test"})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT_KEY] = session[TOUCHED_AT_KEY] = time.time()
    session.save()


def submit_sign_in_form(client, user, password=PASSWORD):
    """Post the real sign-in form, email and password only; the response is returned."""
    return client.post(reverse("accounts:login"), {"username": user.email, "password": password})


def security_code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the person's authenticator app shows now (`drift` steps of 30 seconds later)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def current_code(email: str) -> str:
    return security_code(TOTPDevice.objects.get(user__email=email, confirmed=True))


def sign_in_browser(page, email: str, password: str = DEMO_PASSWORD, *, second_factor=False):
    """Sign in through the real form in the browser (the demo accounts' password unless
    another is given). With `second_factor=True`, expect the security-code page next and type
    the code from the person's device; with False, stop wherever the password leads."""
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if second_factor:
        expect(page.locator("h1")).to_have_text("Enter your security code")
        page.get_by_label("Security code").fill(current_code(email))
        page.get_by_role("button", name="Continue").click()
        expect(page.locator("h1")).not_to_have_text("Enter your security code")
