"""What no longer fits an absence's dates is said, not left silently inconsistent
(docs/rules.md §6, §7): KIT days outside the absence and meetings arranged outside their window,
after a change of dates (issue 15, item 10) or when a pre-absence meeting is arranged after the
absence has begun (item 11)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from returners.selectors import absence_attention
from returners.services import absence_update_dates, kit_day_log, meeting_schedule
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


def test_moving_the_return_earlier_flags_kit_days_and_a_meeting_it_leaves_behind(client, people):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with time_machine.travel(datetime(2027, 6, 8, 9, 0, tzinfo=UTC), tick=False):
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 4, 1))
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 6, 7))
        pre_return = meetings_by_kind(absence)["PRE_RETURN"]
        meeting_schedule(
            meeting=pre_return,
            actor=people.supervisor,
            starts_at=datetime(2027, 6, 28, 13, 0, tzinfo=UTC),
            duration_minutes=60,
            location="Room 2",
        )
        assert absence_attention(absence) == []

        sign_in(client, people.supervisor)
        change = reverse("returners:absence_change", args=[absence.pk])
        dates = {
            "starts_on_0": "25",
            "starts_on_1": "2",
            "starts_on_2": "2027",
            "expected_return_on_0": "7",
            "expected_return_on_1": "6",
            "expected_return_on_2": "2027",
        }
        response = client.post(change, dates, follow=True)

    assert "Some KIT days or arranged meetings no longer fit the new dates" in response.text
    absence.refresh_from_db()
    texts = [item.text for item in absence_attention(absence)]
    assert texts == [
        "The KIT day on 7 June 2027 is on or after the return date (7 June 2027). "
        "Change its date or remove it.",
        "The pre-return meeting is arranged for 28 June 2027, on or after the return "
        "(7 June 2027) and after it was due by 12 April 2027. Move it to a date between "
        "15 March 2027 and 12 April 2027.",
    ]
    for text in texts:
        assert text in response.text.replace("\n", " ")
    assert "Needs attention" in response.text


def test_a_pre_absence_meeting_arranged_after_the_absence_began_is_flagged(client, people):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
        pre_absence = meetings_by_kind(absence)["PRE_ABSENCE"]
        sign_in(client, people.supervisor)
        response = _schedule_on(client, pre_absence, date(2027, 3, 1))
    warning = (
        "The pre-absence meeting is arranged for 1 March 2027, on or after the first day of "
        "the absence (25 February 2027) and after it was due by 28 January 2027. Move it to a "
        "date between 3 December 2026 and 28 January 2027."
    )
    # Said when it is arranged, and on the meeting and the plan until it is moved.
    assert response.text.count(warning) == 2
    plan = client.get(reverse("returners:absence_detail", args=[absence.pk]))
    assert warning in plan.text


def test_a_meeting_arranged_inside_its_window_needs_nothing(people):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
        meeting_schedule(
            meeting=meetings_by_kind(absence)["PRE_ABSENCE"],
            actor=people.supervisor,
            starts_at=datetime(2027, 1, 20, 14, 0, tzinfo=UTC),
            duration_minutes=60,
            location="Room 2",
        )
        absence_update_dates(
            absence=absence, actor=people.supervisor, starts_on=START, expected_return_on=RETURN
        )
    assert absence_attention(absence) == []


def _schedule_on(client, meeting, day: date):
    return client.post(
        reverse("supervisors:meeting_schedule", args=[meeting.pk]),
        {
            "on_0": str(day.day),
            "on_1": str(day.month),
            "on_2": str(day.year),
            "start_time": "10:00",
            "duration_minutes": "60",
            "location": "Room 2",
        },
        follow=True,
    )


@pytest.mark.parametrize(
    ("reason", "planned"), [("PARENTAL", True), ("SICKNESS", False)], ids=["maternity", "sick"]
)
def test_a_pre_absence_meeting_after_an_absence_that_began_before_it_was_logged_is_flagged(
    client, people, reason, planned
):
    """Issue 15 item 11 as the tester met it: logged on 3 December for an absence that began on
    2 November, the window (3 to 17 December) itself falls after the first day."""
    with time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(
            people.membership,
            starts_on=date(2026, 11, 2),
            expected_return_on=date(2027, 8, 2),
            reason=reason,
            planned=planned,
        )
        pre_absence = meetings_by_kind(absence)["PRE_ABSENCE"]
        sign_in(client, people.supervisor)
        form = client.get(reverse("supervisors:meeting_schedule", args=[pre_absence.pk]))
        response = _schedule_on(client, pre_absence, date(2026, 12, 10))
        plan = client.get(reverse("returners:absence_detail", args=[absence.pk]))
    warning = (
        "The pre-absence meeting is arranged for 10 December 2026, on or after the first day of "
        "the absence (2 November 2026). The absence began before the meeting could be held, so "
        "it can no longer come before it: hold it as soon as you can (it was due by "
        "17 December 2026)."
    )
    # In the scheduling message and on the meeting's page, then on the plan.
    assert response.text.count(warning) == 2
    assert warning in plan.text
    # Its due date is not offered as if the meeting could still come first.
    late = "The absence began on 2 November 2026, so this meeting can no longer come before it"
    for page in (form, response, plan):
        assert late in page.text
    assert "Due by 17 December 2026" not in plan.text


def test_moving_the_start_to_the_day_it_was_logged_flags_the_meeting_arranged_after_it(people):
    with time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(
            people.membership, starts_on=date(2026, 11, 2), expected_return_on=date(2027, 8, 2)
        )
        meeting_schedule(
            meeting=meetings_by_kind(absence)["PRE_ABSENCE"],
            actor=people.supervisor,
            starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC),
            duration_minutes=60,
            location="Room 2",
        )
        absence_update_dates(
            absence=absence,
            actor=people.supervisor,
            starts_on=date(2026, 12, 3),
            expected_return_on=date(2027, 8, 2),
        )
    absence.refresh_from_db()
    texts = [item.text for item in absence_attention(absence)]
    assert any(
        "arranged for 10 December 2026, on or after the first day of the absence "
        "(3 December 2026)" in text
        for text in texts
    )
