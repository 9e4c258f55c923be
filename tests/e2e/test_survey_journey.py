"""The returners' survey in a browser (issue 20, docs/rules.md §14): a returner is invited 12
weeks after their return (the sweep run with the clock moved, twice), follows the in-app
notice, answers one topic a page (one page sent back with a mistake), and cannot answer again.
Axe runs on every page, the error state included."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from portal.notifications.models import Notification
from portal.notifications.reminders import reminders_send_due
from returners.models import SurveyAnswer
from returners.reminders import SurveyInvitationDue
from returners.services import absence_create, absence_record_return
from tests.e2e.test_supportt_journey import (
    DEANERY,
    TRAINEE,
    clock,  # noqa: F401 (a fixture)
    sign_out,
    then_the_page_is_accessible,
)
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo
from trainees.models import ProgrammeMembership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

SUBJECT = "Tell us how your return to training went"


def a_returner_back_on_the_clocks_day(clock):  # noqa: F811
    """Away from 2 November 2026, back on Monday 4 January 2027 (the clock's day)."""
    membership = ProgrammeMembership.objects.get(trainee__user__email=TRAINEE)
    supervisor = membership.educational_supervisor
    absence = absence_create(
        trainee=membership.trainee,
        reason="SICKNESS",
        starts_on=date(2026, 11, 2),
        expected_return_on=date(2027, 1, 4),
        planned=False,
        actor=supervisor,
        opt_in=True,
    )
    return absence_record_return(absence=absence, actor=supervisor, returned_on=date(2027, 1, 4))


def sweep(clock, day: date) -> int:  # noqa: F811
    clock.move_to(datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC))
    # Nothing runs on a bank holiday: the result is then empty.
    return reminders_send_due(rules=[SurveyInvitationDue()]).get(SurveyInvitationDue.name, 0)


def test_a_returner_is_invited_answers_and_cannot_answer_twice(page, clock):  # noqa: F811
    seed_demo()
    absence = a_returner_back_on_the_clocks_day(clock)
    assert sweep(clock, date(2027, 3, 25)) == 0  # 11 weeks and 3 days
    # 12 weeks is Easter Monday, a bank holiday: the next working day catches it up.
    assert sweep(clock, date(2027, 3, 29)) == 0
    assert sweep(clock, date(2027, 3, 30)) == 1
    assert sweep(clock, date(2027, 3, 30)) == 0  # the doubled sweep
    assert Notification.objects.filter(subject=SUBJECT, channel="EMAIL").count() == 1

    sign_in_browser(page, TRAINEE)
    page.goto("/notifications/")
    page.get_by_role("link", name=SUBJECT).first.click()
    then_the_page_is_accessible(page, SUBJECT)
    page.get_by_role("link", name="Start the survey").click()

    then_the_page_is_accessible(page, "How confident did you feel?")
    page.get_by_role("group", name="On your first day back").get_by_label("2").check()
    page.get_by_role("group", name="Now").get_by_label("4").check()
    page.get_by_role("button", name="Continue").click()
    for meeting in ("pre-absence", "pre-return", "post-return"):
        then_the_page_is_accessible(page, f"Your {meeting} meeting")
        page.get_by_role("button", name="Continue").click()

    then_the_page_is_accessible(page, "Enhanced supervision")
    page.get_by_label("If you did, for how many working days?").fill("lots")
    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "Enhanced supervision")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the number of days as a whole number"
    )
    page.get_by_label("If you did, for how many working days?").fill("10")
    page.get_by_role("button", name="Continue").click()

    then_the_page_is_accessible(page, "What helped, and what would have")
    page.get_by_label("What helped you most?").fill("Time with my supervisor")
    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "Would you recommend the support?")
    page.get_by_role("button", name="Send your answers").click()

    then_the_page_is_accessible(page, SUBJECT)
    expect(page.locator("main")).to_contain_text("You have already answered this survey")
    answer = SurveyAnswer.objects.get()
    assert (answer.confidence_first_day, answer.confidence_now, answer.es_days) == (2, 4, 10)
    assert answer.helped_most == "Time with my supervisor"

    # The link again, and a question page reached directly: no second answer.
    page.goto(f"/return-to-training/survey/{absence.pk}/confidence/")
    then_the_page_is_accessible(page, SUBJECT)
    expect(page.locator("main")).to_contain_text("You have already answered this survey")
    expect(page.get_by_role("link", name="Start the survey")).to_have_count(0)
    assert SurveyAnswer.objects.count() == 1

    # The deanery reads what returners wrote, from the plan list: one answer is too few.
    sign_out(page)
    sign_in_browser(page, DEANERY, second_factor=True)
    page.goto("/return-to-training/plans/")
    page.get_by_text("What returners said", exact=True).click()
    then_the_page_is_accessible(page, "What returners said")
    page.get_by_label("Returns in").select_option(value="2026-Q4")  # January to March 2027
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("nothing is shown")
    expect(page.locator("main")).not_to_contain_text("Time with my supervisor")
