"""The local office's settings in a browser (issue 17, point 3): the demo deanery reviewer finds
them in the header, types a notice period out of range and is told the bounds, saves a good
one and sees the change in the history. Axe runs on every page, the error state included."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_supportt_journey import then_the_page_is_accessible
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo
from trainees.models import LocalOffice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
DEANERY = "deanery@example.nhs.uk"
LTFT_NOTICE = "Notice for a less than full time (LTFT) change (weeks)"


def test_a_reviewer_changes_a_notice_period_and_sees_it_in_the_history(page):
    seed_demo()
    sign_in_browser(page, DEANERY, second_factor=True)

    page.get_by_role("link", name="Office settings").click()
    then_the_page_is_accessible(page, "Office settings")
    expect(page.locator("main")).to_contain_text("Reminder timings")
    page.get_by_role("link", name="Change Notice for a less than full time (LTFT) change").click()

    then_the_page_is_accessible(page, "Notice periods")
    expect(page.get_by_text("Nobody has changed these settings")).to_be_visible()
    field = page.get_by_label(LTFT_NOTICE)
    expect(field).to_have_value("16")
    field.fill("40")
    page.get_by_role("button", name="Save the settings").click()

    then_the_page_is_accessible(page, "Notice periods")
    assert page.title().startswith("Error:")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "enter a number of weeks from 5 to 26"
    )
    expect(page.get_by_label(LTFT_NOTICE)).to_have_value("40")
    assert LocalOffice.objects.get(code="HENW").ltft_notice_weeks == 16

    page.get_by_label(LTFT_NOTICE).fill("18")
    page.get_by_role("button", name="Save the settings").click()

    then_the_page_is_accessible(page, "Notice periods")
    expect(page.locator("main")).to_contain_text("Notice periods saved")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text(LTFT_NOTICE)
    expect(row).to_contain_text("16")
    expect(row).to_contain_text("18")
    expect(row).to_contain_text("Jordan Lee")
    assert LocalOffice.objects.get(code="HENW").ltft_notice_weeks == 18


def test_a_save_in_an_older_tab_keeps_the_change_made_in_another(page):
    seed_demo()
    sign_in_browser(page, DEANERY, second_factor=True)
    page.get_by_role("link", name="Office settings").click()
    page.get_by_role("link", name="Change Notice for a less than full time (LTFT) change").click()
    older = page.context.new_page()
    older.goto(page.url)

    page.get_by_label(LTFT_NOTICE).fill("20")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator("main")).to_contain_text("Notice periods saved")

    older.get_by_label("Notice for an Out of Programme Pause (OOPP) (months)").fill("4")
    older.get_by_role("button", name="Save the settings").click()
    then_the_page_is_accessible(older, "Notice periods")
    office = LocalOffice.objects.get(code="HENW")
    assert (office.ltft_notice_weeks, office.oopp_notice_months) == (20, 4)


def test_an_admin_chooses_the_office_whose_settings_to_change(page):
    seed_demo()
    sign_in_browser(page, "admin@example.nhs.uk", second_factor=True)

    page.get_by_role("link", name="Office settings").click()
    then_the_page_is_accessible(page, "Office settings")
    assert "choose a local office" in page.title()
    page.get_by_role("link", name="North West", exact=True).click()

    then_the_page_is_accessible(page, "Office settings")
    expect(page.locator("main")).to_contain_text("The numbers North West sets for itself")
