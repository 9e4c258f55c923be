"""Issue 15 items 2 and 3 as they were found, in a real browser, axe-checked: short-notice
answers left behind after the start date moves to full notice, and an approved change of
hours that the home page and an OOPP's provisional date ignored."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.core.dates import add_months
from requests_ltft.eligibility import oopp as oopp_rules
from requests_ltft.models import LtftApplication
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_ltft_journey import continue_, fill_date, open_page  # noqa: F401 - fixture
from trainees.demo import seed_demo
from trainees.models import ProgrammeMembership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def settle(page):
    # Leave the last box so its change event fires, and let the preview request finish.
    page.keyboard.press("Tab")
    page.wait_for_load_state("networkidle")


def start_on(page, day, *, then):
    """Give the change's start date and continue to the page headed `then`."""
    fill_date(page, "Start date", day)
    settle(page)
    continue_(page)
    expect(page.locator("h1")).to_contain_text(then)


def test_stale_short_notice_answers_and_the_approved_change(open_page):  # noqa: F811
    seed_demo()
    today = timezone.localdate()
    trainee = open_page("trainee@example.nhs.uk")
    trainee.get_by_role("button", name="Apply to train less than full time").click()
    trainee.get_by_role("button", name="Start application").click()

    # Full time already: 100% is not offered (item 12). A start after the completion date is
    # refused, and the live panel says why (item 8).
    expect(trainee.locator("h1")).to_have_text("Your proposed change")
    expect(trainee.get_by_label("100% (full time)")).to_have_count(0)
    trainee.get_by_label("80%").check()
    cct = ProgrammeMembership.objects.get(trainee__user__email="trainee@example.nhs.uk").cct_date
    fill_date(trainee, "Start date", cct + timedelta(days=30))
    settle(trainee)
    expect(trainee.locator("#cct-preview")).to_contain_text("before your completion date")
    assert_accessible(trainee)

    # Short notice first: the notice page is answered.
    start_on(trainee, today + timedelta(weeks=4), then="less than the notice period")
    trainee.get_by_label("A personal safety issue").check()
    trainee.get_by_label("Explain why you need less notice").fill("I have to move house.")
    continue_(trainee)

    # Then the start date moves to full notice: the short-notice answers go (item 2).
    application = LtftApplication.objects.get()
    trainee.goto(f"/applications/ltft/{application.pk}/edit/change/")
    start = today + timedelta(weeks=20)
    start_on(trainee, start, then="Your reasons for applying")
    trainee.get_by_label("Welfare and wellbeing").check()
    trainee.get_by_label("Supporting information").fill("Time for my family.")
    continue_(trainee)
    trainee.get_by_label("Name of the training programme director").fill("Dr Helen Price")
    trainee.get_by_label("Their email address", exact=True).fill("tpd@example.nhs.uk")
    continue_(trainee)
    trainee.get_by_label("No").check()
    continue_(trainee)
    continue_(trainee)  # no evidence needed for wellbeing
    expect(trainee.locator("h1")).to_have_text("Check your answers before submitting")
    answers = trainee.locator(".nhsuk-summary-list")
    expect(answers).not_to_contain_text("Exceptional reason")
    expect(answers).not_to_contain_text("I have to move house.")
    expect(trainee.get_by_role("link", name=re.compile("Change current hours"))).to_have_count(0)
    assert_accessible(trainee)
    for box in trainee.get_by_role("checkbox").all():
        box.check()
    trainee.get_by_role("button", name="Submit application").click()
    expect(trainee.locator("h1")).to_have_text("Application submitted")

    # The TPD and the deanery never see the stale answers; the deanery approves.
    tpd = open_page("tpd@example.nhs.uk", needs_code=True)
    tpd.goto(f"/applications/ltft/{application.pk}/")
    expect(tpd.locator("main")).not_to_contain_text("I have to move house.")
    tpd.get_by_role("button", name="Support application").click()
    expect(tpd.locator("h1")).to_contain_text("Supported by TPD")
    deanery = open_page("deanery@example.nhs.uk", needs_code=True)
    deanery.goto(f"/applications/ltft/{application.pk}/")
    expect(deanery.locator("main")).not_to_contain_text("Why the notice is short")
    deanery.get_by_role("button", name="Approve application").click()
    expect(deanery.locator("h1")).to_contain_text("Approved")

    # A decided application's reject form says so and links back (item 15).
    deanery.goto(f"/applications/ltft/{application.pk}/do/reject/")
    expect(deanery.locator("main")).to_contain_text("This cannot be done now")
    assert_accessible(deanery)

    # The trainee's home shows the approved change (item 3).
    application.refresh_from_db()
    completion = application.provisional_cct_date
    trainee.goto("/")
    expect(trainee.locator("main")).to_contain_text(
        f"Approved: 80% from {start:%-d %B %Y}, provisional completion {completion:%-d %B %Y}"
    )
    assert_accessible(trainee)

    # An OOPP after the change builds on the completion date after it (item 3).
    pause = add_months(start, 2)
    back = add_months(pause, 6)
    trainee.get_by_role("link", name=re.compile("Apply for an Out of Programme Pause")).click()
    trainee.get_by_role("button", name="Apply for an Out of Programme Pause", exact=True).click()
    trainee.get_by_label("Yes").check()
    trainee.get_by_role("button", name="Start application").click()
    expect(trainee.locator("h1")).to_have_text("When your pause starts and ends")
    fill_date(trainee, "Start date", pause)
    fill_date(trainee, "End date", back - timedelta(days=1))
    fill_date(trainee, "Return to training", back)
    settle(trainee)
    expected = oopp_rules.provisional_cct(cct_date=completion, start=pause, return_date=back)
    expect(trainee.locator("#cct-preview")).to_contain_text(f"{expected:%-d %B %Y}")
    expect(trainee.locator("#cct-preview")).to_contain_text(f"{completion:%-d %B %Y}")
    assert_accessible(trainee)
