"""The pages that refuse a request and say what to do next, in a real browser with axe: too
many downloads, signing in to an account paused, and a form whose CSRF check failed."""

import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.core import ratelimit
from tests.e2e.conftest import assert_accessible
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
ADMIN = "admin@example.nhs.uk"


def test_a_download_past_the_limit_shows_the_too_many_requests_page(page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (1, 60 * 60)}
    seed_demo()
    sign_in_browser(page, ADMIN, second_factor=True)
    expect(page.locator("h1")).to_have_text("Reports")
    # The admin has had their one download this hour (made elsewhere: the file is not the point).
    ratelimit.record("export", f"user:{User.objects.get(email=ADMIN).pk}")

    page.get_by_role("button", name="Summary (CSV)").click()
    expect(page.locator("h1")).to_have_text("Too many requests")
    expect(page.locator("main")).to_contain_text("You have asked for 1 download in the last hour.")
    expect(page.locator("main")).to_contain_text("Try again after")
    assert_accessible(page)


def test_an_account_paused_after_failures_from_anywhere_says_until_when(page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_failures": (1, 60 * 60)}
    seed_demo()
    sign_in_browser(page, "trainee@example.nhs.uk", "not-the-password")
    expect(page.locator("main")).to_contain_text("Enter a correct email address and password")
    sign_in_browser(page, "trainee@example.nhs.uk")
    expect(page.locator("h1")).to_have_text("Signing in to this account is paused")
    expect(page.locator("main")).to_contain_text("Try again after")
    assert_accessible(page)


def test_a_form_sent_without_its_csrf_cookie_explains_what_to_do(page):
    seed_demo()
    page.goto("/accounts/sign-in/")
    page.context.clear_cookies()
    page.get_by_label("Email address").fill("trainee@example.nhs.uk")
    page.get_by_label("Password", exact=True).fill("anything at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your form could not be sent")
    assert_accessible(page)
