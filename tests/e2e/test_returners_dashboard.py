"""The returners dashboard in a browser (issue 20): the demo deanery reviewer opens it from the
return-to-training plans, filters by specialty, follows a line to the plan, and sees an empty
result and a filter error said plainly. Axe runs on every state of the page."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from returners.demo import return_plans
from returners.models import Absence, AbsenceReason
from tests.e2e.test_supportt_journey import then_the_page_is_accessible
from tests.returners.factories import log_absence
from tests.signing_in import sign_in_browser
from trainees.demo import happening_on, seed_demo
from trainees.models import ProgrammeMembership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
DEANERY = "deanery@example.nhs.uk"


def test_a_reviewer_filters_the_dashboard_and_follows_a_line_to_the_plan(page):
    seed_demo()
    today = date.today()  # noqa: DTZ011 - the demo's calendar date, as seed_demo's
    # Only the SuppoRTT part of the demo's stories (the page is about nothing else): its North
    # West plans are one ahead and one complete, its absences away now are in Yorkshire.
    return_plans(today)
    # A North West paediatric trainee off sick since 60 days ago, logged then, back in 40
    # days: away now, due back, and both meetings before the return overdue.
    membership = (
        ProgrammeMembership.objects.filter(programme__name="North West Paediatrics")
        .select_related("trainee__user", "programme")
        .first()
    )
    with happening_on(today - timedelta(days=60)):
        sick = log_absence(
            membership,
            reason=AbsenceReason.SICKNESS,
            starts_on=today - timedelta(days=60),
            expected_return_on=today + timedelta(days=40),
            planned=False,
        )
    name = membership.trainee.user.get_full_name()
    # And an anaesthetic trainee on parental leave since last week, for the filter to leave out.
    anaesthetics = ProgrammeMembership.objects.filter(
        programme__name="North West Anaesthetics", absences__isnull=True
    ).first()
    log_absence(
        anaesthetics,
        starts_on=today - timedelta(days=7),
        expected_return_on=today + timedelta(days=180),
    )
    anaesthetist = anaesthetics.trainee.user.get_full_name()
    yorkshire = Absence.objects.filter(membership__programme__local_office__code="HEYHD").first()
    sign_in_browser(page, DEANERY, second_factor=True)

    page.get_by_role("link", name="Return to training").first.click()
    page.get_by_role("button", name="Returners dashboard").click()
    then_the_page_is_accessible(page, "Returners dashboard")
    expect(page.locator("#away-now + table")).to_contain_text(anaesthetist)

    page.get_by_label("Specialty").select_option(label="Paediatrics")
    page.get_by_role("button", name="Filter").click()
    then_the_page_is_accessible(page, "Returners dashboard")
    expect(page.get_by_label("Specialty")).to_have_value(str(membership.programme.specialty_id))
    expect(page.locator("main")).not_to_contain_text(yorkshire.membership.trainee.user.last_name)
    expect(page.locator("main")).not_to_contain_text(anaesthetist)
    overdue = page.locator("#meeting-overdue + table")
    expect(overdue).to_contain_text(name)
    expect(overdue).to_contain_text("(and 1 more)")

    overdue.get_by_role("link", name=name).click()
    then_the_page_is_accessible(page, name)
    assert page.url.endswith(f"/absences/{sick.pk}/#plan")
    expect(page.locator("#plan")).to_have_text("Return-to-training plan")

    # A specialty with nobody away: every section says so.
    page.go_back()
    page.get_by_label("Specialty").select_option(label="General Practice")
    page.get_by_role("button", name="Filter").click()
    then_the_page_is_accessible(page, "Returners dashboard")
    expect(page.locator("main")).to_contain_text("No trainees are away now.")
    expect(page.locator("main")).to_contain_text("No plans have a meeting overdue.")
    expect(page.locator("main table")).to_have_count(0)

    # Another office's programme, typed into the address: an error, and nobody listed.
    page.goto("/return-to-training/dashboard/?programme=999999")
    then_the_page_is_accessible(page, "Returners dashboard")
    assert page.title().startswith("Error:")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select a programme from the list")
    expect(page.locator("main table")).to_have_count(0)
