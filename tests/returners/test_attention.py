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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


def test_moving_the_return_earlier_flags_kit_days_and_a_meeting_it_leaves_behind(client, world):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(world.membership, starts_on=START, expected_return_on=RETURN)
    with time_machine.travel(datetime(2027, 6, 8, 9, 0, tzinfo=UTC), tick=False):
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 4, 1))
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 6, 7))
        pre_return = meetings_by_kind(absence)["PRE_RETURN"]
        meeting_schedule(
            meeting=pre_return,
            actor=world.supervisor,
            starts_at=datetime(2027, 6, 28, 13, 0, tzinfo=UTC),
            duration_minutes=60,
            location="Room 2",
        )
        assert absence_attention(absence) == []

        client.force_login(world.supervisor)
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


def test_a_pre_absence_meeting_arranged_after_the_absence_began_is_flagged(client, world):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(world.membership, starts_on=START, expected_return_on=RETURN)
        pre_absence = meetings_by_kind(absence)["PRE_ABSENCE"]
        client.force_login(world.supervisor)
        response = client.post(
            reverse("supervisors:meeting_schedule", args=[pre_absence.pk]),
            {
                "on_0": "1",
                "on_1": "3",
                "on_2": "2027",
                "start_time": "10:00",
                "duration_minutes": "60",
                "location": "Room 2",
            },
            follow=True,
        )
    warning = (
        "The pre-absence meeting is arranged for 1 March 2027, on or after the first day of "
        "the absence (25 February 2027) and after it was due by 28 January 2027. Move it to a "
        "date between 3 December 2026 and 28 January 2027."
    )
    # Said when it is arranged, and on the meeting and the plan until it is moved.
    assert response.text.count(warning) == 2
    plan = client.get(reverse("returners:absence_detail", args=[absence.pk]))
    assert warning in plan.text


def test_a_meeting_arranged_inside_its_window_needs_nothing(world):
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), tick=False):
        absence = log_absence(world.membership, starts_on=START, expected_return_on=RETURN)
        meeting_schedule(
            meeting=meetings_by_kind(absence)["PRE_ABSENCE"],
            actor=world.supervisor,
            starts_at=datetime(2027, 1, 20, 14, 0, tzinfo=UTC),
            duration_minutes=60,
            location="Room 2",
        )
        absence_update_dates(
            absence=absence, actor=world.supervisor, starts_on=START, expected_return_on=RETURN
        )
    assert absence_attention(absence) == []
