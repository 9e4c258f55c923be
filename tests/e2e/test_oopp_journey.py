"""The whole OOPP journey in a real browser, axe-checked on every page: apply with the post
confirmation, the supervisor's view, TPD support, deanery approval, the scheduled start (with a
return plan) and return, and the ARCP decision that brings the CCT date back."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.core.dates import add_months
from portal.notifications.models import Notification
from requests_ltft.choices import Status
from requests_ltft.models import OoppApplication
from requests_ltft.services.oopp import oopp_apply_due_transitions
from returners.models import ReturnPlan
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_ltft_journey import continue_, fill_date, open_page  # noqa: F401 - fixture
from trainees.demo import seed_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

ERROR_TITLE = re.compile(r"^Error: ")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def apply(trainee, start, end, back):
    expect(trainee.locator("h1")).to_have_text("My training")
    assert_accessible(trainee)
    trainee.get_by_role("link", name=re.compile("Apply for an Out of Programme Pause")).click()
    expect(trainee.locator("h1")).to_have_text("My Out of Programme Pause applications")
    assert_accessible(trainee)
    trainee.get_by_role("button", name="Apply for an Out of Programme Pause", exact=True).click()

    # The start page shows the eligibility result and asks about the post.
    expect(trainee.locator("h1")).to_have_text("Apply for an Out of Programme Pause")
    expect(trainee.get_by_text("Outcome 1 (satisfactory progress)")).to_be_visible()
    assert_accessible(trainee)
    trainee.get_by_role("button", name="Start application").click()
    expect(trainee).to_have_title(ERROR_TITLE)
    assert_accessible(trainee)
    trainee.get_by_label("Yes").check()
    trainee.get_by_role("button", name="Start application").click()

    # The dates, their error state, and the live provisional CCT date.
    expect(trainee.locator("h1")).to_have_text("When your pause starts and ends")
    assert_accessible(trainee)
    continue_(trainee)
    expect(trainee).to_have_title(ERROR_TITLE)
    assert_accessible(trainee)
    fill_date(trainee, "Start date", start)
    fill_date(trainee, "End date", end)
    fill_date(trainee, "Return to training", back)
    # Leave the last box so its change event fires now, and let the preview requests finish:
    # the test server shares one in-memory database connection between its threads.
    trainee.keyboard.press("Tab")
    trainee.wait_for_load_state("networkidle")
    expect(trainee.locator("#cct-preview")).to_contain_text("Provisional – confirmed at ARCP")
    continue_(trainee)

    expect(trainee.locator("h1")).to_have_text("The post you have secured")
    trainee.get_by_label("Post title").fill("Clinical fellow in paediatric emergency medicine")
    trainee.get_by_label("Employer").fill("Manchester University NHS Foundation Trust")
    trainee.get_by_label("Location").fill("Royal Manchester Children's Hospital")
    trainee.get_by_label("Name of your supervisor in the post").fill("Dr Amir Haddad")
    assert_accessible(trainee)
    continue_(trainee)

    trainee.get_by_label("Intended scope of practice").fill("Emergency department shifts.")
    trainee.get_by_label("Capabilities you expect to gain").fill("Leading resuscitation.")
    trainee.get_by_label("Your plan for returning to training").fill("Back to ST3 in August.")
    assert_accessible(trainee)
    continue_(trainee)
    trainee.get_by_label("Indemnity arrangements").fill("The trust's NHS indemnity.")
    assert_accessible(trainee)
    continue_(trainee)

    # The post confirmation, checked by content like any evidence.
    expect(trainee.locator("h1")).to_have_text("Upload your post confirmation")
    trainee.locator("input[type=file]").set_input_files(
        files=[{"name": "offer-letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    trainee.get_by_role("button", name="Upload file").click()
    expect(trainee.locator(".nhsuk-summary-list")).to_contain_text("offer-letter.pdf")
    assert_accessible(trainee)
    continue_(trainee)

    expect(trainee.locator("h1")).to_have_text("Check your answers before submitting")
    expect(trainee.locator(".nhsuk-inset-text")).to_contain_text("With the whole pause added")
    trainee.get_by_role("button", name="Submit application").click()
    expect(trainee).to_have_title(ERROR_TITLE)
    assert_accessible(trainee)
    for box in trainee.get_by_role("checkbox").all():
        box.check()
    trainee.get_by_role("button", name="Submit application").click()
    expect(trainee.locator("h1")).to_have_text("Application submitted")
    assert_accessible(trainee)


def test_apply_support_approve_start_return_and_recognise(open_page):  # noqa: F811
    seed_demo()
    from django.utils import timezone

    start = add_months(timezone.localdate(), 4)
    end = add_months(start, 6) - timedelta(days=1)
    back = end + timedelta(days=1)
    trainee = open_page("trainee@example.nhs.uk")
    apply(trainee, start, end, back)
    application = OoppApplication.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.evidence.get().original_name == "offer-letter.pdf"
    cct_before = application.cct_date_before

    # The educational supervisor gives their view from their list of supervisees' OOPPs.
    supervisor = open_page("supervisor@example.nhs.uk", needs_code=True)
    supervisor.goto("/applications/oopp/supervision/")
    assert_accessible(supervisor)
    supervisor.get_by_role("link", name="Priya Shah").click()
    expect(supervisor.locator("h1")).to_contain_text("OOPP application")
    assert_accessible(supervisor)
    supervisor.get_by_role("button", name="Give your view as supervisor").click()
    supervisor.get_by_role("button", name="Save your view").click()
    expect(supervisor).to_have_title(ERROR_TITLE)
    assert_accessible(supervisor)
    supervisor.get_by_label("Yes, I support it").check()
    supervisor.get_by_label("Comment").fill("A well-planned pause; Priya is ready for it.")
    supervisor.get_by_role("button", name="Save your view").click()
    expect(supervisor.get_by_text("Supports the application")).to_be_visible()
    assert_accessible(supervisor)

    # The TPD finds it in the OOPP part of the programme queue and supports it.
    tpd = open_page("tpd@example.nhs.uk", needs_code=True)
    expect(tpd.locator("h1")).to_have_text("Programme queue")
    expect(tpd.get_by_role("heading", name="OOPP applications")).to_be_visible()
    expect(tpd.get_by_text("ES supports")).to_be_visible()
    assert_accessible(tpd)
    tpd.get_by_role("link", name="Priya Shah").click()
    expect(tpd.get_by_role("link", name="offer-letter.pdf")).to_be_visible()
    assert_accessible(tpd)
    tpd.get_by_role("button", name="Support application").click()
    expect(tpd.locator("h1")).to_contain_text("Supported by TPD")

    # The deanery approves, seeing the CCT date with the whole pause added.
    deanery = open_page("deanery@example.nhs.uk", needs_code=True)
    expect(deanery.locator("h1")).to_have_text("Deanery queue")
    assert_accessible(deanery)
    deanery.get_by_role("link", name="Priya Shah").click()
    expect(deanery.get_by_text("With the whole pause added")).to_be_visible()
    assert_accessible(deanery)
    deanery.get_by_role("button", name="Approve application").click()
    expect(deanery.locator("h1")).to_contain_text("Approved")
    assert_accessible(deanery)

    # The start date comes: the scheduled job makes it active, with an absence and a plan.
    assert oopp_apply_due_transitions(today=start) == 1
    application.refresh_from_db()
    assert application.status == Status.ACTIVE
    plan = ReturnPlan.objects.get(absence=application.absence)
    assert plan.absence.reason == "OOPP"
    moved = application.membership.cct_date
    assert moved == application.provisional_cct_date > cct_before
    trainee.goto(f"/applications/oopp/{application.pk}/")
    expect(trainee.locator("h1")).to_contain_text("Active")
    expect(trainee.get_by_role("link", name=re.compile("return-to-training plan"))).to_be_visible()
    assert_accessible(trainee)

    # The return date comes: it is RETURNED.
    assert oopp_apply_due_transitions(today=back) == 1
    application.refresh_from_db()
    assert application.status == Status.RETURNED

    # The deanery records the ARCP decision: 90 days recognised bring the CCT date back.
    deanery.reload()
    expect(deanery.locator("h1")).to_contain_text("Returned to training")
    deanery.get_by_role("button", name="Record the ARCP decision on capabilities").click()
    expect(deanery.locator("h1")).to_have_text("Record the ARCP decision on capabilities")
    assert_accessible(deanery)
    deanery.get_by_role("button", name="Record the ARCP decision").click()
    expect(deanery).to_have_title(ERROR_TITLE)
    assert_accessible(deanery)
    deanery.get_by_label("How many days of capabilities did the ARCP recognise?").fill("90")
    deanery.get_by_role("button", name="Record the ARCP decision").click()
    expect(deanery.get_by_text("After the ARCP decision")).to_be_visible()
    assert_accessible(deanery)
    application.refresh_from_db()
    assert application.membership.cct_date == moved - timedelta(days=90)
    card = deanery.locator(".nhsuk-card", has_text="Completion date")
    expect(card).to_contain_text(f"{moved:%-d %B %Y}")
    expect(card).to_contain_text(f"{moved - timedelta(days=90):%-d %B %Y}")

    timeline = deanery.locator(".portal-timeline")
    for step in ["Submitted", "Supported by TPD", "Approved", "Active", "Returned to training"]:
        expect(timeline).to_contain_text(step)
    subjects = set(Notification.objects.filter(channel="EMAIL").values_list("subject", flat=True))
    name = application.trainee.user.get_full_name()
    # Each person reads their own version: the trainee in the second person, staff about them.
    assert {
        "We have received your OOPP application",
        f"{name} has applied for an Out of Programme Pause",
        "An OOPP application is waiting for your support",
        "An OOPP application is ready for a decision",
        "Your OOPP application has been approved",
        "Your Out of Programme Pause starts today",
        "Welcome back to training after your Out of Programme Pause",
        "The ARCP decision on your Out of Programme Pause is recorded",
    } <= subjects
