"""Supported Return to Training, end to end in a browser, with axe on every page.

The deanery logs a 6-month maternity leave; the plan shows three meetings due on the right
dates; the supervisor schedules the pre-absence meeting (the .ics downloads and parses), records
and signs it off; the trainee acknowledges it; a KIT day at a weekend and one over the limit
are refused; the return
happens, enhanced supervision ends on the right working day, and the post-return meeting is
recorded. The clock is moved with time-machine, so the dates are fixed whatever today is.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.core.workingdays import add_working_days
from returners.models import Absence, Meeting
from returners.services import absence_create, kit_day_log, meeting_log, meeting_sign_off
from tests.e2e.conftest import assert_accessible
from tests.returners.ical import parse, unescape
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo
from trainees.models import ProgrammeMembership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

TRAINEE, SUPERVISOR, DEANERY = (
    "trainee@example.nhs.uk",
    "supervisor@example.nhs.uk",
    "deanery@example.nhs.uk",
)
TRAINEE_NAME = "Priya Shah"


@pytest.fixture
def clock():
    """Monday 4 January 2027, 09:00 in London; `clock.move_to(...)` jumps forward."""
    traveller = time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=True)
    coordinates = traveller.start()
    yield coordinates
    traveller.stop()


def then_the_page_is_accessible(page, heading=None):
    if heading is not None:
        expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")


def fill_date(page, legend, day: date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def the_deanery_logs_a_six_month_maternity_leave(page):
    sign_in_browser(page, DEANERY, second_factor=True)
    page.goto("/return-to-training/plans/")
    then_the_page_is_accessible(page, "Return-to-training plans")
    page.get_by_role("button", name="Log an absence").click()
    then_the_page_is_accessible(page, "Log an absence")

    page.get_by_role("button", name="Save the absence").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the trainee's GMC number")
    expect(summary).to_contain_text("Enter the first day of the absence")
    then_the_page_is_accessible(page)

    page.get_by_label("Trainee's GMC number").fill("7100000")
    page.get_by_label("Parental leave", exact=True).check()
    page.get_by_label("Maternity leave", exact=True).check()
    fill_date(page, "First day of the absence", date(2027, 2, 25))
    fill_date(page, "Expected return date", date(2027, 8, 25))
    page.get_by_label("Yes, it was planned").check()
    page.get_by_role("button", name="Save the absence").click()


def the_plan_shows_three_meetings_due_on_the_right_dates(page):
    then_the_page_is_accessible(page, "Absence and return to training")
    expect(page.locator("h1")).to_contain_text(TRAINEE_NAME)
    meetings = page.get_by_role("table", name="Meetings")
    rows = meetings.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Pre-absence: 4 weeks before leaving on 25 Feb; its window is open today (4 Jan).
    expect(rows.nth(0)).to_contain_text("Pre-absence meeting")
    expect(rows.nth(0)).to_contain_text("Due by 28 January 2027")
    # Pre-return: from 12 to 8 weeks before the return on 25 Aug.
    expect(rows.nth(1)).to_contain_text("Due between 2 June 2027 and 30 June 2027")
    # Post-return: 2 to 4 weeks after the return.
    expect(rows.nth(2)).to_contain_text("Due between 8 September 2027 and 22 September 2027")
    # The trainee works 80%: 8 working days of enhanced supervision, over the bank holiday.
    expect(page.locator("main")).to_contain_text("8 working days")
    expect(page.locator("main")).to_contain_text("Monday 6 September 2027")


def the_supervisor_schedules_the_pre_absence_meeting(page, tmp_path: Path):
    sign_in_browser(page, SUPERVISOR, second_factor=True)
    then_the_page_is_accessible(page, "My supervisees")
    page.get_by_role("link", name=f"Pre-absence meeting for {TRAINEE_NAME}").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    page.get_by_role("button", name="Schedule the meeting").click()
    then_the_page_is_accessible(page, "Schedule the meeting")

    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the start time")
    then_the_page_is_accessible(page)

    fill_date(page, "Date", date(2027, 1, 20))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("1 hour", exact=True).check()
    page.get_by_label("Place").fill("Education centre, room 2")
    page.get_by_role("button", name="Schedule the meeting").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    expect(page.locator("main")).to_contain_text("Wednesday 20 January 2027, 14:00")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    event = parse(target.read_bytes().decode())
    assert event["DTSTART"][0][1] == "20270120T140000Z"
    assert event["DTEND"][0][1] == "20270120T150000Z"
    assert unescape(event["LOCATION"][0][1]) == "Education centre, room 2"
    assert TRAINEE_NAME in unescape(event["SUMMARY"][0][1])
    sign_out(page)


def the_supervisor_records_and_signs_off_the_meeting(page):
    sign_in_browser(page, SUPERVISOR, second_factor=True)
    page.get_by_role("link", name=f"Pre-absence meeting for {TRAINEE_NAME}").click()
    page.get_by_role("button", name="Record the meeting").click()
    then_the_page_is_accessible(page, "Record the pre-absence meeting")

    page.get_by_role("button", name="Save the record").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the date of the meeting")
    then_the_page_is_accessible(page)

    fill_date(page, "Date of the meeting", date(2027, 1, 20))
    page.get_by_label("Where the trainee expects to return").fill("Same trust and rotation")
    page.get_by_label("How you will keep in touch").fill("Monthly email to her own address")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Plans for keeping up to date").fill("Two KIT days for clinics")
    page.get_by_role("button", name="Save the record").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    expect(page.locator("main .nhsuk-tag")).to_have_text("Waiting for sign-off")

    page.get_by_role("button", name="Add an agreed action").click()
    then_the_page_is_accessible(page, "Add an agreed action")
    page.get_by_label("Action").fill("Book the KIT days with the rota coordinator")
    page.get_by_label("Trainee", exact=True).check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("main")).to_contain_text("Book the KIT days with the rota coordinator")

    page.get_by_role("button", name="Sign off the record").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    expect(page.locator("main")).to_contain_text("Signed off by Sam Okafor on 21 January 2027")
    expect(page.get_by_role("button", name="Change the record")).to_have_count(0)
    sign_out(page)


def the_trainee_acknowledges_the_record(page):
    sign_in_browser(page, TRAINEE)
    then_the_page_is_accessible(page, "My training")
    page.get_by_role("link", name="Read and acknowledge it").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    expect(page.locator("main")).to_contain_text("Same trust and rotation")
    page.get_by_role("button", name="Acknowledge the record").click()
    then_the_page_is_accessible(page, "Acknowledge the pre-absence meeting record")
    page.get_by_label("Your comment (optional)").fill("Thank you, this is what we agreed.")
    page.get_by_role("button", name="Acknowledge the record").click()
    then_the_page_is_accessible(page, "Pre-absence meeting")
    expect(page.locator("main")).to_contain_text("Acknowledged by the trainee on 21 January 2027")
    expect(page.locator("main")).to_contain_text("Thank you, this is what we agreed.")


def a_kit_day_over_the_limit_is_refused(page):
    """In June, the trainee logs the KIT days worked in April (a day is logged once worked,
    on a working day: docs/rules.md §7)."""
    absence = Absence.objects.get(membership__trainee__user__email=TRAINEE)
    sign_in_browser(page, TRAINEE)
    page.goto(f"/return-to-training/absences/{absence.pk}/")
    page.get_by_role("link", name="Log a KIT or SPLIT day").click()
    then_the_page_is_accessible(page, "Log a KIT or SPLIT day")
    page.get_by_label("Keeping in touch (KIT) day").check()
    fill_date(page, "Date worked", date(2027, 4, 3))
    page.get_by_role("button", name="Log the day").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("3 April 2027 is a Saturday")
    then_the_page_is_accessible(page, "Log a KIT or SPLIT day")
    fill_date(page, "Date worked", date(2027, 4, 1))
    page.get_by_role("button", name="Log the day").click()
    expect(page.locator("main")).to_contain_text("KIT days: 1 of 10 used")

    # Nine more working days worked since, logged directly to keep the journey short.
    trainee_user = User.objects.get(email=TRAINEE)
    for offset in range(1, 10):
        day = add_working_days(date(2027, 4, 1), offset)
        kit_day_log(absence=absence, actor=trainee_user, kind="KIT", on=day)
    page.reload()
    expect(page.locator("main")).to_contain_text("KIT days: 10 of 10 used")

    page.get_by_role("link", name="Log a KIT or SPLIT day").click()
    page.get_by_label("Keeping in touch (KIT) day").check()
    fill_date(page, "Date worked", date(2027, 6, 2))
    page.get_by_role("button", name="Log the day").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "All 10 KIT days for this maternity leave have been used."
    )
    then_the_page_is_accessible(page, "Log a KIT or SPLIT day")
    assert absence.kit_days.count() == 10
    sign_out(page)


def the_supervisor_records_the_return(page):
    sign_in_browser(page, SUPERVISOR, second_factor=True)
    page.get_by_role("link", name=f"Parental leave plan for {TRAINEE_NAME}").click()
    then_the_page_is_accessible(page, "Absence and return to training")
    page.get_by_role("button", name="Record the return").click()
    then_the_page_is_accessible(page, "Record the return")
    page.get_by_role("button", name="Record the return").click()  # prefilled: 25 August 2027
    then_the_page_is_accessible(page, "Absence and return to training")
    main = page.locator("main")
    expect(main).to_contain_text("Returned on")
    expect(main).to_contain_text("25 August 2027")
    # 8 working days from Wed 25 Aug 2027, not counting the bank holiday on Mon 30 Aug.
    expect(main).to_contain_text("Ends on")
    expect(main).to_contain_text("Monday 6 September 2027")
    # The pre-return meeting was never held: it is flagged.
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("pre-return meeting")
    sign_out(page)


def the_supervisor_records_the_post_return_meeting(page):
    sign_in_browser(page, SUPERVISOR, second_factor=True)
    page.get_by_role("link", name=f"Parental leave plan for {TRAINEE_NAME}").click()
    page.get_by_role("link", name="Post-return meeting").click()
    then_the_page_is_accessible(page, "Post-return meeting")
    page.get_by_role("button", name="Record the meeting").click()
    then_the_page_is_accessible(page, "Record the post-return meeting")
    fill_date(page, "Date of the meeting", date(2027, 9, 9))
    page.get_by_label("Progress against the plan").fill("Two WPBAs done; clinics back to normal")
    page.get_by_role("group", name=re.compile("ready for normal duties")).get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Less than full time").check()
    page.get_by_label("Plan towards the next ARCP").fill("Complete the missing DOPS by March")
    page.get_by_role("button", name="Save the record").click()
    then_the_page_is_accessible(page, "Post-return meeting")
    page.get_by_role("button", name="Sign off the record").click()
    then_the_page_is_accessible(page, "Post-return meeting")
    expect(page.locator("main")).to_contain_text("Signed off by Sam Okafor on 9 September 2027")
    page.get_by_role("link", name="Back to the plan").click()
    expect(page.locator("main")).to_contain_text("This plan is complete")
    then_the_page_is_accessible(page, "Absence and return to training")


def test_a_return_to_training_from_logging_to_the_post_return_meeting(page, clock, tmp_path):
    seed_demo()
    # The journey's trainee works 80% of full time, so enhanced supervision is pro rata.
    ProgrammeMembership.objects.filter(trainee__user__email=TRAINEE).update(wte=Decimal("0.80"))
    the_deanery_logs_a_six_month_maternity_leave(page)
    the_plan_shows_three_meetings_due_on_the_right_dates(page)
    sign_out(page)

    the_supervisor_schedules_the_pre_absence_meeting(page, tmp_path)

    clock.move_to(datetime(2027, 1, 21, 10, 0, tzinfo=UTC))  # the day after the meeting
    the_supervisor_records_and_signs_off_the_meeting(page)
    the_trainee_acknowledges_the_record(page)
    sign_out(page)

    clock.move_to(datetime(2027, 6, 3, 9, 0, tzinfo=UTC))  # KIT days worked in April
    a_kit_day_over_the_limit_is_refused(page)

    clock.move_to(datetime(2027, 8, 25, 8, 0, tzinfo=UTC))  # the return day, 09:00 BST
    the_supervisor_records_the_return(page)

    clock.move_to(datetime(2027, 9, 9, 9, 0, tzinfo=UTC))
    the_supervisor_records_the_post_return_meeting(page)
    assert set(Meeting.objects.values_list("status", flat=True)) == {
        "ACKNOWLEDGED",
        "PENDING",
        "SIGNED_OFF",
    }


def test_the_other_supportt_pages_are_accessible(page, clock):
    seed_demo()
    membership = ProgrammeMembership.objects.get(trainee__user__email=TRAINEE)
    supervisor = membership.educational_supervisor
    absence = absence_create(
        trainee=membership.trainee,
        reason="SICKNESS",
        sickness_details="Phased return advised",
        starts_on=date(2026, 12, 1),
        expected_return_on=date(2027, 3, 1),
        planned=False,
        actor=supervisor,
    )
    pre_absence = absence.plan.meetings.get(kind="PRE_ABSENCE")
    meeting_log(meeting=pre_absence, actor=supervisor, held_on=date(2027, 1, 4), content={})
    meeting_sign_off(meeting=pre_absence, actor=supervisor)

    sign_in_browser(page, SUPERVISOR, second_factor=True)
    for path, heading in [
        (f"/return-to-training/absences/{absence.pk}/health/", "Health details"),
        (f"/return-to-training/absences/{absence.pk}/dates/", "Change the absence dates"),
        (f"/return-to-training/meetings/{pre_absence.pk}/addenda/new/", "Add an addendum"),
        ("/return-to-training/plans/", "Return-to-training plans"),
    ]:
        page.goto(path)
        then_the_page_is_accessible(page, heading)
    expect(page.locator("main")).to_contain_text("Sickness")
    page.goto(f"/return-to-training/absences/{absence.pk}/enhanced-supervision/extend/")
    then_the_page_is_accessible(page, "Extend enhanced supervision")
    page.get_by_label("Extra working days").fill("0")
    page.get_by_role("button", name="Record the extension").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    then_the_page_is_accessible(page)
    sign_out(page)

    sign_in_browser(page, DEANERY, second_factor=True)
    page.goto("/return-to-training/plans/")
    page.get_by_role("button", name="SuppoRTT timings").click()
    then_the_page_is_accessible(page, "SuppoRTT timings")
    page.get_by_label(re.compile("^Pre-absence meeting: due")).fill("20")
    page.get_by_role("button", name="Save the settings").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("window must open")
    then_the_page_is_accessible(page)
    sign_out(page)

    sign_in_browser(page, TRAINEE)
    page.get_by_role("link", name="Tell us about an absence").click()
    then_the_page_is_accessible(page, "Tell us about an absence")
    page.get_by_role("button", name="Save the absence").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    then_the_page_is_accessible(page)
