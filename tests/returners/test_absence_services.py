"""Absences and plans through the services: windows stored, dates that change, the return."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from portal.audit.models import AuditEvent
from portal.core.exceptions import ApplicationError
from portal.notifications.models import Notification
from returners.models import AbsenceReason, Meeting, MeetingKind, ReturnPlan
from returners.services import (
    absence_create,
    absence_record_return,
    absence_update_dates,
    enhanced_supervision_extend,
    meeting_log,
    return_plan_opt_in,
    supportt_settings_update,
)
from tests.factories import local_office
from tests.returners.factories import log_absence, meetings_by_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


def windows(absence):
    return {kind: (m.opens_on, m.due_on) for kind, m in meetings_by_kind(absence).items()}


def test_a_six_month_absence_gets_a_plan_with_three_meetings_due(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    assert absence.logged_on == date(2027, 1, 4)
    assert absence.plan.es_days == 10
    assert windows(absence) == {
        MeetingKind.PRE_ABSENCE: (date(2026, 12, 3), date(2027, 1, 28)),
        MeetingKind.PRE_RETURN: (date(2027, 6, 2), date(2027, 6, 30)),
        MeetingKind.POST_RETURN: (date(2027, 9, 8), date(2027, 9, 22)),
    }
    assert set(absence.plan.meetings.values_list("status", flat=True)) == {"PENDING"}


def test_the_plan_uses_the_office_timings(people):
    supportt_settings_update(
        office=local_office("HENW"),
        actor=people.deanery,
        pre_absence_opens_weeks=16,
        pre_absence_due_weeks=6,
    )
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    assert windows(absence)[MeetingKind.PRE_ABSENCE] == (date(2026, 11, 5), date(2027, 1, 14))


def test_an_ltft_trainee_gets_pro_rata_enhanced_supervision(people):
    people.membership.wte = Decimal("0.60")
    people.membership.save(update_fields=["wte"])
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    assert absence.plan.es_days == 6


def test_an_unplanned_absence_is_due_two_weeks_after_it_is_logged(people):
    absence = log_absence(
        people.membership,
        reason=AbsenceReason.SICKNESS,
        starts_on=date(2026, 12, 20),
        expected_return_on=date(2027, 4, 1),
        planned=False,
        sickness_details="Phased return",
    )
    assert windows(absence)[MeetingKind.PRE_ABSENCE] == (date(2027, 1, 4), date(2027, 1, 18))
    assert absence.sickness_details == "Phased return"


def test_a_short_absence_has_no_plan_unless_the_trainee_opts_in(people):
    absence = log_absence(
        people.membership,
        reason=AbsenceReason.CARER,
        starts_on=START,
        expected_return_on=date(2027, 4, 1),
    )
    assert not ReturnPlan.objects.filter(absence=absence).exists()
    plan = return_plan_opt_in(absence=absence, actor=people.trainee)
    assert plan.opted_in and plan.meetings.count() == 3
    assert return_plan_opt_in(absence=absence, actor=people.trainee) == plan


def test_opting_in_when_logging_makes_the_plan_at_once(people):
    absence = log_absence(
        people.membership,
        reason=AbsenceReason.CARER,
        starts_on=START,
        expected_return_on=date(2027, 4, 1),
        opt_in=True,
    )
    assert absence.plan.opted_in


def test_when_the_dates_change_the_windows_not_yet_held_follow(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    pre_absence = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    meeting_log(meeting=pre_absence, actor=people.supervisor, held_on=date(2027, 1, 4), content={})
    absence_update_dates(
        absence=absence,
        actor=people.deanery,
        starts_on=date(2027, 3, 4),
        expected_return_on=date(2027, 10, 4),
    )
    absence.refresh_from_db()
    after = windows(absence)
    # Already held: keeps the window it was held against.
    assert after[MeetingKind.PRE_ABSENCE] == (date(2026, 12, 3), date(2027, 1, 28))
    assert after[MeetingKind.PRE_RETURN] == (date(2027, 7, 12), date(2027, 8, 9))
    assert after[MeetingKind.POST_RETURN] == (date(2027, 10, 18), date(2027, 11, 1))


def test_lengthening_a_short_absence_past_three_months_makes_its_plan(people):
    absence = log_absence(
        people.membership,
        reason=AbsenceReason.OTHER,
        other_reason="Jury service",
        starts_on=START,
        expected_return_on=date(2027, 4, 1),
    )
    absence_update_dates(
        absence=absence, actor=people.supervisor, starts_on=START, expected_return_on=RETURN
    )
    assert ReturnPlan.objects.get(absence=absence).opted_in is False


def test_office_timings_changed_later_move_open_windows(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    supportt_settings_update(
        office=local_office("HENW"),
        actor=people.deanery,
        pre_return_opens_weeks=16,
        pre_return_due_weeks=12,
    )
    assert windows(absence)[MeetingKind.PRE_RETURN] == (date(2027, 5, 5), date(2027, 6, 2))


def test_the_return_moves_the_post_return_window_and_enhanced_supervision(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with time_machine.travel("2027-09-01 09:00 +00:00", tick=False):
        absence_record_return(
            absence=absence, actor=people.supervisor, returned_on=date(2027, 9, 1)
        )
    absence.refresh_from_db()
    assert absence.return_on == date(2027, 9, 1)
    # 10 working days from Wed 1 Sep 2027 end on Tue 14 Sep, before the window opens (15 Sep).
    assert windows(absence)[MeetingKind.POST_RETURN] == (date(2027, 9, 15), date(2027, 9, 29))


def test_a_return_in_the_future_is_refused(people):
    absence = log_absence(people.membership, starts_on=date(2026, 9, 1), expected_return_on=RETURN)
    with pytest.raises(ApplicationError, match="cannot be in the future"):
        absence_record_return(absence=absence, actor=people.supervisor, returned_on=RETURN)


def test_an_extension_moves_the_post_return_window_to_the_end_of_supervision(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    enhanced_supervision_extend(
        plan=absence.plan, actor=people.supervisor, days=10, reason="Needs more theatre time"
    )
    absence.plan.refresh_from_db()
    assert absence.plan.es_total_days == 20
    assert windows(absence)[MeetingKind.POST_RETURN] == (date(2027, 9, 22), date(2027, 10, 6))
    assert absence.plan.es_extensions.get().reason == "Needs more theatre time"


def test_overlapping_absences_are_refused(people):
    log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with pytest.raises(ApplicationError, match="overlap"):
        log_absence(
            people.membership, starts_on=date(2027, 8, 1), expected_return_on=date(2027, 12, 1)
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"expected_return_on": START}, "return date must be after"),
        ({"reason": AbsenceReason.PARENTAL, "parental_leave": ""}, "kind of parental leave"),
        ({"reason": AbsenceReason.OTHER}, "reason for the absence"),
        ({"reason": AbsenceReason.CARER, "sickness_details": "x"}, "sickness absence"),
    ],
)
def test_inconsistent_details_are_refused(people, kwargs, message):
    values = {"starts_on": START, "expected_return_on": RETURN, "reason": AbsenceReason.CARER}
    with pytest.raises(ApplicationError, match=message):
        absence_create(
            trainee=people.membership.trainee,
            planned=True,
            actor=people.supervisor,
            **{**values, **kwargs},
        )


def test_oopp_activation_creates_the_absence_and_plan_as_the_system(people):
    absence = absence_create(
        trainee=people.membership.trainee,
        reason=AbsenceReason.OOPP,
        starts_on=START,
        expected_return_on=date(2028, 2, 25),
        planned=True,
        system="oopp_activation",
    )
    assert absence.membership == people.membership
    assert absence.logged_by is None and absence.logged_by_system == "oopp_activation"
    assert absence.plan.meetings.count() == 3
    event = AuditEvent.objects.get(action="supportt.absence_create")
    assert event.actor_label == "system:oopp_activation"


def test_an_absence_needs_a_person_or_a_system(people):
    with pytest.raises(ValueError):
        absence_create(
            trainee=people.membership.trainee,
            reason=AbsenceReason.OOPP,
            starts_on=START,
            expected_return_on=RETURN,
            planned=True,
        )


def test_logging_tells_the_trainee_and_supervisor_but_not_the_person_who_logged(people):
    log_absence(people.membership, starts_on=START, expected_return_on=RETURN, actor=people.deanery)
    recipients = set(
        Notification.objects.filter(channel="EMAIL").values_list("recipient", flat=True)
    )
    assert recipients == {people.trainee.pk, people.supervisor.pk}
    body = Notification.objects.filter(channel="EMAIL").first().body_text
    assert "return-to-training plan" in body


def test_sickness_details_never_reach_the_email(people):
    log_absence(
        people.membership,
        reason=AbsenceReason.SICKNESS,
        starts_on=START,
        expected_return_on=RETURN,
        sickness_details="Secret detail",
        actor=people.deanery,
    )
    assert not Notification.objects.filter(body_text__contains="Secret").exists()
    assert Meeting.objects.count() == 3


@pytest.mark.parametrize(
    ("starts_on", "returns_on"), [(date(1900, 1, 1), date(1900, 6, 1)), (date(2099, 1, 5), None)]
)
def test_an_absence_outside_the_programme_is_refused_with_the_years_to_check(
    people, starts_on, returns_on
):
    # Found in the browser: 1900 and 2099 were saved, with a plan of meetings "due" in 1900.
    with pytest.raises(ApplicationError, match="must begin during the trainee's programme"):
        log_absence(
            people.membership,
            starts_on=starts_on,
            expected_return_on=returns_on or date(2099, 6, 1),
        )
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with pytest.raises(ApplicationError, match="Check the year of the first day"):
        absence_update_dates(
            absence=absence,
            actor=people.supervisor,
            starts_on=starts_on,
            expected_return_on=returns_on or date(2099, 6, 1),
        )
