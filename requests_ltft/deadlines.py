"""The dates an application must be acted on by (docs/rules.md §1 and §9): the last day a draft
can be submitted with the office's full notice, and the deanery's decision date."""

from datetime import date, timedelta

from portal.core.dates import add_months
from portal.notifications.thresholds import threshold
from requests_ltft.eligibility import oopp as oopp_rules

DAY = timedelta(days=1)


def ltft_last_full_notice_day(application) -> date:
    # eligibility.ltft.is_short_notice: short when start < submitted + weeks.
    return application.start_date - timedelta(
        weeks=application.programme.local_office.ltft_notice_weeks
    )


def oopp_last_full_notice_day(application) -> date:
    # Months are uneven, so step from the first guess to the last day that is not short notice
    # by the very rule a submission is checked against.
    months = application.programme.local_office.oopp_notice_months
    start = application.start_date
    day = add_months(start, -months)
    while not oopp_rules.is_short_notice(start=start, months=months, on=day + DAY):
        day += DAY
    while oopp_rules.is_short_notice(start=start, months=months, on=day):
        day -= DAY
    return day


def decide_by(application) -> date:
    """The last day for the deanery's decision: 12 weeks (the office's value) before the start,
    so the employer gets its notice."""
    weeks = threshold(
        "dean_decision_weeks_before_start", local_office=application.programme.local_office
    )
    return application.start_date - timedelta(weeks=weeks)
