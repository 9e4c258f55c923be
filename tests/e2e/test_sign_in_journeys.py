"""Each demo role signs in through the real form and lands on its home page."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.signing_in import current_code, sign_in_browser
from trainees.demo import seed_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

ROLE_HOMES = [
    ("trainee@example.nhs.uk", "/trainee/", "My training", False),
    ("supervisor@example.nhs.uk", "/supervisor/", "My supervisees", True),
    ("tpd@example.nhs.uk", "/applications/tpd/", "Programme queue", True),
    ("deanery@example.nhs.uk", "/applications/deanery/", "Deanery queue", True),
    ("admin@example.nhs.uk", "/reports/", "Reports", True),
]


def code_from_setup_page(page, drift=0):
    """The code an authenticator app shows for the key on the set-up page, as a person who
    typed the key into their app would read it (`drift` steps of 30 seconds later)."""
    key = page.locator("p", has_text="Key:").locator("code").inner_text()
    return key, f"{totp(b32decode(key), drift=drift):06d}"


def enrol_second_factor(page) -> str:
    """On the set-up page: checked with axe, the key typed into an authenticator app, its
    code entered. Returns the key."""
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    assert_accessible(page)
    key, code = code_from_setup_page(page)
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    return key


@pytest.mark.parametrize(("email", "home", "heading", "needs_code"), ROLE_HOMES)
def test_each_demo_role_reaches_its_home_page(page, email, home, heading, needs_code):
    seed_demo()
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    sign_in_browser(page, email)
    if needs_code:
        expect(page.locator("h1")).to_have_text("Enter your security code")
        assert_accessible(page)
        page.get_by_label("Security code").fill(current_code(email))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(re.escape(home) + "$"))
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(page)


def test_the_sign_in_error_state_is_announced_and_accessible(page):
    seed_demo()
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your email address")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    sign_in_browser(page, "trainee@example.nhs.uk", "not-the-password")
    expect(summary).to_contain_text("Enter a correct email address and password")
    assert_accessible(page)


def test_a_locked_account_sees_the_lockout_page(page):
    seed_demo()
    for _ in range(5):
        sign_in_browser(page, "trainee@example.nhs.uk", "not-the-password")
    sign_in_browser(page, "trainee@example.nhs.uk")
    expect(page.locator("h1")).to_have_text("Sign-in locked for 15 minutes")
    assert_accessible(page)


def test_the_trainee_profile_and_the_not_found_page_are_accessible(page):
    seed_demo()
    sign_in_browser(page, "trainee@example.nhs.uk")
    page.get_by_role("link", name="View my profile").click()
    expect(page.locator("h1")).to_have_text("My profile")
    assert_accessible(page)
    page.goto("/trainee/00000000-0000-0000-0000-000000000000/")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert_accessible(page)


def test_a_supervisor_with_only_a_password_is_taken_through_enrolment(page):
    seed_demo()
    sign_in_browser(page, "supervisor2@example.nhs.uk")  # a second supervisor, with no device yet
    enrol_second_factor(page)
    expect(page).to_have_url(re.compile(r"/supervisor/$"))
    expect(page.locator("h1")).to_have_text("My supervisees")
    assert_accessible(page)


def test_a_trainee_switches_on_a_second_factor_and_is_asked_for_it_next_time(page):
    seed_demo()
    sign_in_browser(page, "trainee@example.nhs.uk")
    page.get_by_role("link", name="View my profile").click()
    page.get_by_role("button", name="Switch on two-factor authentication").click()
    key = enrol_second_factor(page)
    expect(page.locator("h1")).to_have_text("My profile")
    expect(page.get_by_text("Two-factor authentication is on.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in_browser(page, "trainee@example.nhs.uk")
    expect(page.locator("h1")).to_have_text("Enter your security code")
    # A code is accepted once: the next one the app shows.
    page.get_by_label("Security code").fill(f"{totp(b32decode(key), drift=1):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("My training")
