"""The whole LTFT journey in a real browser, axe-checked on every page and error state."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.notifications.models import Notification
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication
from tests.e2e.conftest import assert_accessible
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def open_page(chromium, live_server):
    contexts = []

    def open_as(email, needs_code=False):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        sign_in_browser(page, email, second_factor=needs_code)
        return page

    yield open_as
    for context in contexts:
        context.close()


def fill_date(page, legend, day):
    group = page.get_by_role("group", name=re.compile(legend))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def continue_(page):
    page.get_by_role("button", name="Continue", exact=True).click()


def test_apply_return_resubmit_support_approve(open_page):
    seed_demo()
    trainee = open_page("trainee@example.nhs.uk")
    trainee.get_by_role("button", name="Apply to train less than full time").click()
    assert_accessible(trainee)
    trainee.get_by_role("button", name="Start application").click()

    # The change page, its error state, and the live provisional CCT date.
    expect(trainee.locator("h1")).to_have_text("Your proposed change")
    assert_accessible(trainee)
    continue_(trainee)
    assert trainee.title().startswith("Error: ")
    assert_accessible(trainee)
    trainee.get_by_label("80%").check()
    fill_date(trainee, "Start date", timezone.localdate() + timedelta(weeks=4))
    expect(trainee.locator("#cct-preview")).to_contain_text("Provisional – confirmed at ARCP")
    continue_(trainee)

    # Short notice needs an exceptional reason.
    expect(trainee.locator("h1")).to_contain_text("less than the notice period")
    continue_(trainee)
    expect(trainee.locator(".nhsuk-error-summary")).to_contain_text("Select the exceptional")
    assert_accessible(trainee)
    trainee.get_by_label("A personal safety issue").check()
    trainee.get_by_label("Explain why you need less notice").fill("I have to move house.")
    continue_(trainee)

    # Whether the TPD may see this reason is asked only once such a reason is ticked, and is
    # no unless the trainee says yes.
    share = trainee.get_by_role("group", name="Can your training programme director see this")
    trainee.get_by_label("Caring responsibilities").check()
    expect(share).to_be_hidden()
    trainee.get_by_label("Caring responsibilities").uncheck()
    trainee.get_by_label("Disability or illness").check()
    expect(share).to_be_visible()
    trainee.get_by_label("Supporting information").fill("My health needs shorter days.")
    expect(share.get_by_label("No")).to_be_checked()
    assert_accessible(trainee)
    continue_(trainee)
    trainee.get_by_label("Name of the training programme director").fill("Dr Helen Price")
    trainee.get_by_label("Their email address", exact=True).fill("tpd@example.nhs.uk")
    assert_accessible(trainee)
    continue_(trainee)
    trainee.get_by_label("No").check()
    assert_accessible(trainee)
    continue_(trainee)

    # Evidence, checked by content.
    trainee.locator("input[type=file]").set_input_files(
        files=[{"name": "gp-letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    trainee.get_by_role("button", name="Upload file").click()
    expect(trainee.locator(".nhsuk-summary-list")).to_contain_text("gp-letter.pdf")
    assert_accessible(trainee)
    continue_(trainee)

    # Check your answers: declarations are required.
    expect(trainee.locator("h1")).to_have_text("Check your answers before submitting")
    trainee.get_by_role("button", name="Submit application").click()
    assert trainee.title().startswith("Error: ")
    assert_accessible(trainee)
    for box in trainee.get_by_role("checkbox").all():
        box.check()
    trainee.get_by_role("button", name="Submit application").click()
    expect(trainee.locator("h1")).to_have_text("Application submitted")
    assert_accessible(trainee)
    application = LtftApplication.objects.get()
    assert application.status == Status.SUBMITTED and application.short_notice

    # The TPD returns it for changes, with a reason.
    tpd = open_page("tpd@example.nhs.uk", needs_code=True)
    expect(tpd.locator("h1")).to_have_text("Programme queue")
    assert_accessible(tpd)
    tpd.get_by_role("link", name="Priya Shah").click()
    assert_accessible(tpd)
    expect(tpd.get_by_text("seen only by the trainee and the deanery")).to_be_visible()
    answers = tpd.locator(".nhsuk-summary-list").first
    expect(answers).to_contain_text("A reason the trainee shared with the deanery only")
    expect(answers).not_to_contain_text("Disability or illness")
    tpd.get_by_role("button", name="Return for changes").click()
    tpd.get_by_role("button", name="Return for changes").click()
    assert tpd.title().startswith("Error: ")
    assert_accessible(tpd)
    tpd.get_by_label("What needs to change?").fill("Please consider 60% instead.")
    tpd.get_by_role("button", name="Return for changes").click()
    expect(tpd.locator("h1")).to_contain_text("Returned for changes")

    # The trainee changes the percentage and resubmits.
    trainee.goto(f"/applications/ltft/{application.pk}/")
    expect(trainee.locator(".portal-timeline")).to_contain_text("Please consider 60% instead.")
    assert_accessible(trainee)
    trainee.get_by_role("button", name="Continue your application").click()
    trainee.get_by_label("60%").check()
    continue_(trainee)
    trainee.goto(f"/applications/ltft/{application.pk}/check/")
    for box in trainee.get_by_role("checkbox").all():
        box.check()
    trainee.get_by_role("button", name="Submit application").click()
    expect(trainee.locator("h1")).to_have_text("Application submitted")

    # The TPD sees what changed and supports.
    tpd.goto(f"/applications/ltft/{application.pk}/")
    changes = tpd.locator("table", has_text="What changed").or_(
        tpd.get_by_role("table", name=re.compile("changed"))
    )
    expect(
        tpd.get_by_role("heading", name="What changed since the last submission")
    ).to_be_visible()
    expect(changes.first).to_contain_text("80%")
    expect(changes.first).to_contain_text("60%")
    assert_accessible(tpd)
    tpd.get_by_role("button", name="Support application").click()
    expect(tpd.locator("h1")).to_contain_text("Supported by TPD")

    # The deanery approves from its queue.
    deanery = open_page("deanery@example.nhs.uk", needs_code=True)
    expect(deanery.locator("h1")).to_have_text("Deanery queue")
    expect(deanery.get_by_text("Short notice").first).to_be_visible()
    # A short status stays on one line in the queue's narrow column, at a laptop's width.
    deanery.set_viewport_size({"width": 1024, "height": 768})
    status = deanery.locator("td .nhsuk-tag", has_text="Supported by TPD").first
    flag = deanery.locator("td .nhsuk-tag", has_text="Short notice").first
    assert status.bounding_box()["height"] <= flag.bounding_box()["height"] + 1
    assert_accessible(deanery)
    deanery.get_by_role("link", name="Priya Shah").click()
    expect(deanery.get_by_role("link", name="gp-letter.pdf")).to_be_visible()
    expect(deanery.locator(".nhsuk-summary-list").first).to_contain_text("Disability or illness")
    expect(
        deanery.get_by_role("heading", name="What changed since the last submission")
    ).to_be_visible()
    assert_accessible(deanery)
    deanery.get_by_role("button", name="Approve application").click()
    expect(deanery.locator("h1")).to_contain_text("Approved")
    assert_accessible(deanery)

    timeline = deanery.locator(".portal-timeline")
    for step in ["Submitted", "Returned for changes", "Supported by TPD", "Approved"]:
        expect(timeline).to_contain_text(step)
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.revision == 2
    subjects = set(Notification.objects.filter(channel="EMAIL").values_list("subject", flat=True))
    assert {
        "We have received your LTFT application",
        "Your LTFT application needs changes",
        "An LTFT application is ready for a decision",
        "Your LTFT application has been approved",
    } <= subjects
