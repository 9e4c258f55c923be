"""Long text in a real browser: the NHS.UK character count counts as people type, and text over
the limit is kept and refused with a message rather than cut (issue 15, item 17)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD
from tests.requests_ltft.factories import LtftApplicationFactory
from tests.signing_in import sign_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_the_count_shows_and_updates_and_too_long_text_is_refused(page):
    application = LtftApplicationFactory(supporting_information="")
    sign_in_browser(page, application.trainee.user.email, PASSWORD)
    page.goto(reverse("requests_ltft:ltft_step", args=[application.pk, "reasons"]))

    field = page.get_by_label("Supporting information")
    status = page.locator(".nhsuk-character-count__status")
    expect(status).to_have_text("You have 5,000 characters remaining")
    assert_accessible(page)

    field.fill("I care for my father three days a week.")
    expect(status).to_have_text("You have 4,961 characters remaining")

    # Pasted text over the limit stays whole: nothing cuts it at 5,000.
    field.fill("a" * 5003)
    expect(status).to_have_text("You have 3 characters too many")
    assert len(field.input_value()) == 5003
    assert_accessible(page)

    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Supporting information must be 5,000 characters or fewer"
    )
    assert len(page.get_by_label("Supporting information").input_value()) == 5003
    expect(page.locator(".nhsuk-character-count__status")).to_have_text(
        "You have 3 characters too many"
    )
    assert_accessible(page)
