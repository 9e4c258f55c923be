"""The SuppoRTT meeting reminder rules (returners/reminders.py), with the clock moved: nothing
before its time, sent on time, flagged when overdue, never repeated. (Not test_reminders.py:
pytest imports test modules by file name, and tests/requests_ltft has one.)

One planned parental leave in the North West, logged on 5 January 2026, from Monday 1 June 2026
to Monday 1 March 2027. With the national timings its meetings are due: pre-absence on 4 May
2026 (4 weeks before leaving), pre-return on 4 January 2027 (8 weeks before the return, window
opening at 12 weeks, 7 December).
"""

from datetime import date

import pytest

from portal.notifications.models import Notification, ReminderSent
from requests_ltft.choices import Status
from returners.models import MeetingKind
from returners.reminders import MeetingDueSoon, MeetingOverdue
from returners.services import absence_update_dates, meeting_log
from tests.factories import UserFactory, deputy
from tests.reminder_clock import at, run_on, sent_to
from tests.requests_ltft.factories import OoppApplicationFactory
from tests.returners.factories import log_absence, meetings_by_kind

pytestmark = pytest.mark.django_db

LEAVES, RETURNS = date(2026, 6, 1), date(2027, 3, 1)
PRE_ABSENCE_DUE = date(2026, 5, 4)
PRE_ABSENCE_REMINDER = date(2026, 4, 20)  # 14 days before
PRE_ABSENCE_OVERDUE = date(2026, 5, 5)
PRE_RETURN_DUE = date(2027, 1, 4)
PRE_RETURN_REMINDER = date(2026, 12, 7)  # 12 weeks before the return


@pytest.fixture
def absence(people):
    with at(date(2026, 1, 5), hour=10):
        absence = log_absence(people.membership, starts_on=LEAVES, expected_return_on=RETURNS)
    meetings = meetings_by_kind(absence)
    assert meetings[MeetingKind.PRE_ABSENCE].due_on == PRE_ABSENCE_DUE
    assert meetings[MeetingKind.PRE_RETURN].due_on == PRE_RETURN_DUE
    return absence


def test_the_trainee_and_supervisor_are_reminded_two_weeks_before_a_meeting_is_due(people, absence):
    assert run_on(date(2026, 4, 17), MeetingDueSoon) == 0
    assert run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon) == 1
    assert run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon) == 0
    assert run_on(date(2026, 4, 21), MeetingDueSoon) == 0
    assert sent_to(MeetingDueSoon) == sorted([people.trainee.email, people.supervisor.email])
    email = Notification.objects.filter(channel="EMAIL", recipient=people.supervisor).get()
    name = people.trainee.get_full_name()
    assert email.subject == f"The pre-absence meeting of {name} is due by 4 May 2026"
    mine = Notification.objects.filter(channel="EMAIL", recipient=people.trainee)
    assert mine.filter(subject="Your pre-absence meeting is due by 4 May 2026").exists()
    assert "It has not been arranged yet" in email.body_text
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    assert email.link_url == f"/return-to-training/meetings/{meeting.pk}/"


def test_the_pre_return_meeting_is_reminded_when_its_window_opens(people, absence):
    assert run_on(date(2026, 12, 4), MeetingDueSoon) == 0
    assert run_on(PRE_RETURN_REMINDER, MeetingDueSoon) == 1
    assert run_on(date(2026, 12, 21), MeetingDueSoon) == 0  # not again at two weeks
    entry = ReminderSent.objects.get()
    assert entry.due_on == PRE_RETURN_DUE


def test_an_overdue_meeting_is_flagged_to_the_trainee_supervisor_and_tpd_once(people, absence):
    run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon)
    # Monday 4 May is a bank holiday: the due date itself passes without a sweep.
    assert run_on(PRE_ABSENCE_OVERDUE, MeetingDueSoon) == 0
    assert run_on(PRE_ABSENCE_OVERDUE, MeetingOverdue) == 1
    assert run_on(date(2026, 5, 6), MeetingOverdue) == 0
    assert sent_to(MeetingOverdue) == sorted(
        [people.trainee.email, people.supervisor.email, people.tpd.email]
    )
    email = Notification.objects.get(channel="EMAIL", recipient=people.tpd)
    name = people.trainee.get_full_name()
    assert email.subject == f"Overdue: the pre-absence meeting of {name} has not been recorded"
    assert "was due by 4 May 2026" in email.body_text


def test_the_tpds_deputy_sees_the_flag_while_deputising(people, absence):
    on_duty, later = UserFactory(), UserFactory()
    deputy(tpd=people.tpd, deputy_user=on_duty, starts_on=date(2026, 5, 1), ends_on=LEAVES)
    deputy(tpd=people.tpd, deputy_user=later, starts_on=LEAVES, ends_on=LEAVES)
    assert run_on(PRE_ABSENCE_OVERDUE, MeetingOverdue) == 1
    assert on_duty.email in sent_to(MeetingOverdue)
    assert later.email not in sent_to(MeetingOverdue)


def test_a_held_meeting_is_neither_reminded_nor_flagged(people, absence):
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    with at(date(2026, 4, 1), hour=12):
        meeting_log(meeting=meeting, actor=people.supervisor, held_on=date(2026, 4, 1), content={})
    assert run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon) == 0
    assert run_on(PRE_ABSENCE_OVERDUE, MeetingOverdue) == 0


def test_a_missed_flag_is_caught_up_for_two_weeks_then_dropped(people, absence):
    assert run_on(date(2026, 5, 19), MeetingOverdue) == 1  # 14 days after it became overdue
    ReminderSent.objects.all().delete()
    assert run_on(date(2026, 5, 20), MeetingOverdue) == 0


def test_an_office_can_allow_grace_before_the_flag(people, absence, settings):
    settings.REMINDER_THRESHOLDS_BY_OFFICE = {"HENW": {"supportt_overdue_grace_days": 3}}
    assert run_on(PRE_ABSENCE_OVERDUE, MeetingOverdue) == 0
    assert run_on(date(2026, 5, 7), MeetingOverdue) == 0
    assert run_on(date(2026, 5, 8), MeetingOverdue) == 1


def test_new_dates_are_a_new_reminder(people, absence):
    run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon)
    with at(date(2026, 4, 21), hour=10):
        absence_update_dates(
            absence=absence,
            actor=people.supervisor,
            starts_on=date(2026, 6, 15),
            expected_return_on=RETURNS,
        )
    # Now due on 18 May: reminded again on 4 May (a bank holiday), so on Tuesday 5 May.
    assert run_on(date(2026, 5, 1), MeetingDueSoon) == 0
    assert run_on(date(2026, 5, 5), MeetingDueSoon) == 1
    assert sorted(ReminderSent.objects.values_list("due_on", flat=True)) == [
        PRE_ABSENCE_DUE,
        date(2026, 5, 18),
    ]


def test_an_oopps_pre_return_meeting_is_left_to_the_oopp_prompt(people, absence, media):
    OoppApplicationFactory(
        membership=people.membership, status=Status.ACTIVE, absence=absence, confirmation=False
    )
    assert run_on(PRE_RETURN_REMINDER, MeetingDueSoon) == 0
    # Its other meetings are still reminded, and it is still flagged when overdue.
    assert run_on(PRE_ABSENCE_REMINDER, MeetingDueSoon) == 1
    assert run_on(date(2027, 1, 5), MeetingOverdue) == 1


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
