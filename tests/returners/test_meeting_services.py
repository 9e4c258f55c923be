"""Meetings: schedule, record, sign off, acknowledge; the sign-off lock and addenda."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from portal.core.exceptions import ApplicationError
from portal.notifications.models import Notification
from returners.models import Meeting, MeetingKind, ReturnPlan
from returners.services import (
    absence_record_return,
    enhanced_supervision_extend,
    meeting_acknowledge,
    meeting_action_add,
    meeting_addendum_add,
    meeting_log,
    meeting_schedule,
    meeting_sign_off,
)
from tests.returners.factories import log_absence, meetings_by_kind

pytestmark = pytest.mark.django_db

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-20 09:00 +00:00", tick=False):
        yield


@pytest.fixture
def absence(people):
    return log_absence(people.membership, starts_on=START, expected_return_on=RETURN)


@pytest.fixture
def pre_absence(absence):
    return meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]


def signed(meeting, actor, **content):
    meeting_log(meeting=meeting, actor=actor, held_on=date(2027, 1, 19), content=content)
    return meeting_sign_off(meeting=meeting, actor=actor)


def test_a_meeting_is_scheduled_and_both_people_are_told(people, pre_absence):
    starts_at = timezone.make_aware(datetime(2027, 1, 26, 14, 0))
    meeting = meeting_schedule(
        meeting=pre_absence,
        actor=people.supervisor,
        starts_at=starts_at,
        duration_minutes=60,
        location="Education centre, room 2",
    )
    assert meeting.scheduled_end == timezone.make_aware(datetime(2027, 1, 26, 15, 0))
    assert meeting.invite_sequence == 0
    told = Notification.objects.filter(channel="EMAIL", subject__contains="arranged")
    assert {n.recipient_id for n in told} == {people.supervisor.pk, people.trainee.pk}


def test_moving_a_meeting_bumps_the_invite_sequence(people, pre_absence):
    for hour in (14, 15):
        meeting = meeting_schedule(
            meeting=pre_absence,
            actor=people.supervisor,
            duration_minutes=30,
            location="Room 1",
            starts_at=timezone.make_aware(datetime(2027, 1, 26, hour, 0)),
        )
    assert meeting.invite_sequence == 1


def test_a_meeting_cannot_be_scheduled_in_the_past_or_nowhere(people, pre_absence):
    with pytest.raises(ApplicationError, match="future"):
        meeting_schedule(
            meeting=pre_absence,
            actor=people.supervisor,
            duration_minutes=30,
            location="Room 1",
            starts_at=timezone.make_aware(datetime(2027, 1, 19, 14, 0)),
        )
    with pytest.raises(ApplicationError, match="video link"):
        meeting_schedule(
            meeting=pre_absence,
            actor=people.supervisor,
            duration_minutes=30,
            starts_at=timezone.make_aware(datetime(2027, 1, 26, 14, 0)),
        )


def test_recording_then_signing_off_locks_the_record(people, pre_absence):
    meeting_log(
        meeting=pre_absence,
        actor=people.supervisor,
        held_on=date(2027, 1, 19),
        content={"return_place": "Same trust"},
    )
    meeting_action_add(
        meeting=pre_absence, actor=people.supervisor, description="Book KIT days", owner="TRAINEE"
    )
    meeting = meeting_sign_off(meeting=pre_absence, actor=people.supervisor)
    assert meeting.status == Meeting.Status.SIGNED_OFF and meeting.signed_off_at

    with pytest.raises(ApplicationError, match="cannot be changed. Add an addendum instead"):
        meeting_log(
            meeting=meeting,
            actor=people.supervisor,
            held_on=date(2027, 1, 19),
            content={"return_place": "Changed"},
        )
    with pytest.raises(ApplicationError, match="cannot be changed"):
        meeting_action_add(
            meeting=meeting, actor=people.supervisor, description="Late", owner="TRAINEE"
        )
    meeting.refresh_from_db()
    assert meeting.content == {"return_place": "Same trust"}
    assert meeting.actions.count() == 1


def test_an_addendum_is_kept_beside_a_signed_off_record(people, pre_absence):
    meeting = signed(pre_absence, people.supervisor, return_place="Same trust")
    addendum = meeting_addendum_add(
        meeting=meeting, actor=people.supervisor, text="Return place is the other site."
    )
    meeting.refresh_from_db()
    assert meeting.content == {"return_place": "Same trust"}
    assert list(meeting.addenda.all()) == [addendum]


def test_an_addendum_before_sign_off_is_refused(people, pre_absence):
    meeting_log(meeting=pre_absence, actor=people.supervisor, held_on=date(2027, 1, 19), content={})
    with pytest.raises(ApplicationError, match="change it instead"):
        meeting_addendum_add(meeting=pre_absence, actor=people.supervisor, text="Note")


def test_signing_off_twice_is_harmless_but_someone_else_is_told_who_did_it(people, pre_absence):
    first = signed(pre_absence, people.supervisor)
    again = meeting_sign_off(meeting=pre_absence, actor=people.supervisor)
    assert again.signed_off_at == first.signed_off_at
    with pytest.raises(ApplicationError, match="already signed off by Sam Okafor"):
        meeting_sign_off(meeting=pre_absence, actor=people.tpd)


def test_a_meeting_not_recorded_cannot_be_signed_off(people, pre_absence):
    with pytest.raises(ApplicationError, match="Record the meeting"):
        meeting_sign_off(meeting=pre_absence, actor=people.supervisor)


def test_a_meeting_cannot_be_recorded_in_the_future(people, pre_absence):
    with pytest.raises(ApplicationError, match="future"):
        meeting_log(
            meeting=pre_absence, actor=people.supervisor, held_on=date(2027, 1, 21), content={}
        )


def test_the_trainee_acknowledges_with_a_comment_and_the_supervisor_is_told(people, pre_absence):
    with pytest.raises(ApplicationError, match="not been signed off"):
        meeting_acknowledge(meeting=pre_absence, actor=people.trainee)
    signed(pre_absence, people.supervisor)
    meeting = meeting_acknowledge(meeting=pre_absence, actor=people.trainee, comment="  Thanks  ")
    assert meeting.status == Meeting.Status.ACKNOWLEDGED
    assert meeting.trainee_comment == "Thanks"
    assert Notification.objects.filter(
        recipient=people.supervisor, subject__contains="acknowledged"
    ).exists()
    assert meeting_acknowledge(meeting=meeting, actor=people.trainee).trainee_comment == ("Thanks")


def test_signing_off_the_pre_return_meeting_applies_what_it_agreed(people, absence):
    pre_return = meetings_by_kind(absence)[MeetingKind.PRE_RETURN]
    signed(
        pre_return,
        people.supervisor,
        confirmed_return_date="2027-09-01",
        es_choice="TAKE",
        es_days=15,
        es_content="Ward and clinic, no nights",
        es_opt_out_reason="",
    )
    absence.refresh_from_db()
    plan = ReturnPlan.objects.get(absence=absence)
    assert absence.expected_return_on == date(2027, 9, 1)
    assert (plan.es_days, plan.es_content) == (15, "Ward and clinic, no nights")
    post_return = meetings_by_kind(absence)[MeetingKind.POST_RETURN]
    # 15 working days from Wed 1 Sep 2027 end on Tue 21 Sep; the window moves to open then.
    assert (post_return.opens_on, post_return.due_on) == (date(2027, 9, 21), date(2027, 10, 5))


def test_an_opt_out_is_explicit_and_stops_extensions(people, absence):
    pre_return = meetings_by_kind(absence)[MeetingKind.PRE_RETURN]
    signed(pre_return, people.supervisor, es_choice="OPT_OUT", es_opt_out_reason="Senior, declined")
    plan = ReturnPlan.objects.get(absence=absence)
    assert plan.es_opted_out and plan.es_opt_out_reason == "Senior, declined"
    assert plan.es_total_days == 0
    with pytest.raises(ApplicationError, match="opted out"):
        enhanced_supervision_extend(plan=plan, actor=people.supervisor, days=5, reason="More")


def test_the_post_return_meeting_needs_the_return_and_closes_the_plan(people, absence):
    post_return = meetings_by_kind(absence)[MeetingKind.POST_RETURN]
    with pytest.raises(ApplicationError, match="Record the trainee's return"):
        meeting_log(
            meeting=post_return, actor=people.supervisor, held_on=date(2027, 1, 19), content={}
        )
    with time_machine.travel("2027-09-10 09:00 +00:00", tick=False):
        absence_record_return(absence=absence, actor=people.supervisor, returned_on=RETURN)
        with pytest.raises(ApplicationError, match="on or after the return date"):
            meeting_log(
                meeting=post_return,
                actor=people.supervisor,
                held_on=date(2027, 8, 20),
                content={},
            )
        meeting_log(
            meeting=post_return, actor=people.supervisor, held_on=date(2027, 9, 9), content={}
        )
        meeting_sign_off(meeting=post_return, actor=people.supervisor)
    plan = ReturnPlan.objects.get(absence=absence)
    assert plan.status == ReturnPlan.Status.CLOSED and plan.closed_at is not None
