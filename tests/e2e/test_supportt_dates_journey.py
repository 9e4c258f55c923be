"""A change of an absence's dates, in a browser, as it was found (issue 15, item 10): KIT days
are logged and the pre-return meeting arranged, then the return moves earlier. The plan says
what no longer fits, the supervisor removes the KIT day that now falls after the return, and
the meeting still says it must move. Axe runs on every page."""

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from returners.services import absence_create, kit_day_log, meeting_schedule
from tests.e2e.test_supportt_journey import (
    SUPERVISOR,
    TRAINEE,
    clock,  # noqa: F401 (a fixture)
    fill_date,
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

KIT_AFTER_RETURN = "The KIT day on 7 June 2027 is on or after the return date (7 June 2027)."
MEETING_AFTER_RETURN = (
    "The pre-return meeting is arranged for 28 June 2027, on or after the return (7 June 2027) "
    "and after it was due by 12 April 2027."
)


def a_maternity_leave_with_kit_days_and_an_arranged_meeting(clock):  # noqa: F811
    membership = ProgrammeMembership.objects.get(trainee__user__email=TRAINEE)
    supervisor = membership.educational_supervisor
    absence = absence_create(
        trainee=membership.trainee,
        reason="PARENTAL",
        parental_leave="MATERNITY",
        starts_on=date(2027, 2, 25),
        expected_return_on=date(2027, 8, 25),
        planned=True,
        actor=supervisor,
    )
    clock.move_to(datetime(2027, 6, 8, 8, 0, tzinfo=UTC))
    for worked in (date(2027, 4, 1), date(2027, 6, 7)):
        kit_day_log(absence=absence, actor=supervisor, kind="KIT", on=worked)
    meeting_schedule(
        meeting=absence.plan.meetings.get(kind="PRE_RETURN"),
        actor=supervisor,
        starts_at=datetime(2027, 6, 28, 12, 0, tzinfo=UTC),
        duration_minutes=60,
        location="Education centre, room 2",
    )
    return absence


def test_moving_the_return_earlier_says_what_needs_attention(page, clock):  # noqa: F811
    seed_demo()
    absence = a_maternity_leave_with_kit_days_and_an_arranged_meeting(clock)

    sign_in_browser(page, SUPERVISOR, second_factor=True)
    page.goto(f"/return-to-training/absences/{absence.pk}/")
    then_the_page_is_accessible(page, "Absence and return to training")
    expect(page.get_by_text("Needs attention")).to_have_count(0)

    page.get_by_role("button", name="Change the dates").click()
    then_the_page_is_accessible(page, "Change the absence dates")
    fill_date(page, "Expected return date", date(2027, 6, 7))
    page.get_by_role("button", name="Save the dates").click()

    then_the_page_is_accessible(page, "Absence and return to training")
    expect(page.locator("main")).to_contain_text(
        "Some KIT days or arranged meetings no longer fit the new dates"
    )
    callout = page.locator(".nhsuk-warning-callout", has_text="Needs attention")
    expect(callout).to_contain_text(KIT_AFTER_RETURN)
    expect(callout).to_contain_text(MEETING_AFTER_RETURN)

    # The KIT day was not worked after all: the supervisor removes it.
    callout.get_by_role("link", name="Change or remove the day on 7 June 2027").click()
    then_the_page_is_accessible(page, "Change a KIT or SPLIT day")
    page.get_by_role("button", name="Remove the day on 7 June 2027").click()
    then_the_page_is_accessible(page, "Absence and return to training")
    expect(page.locator("main")).to_contain_text("The day on 7 June 2027 has been removed.")
    callout = page.locator(".nhsuk-warning-callout", has_text="Needs attention")
    expect(callout).not_to_contain_text("KIT day")
    expect(callout).to_contain_text(MEETING_AFTER_RETURN)
    expect(page.locator("main")).to_contain_text("KIT days: 1 of 10 used")

    # The meeting says so too, until it is moved.
    callout.get_by_role("link", name="View the pre-return meeting").click()
    then_the_page_is_accessible(page, "Pre-return meeting")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text(MEETING_AFTER_RETURN)
    expect(page).not_to_have_title(re.compile(r"^Error"))
    sign_out(page)
