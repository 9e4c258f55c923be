"""The notifications page in Chromium, checked by axe, read and unread, with keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from portal.notifications.audiences import Audience
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.signing_in import sign_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.notifications.urls"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_the_notifications_page_is_accessible_empty_and_full(page):
    user = UserFactory(first_name="Alice")
    sign_in_browser(page, user.email, PASSWORD)
    page.goto("/notifications/")
    expect(page.locator("h1")).to_have_text("Notifications")
    assert_accessible(page)

    for n in range(3):
        notify(
            notice="test_message",
            to={Audience.USER: [user]},
            context={
                "title": f"Application {n} is waiting for you",
                "message": "Please support it or return it for changes.",
            },
            link_path="/applications/",
        )
    page.goto("/notifications/")
    expect(page.get_by_text("You have 3 unread notifications.")).to_be_visible()
    assert_accessible(page)

    # The visually hidden subject makes each button's name unique for screen reader users.
    mark_one = re.compile(r"^Mark as read\s*: Application 1 is waiting for you$")
    page.get_by_role("button", name=mark_one).click()
    expect(page.get_by_text("You have 2 unread notifications.")).to_be_visible()
    assert_accessible(page)

    # Keyboard only: Tab to "Mark all as read" and press Enter.
    button = page.get_by_role("button", name="Mark all as read")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have read all your notifications.")).to_be_visible()
    assert_accessible(page)
    assert not Notification.objects.filter(
        recipient=user, channel="IN_APP", read_at__isnull=True
    ).exists()

    # A second page, reached through the pagination links.
    for n in range(20):
        notify(
            notice="test_message", to={Audience.USER: [user]}, context={"title": f"Reminder {n}"}
        )
    page.goto("/notifications/")
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.get_by_text("Application 0 is waiting for you")).to_be_visible()
    assert_accessible(page)
