"""The application reminder rules (requests_ltft/reminders.py), with the clock moved: nothing
before its time, sent on time, escalated when overdue, never repeated.

Dates used throughout (2026): applications are submitted on Monday 2 March; an LTFT change
starts on Wednesday 5 August, an OOPP runs from Monday 6 July to Tuesday 5 January 2027.
"""

from datetime import date, datetime, timedelta

import pytest

from portal.core.workingdays import add_working_days
from portal.notifications.models import Notification, ReminderSent
from requests_ltft import deadlines
from requests_ltft import reminders as rules
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.services import ltft, oopp
from returners.models import MeetingKind
from returners.services import meeting_log
from tests.factories import UserFactory, deputy, local_office
from tests.reminder_clock import LONDON, at, run_on, sent_to

pytestmark = pytest.mark.django_db

SUBMITTED_ON = date(2026, 3, 2)  # a Monday
LTFT_START = date(2026, 8, 5)
OOPP_START, OOPP_END, OOPP_RETURN = date(2026, 7, 6), date(2027, 1, 5), date(2027, 1, 6)


def email_of(rule, recipient) -> Notification:
    ledger = ReminderSent.objects.get(rule=rule.name)
    return Notification.objects.get(dedupe_key=f"reminder:{ledger.pk}:{recipient.pk}:EMAIL")


KIND = {"ltft": (ltft, LtftApplication), "oopp": (oopp, OoppApplication)}


@pytest.fixture(params=["ltft", "oopp"])
def kind(request):
    return request.param


@pytest.fixture
def p(kind, request):
    """The people around one application of the kind under test, with fixed dates."""
    p = request.getfixturevalue("people" if kind == "ltft" else "oopp_people")
    model = KIND[kind][1]
    if kind == "ltft":
        model.objects.filter(pk=p.application.pk).update(start_date=LTFT_START, end_date=None)
    else:
        model.objects.filter(pk=p.application.pk).update(
            start_date=OOPP_START, end_date=OOPP_END, intended_return_date=OOPP_RETURN
        )
    p.application.refresh_from_db()
    p.kind = kind
    return p


def submit(p, on: date = SUBMITTED_ON):
    services = KIND[p.kind][0]
    with at(on, hour=10):
        submit_service = getattr(services, f"{p.kind}_submit")
        p.application = submit_service(application=p.application, actor=p.trainee)
    return p.application


def support(p, on: date = SUBMITTED_ON):
    submit(p, on)
    services = KIND[p.kind][0]
    with at(on, hour=11):
        p.application = getattr(services, f"{p.kind}_tpd_support")(
            application=p.application, actor=p.tpd
        )
    return p.application


# Waiting on the TPD: nudge after 5 working days, escalate after 10 ------------------------------

NUDGE_ON = date(2026, 3, 9)  # five working days after Monday 2 March
ESCALATE_ON = date(2026, 3, 16)  # ten


def test_the_tpd_is_nudged_after_five_working_days_and_only_once(p):
    submit(p)
    assert run_on(date(2026, 3, 6), rules.ApplicationTpdNudge) == 0  # four working days
    assert run_on(NUDGE_ON, rules.ApplicationTpdNudge) == 1
    assert run_on(NUDGE_ON, rules.ApplicationTpdNudge) == 0
    assert run_on(date(2026, 3, 10), rules.ApplicationTpdNudge) == 0
    assert sent_to(rules.ApplicationTpdNudge) == [p.tpd.email]
    email = email_of(rules.ApplicationTpdNudge, p.tpd)
    assert email.subject.endswith("has been waiting 5 working days for you")
    assert "2 March 2026" in email.body_text
    assert email.link_url == f"/applications/{p.kind}/{p.application.pk}/"
    # And in the portal.
    assert Notification.objects.filter(channel="IN_APP", recipient=p.tpd).exists()


def test_it_escalates_to_the_offices_deanery_after_ten_working_days(p):
    submit(p)
    run_on(NUDGE_ON, rules.ApplicationTpdNudge)
    assert run_on(date(2026, 3, 13), rules.ApplicationTpdEscalation) == 0  # nine working days
    assert run_on(ESCALATE_ON, rules.ApplicationTpdEscalation) == 1
    assert run_on(date(2026, 3, 17), rules.ApplicationTpdEscalation) == 0
    # Only the application's own office: not the other office's reviewer, not the TPD.
    assert sent_to(rules.ApplicationTpdEscalation) == [p.deanery.email]
    body = email_of(rules.ApplicationTpdEscalation, p.deanery).body_text
    assert p.tpd.get_full_name() in body


def test_a_nudge_missed_until_the_escalation_is_not_sent_late(p):
    submit(p)
    assert run_on(ESCALATE_ON, rules.ApplicationTpdNudge) == 0
    assert run_on(ESCALATE_ON, rules.ApplicationTpdEscalation) == 1


def test_a_missed_escalation_is_caught_up_for_two_weeks_then_dropped(p):
    submit(p)
    assert run_on(date(2026, 3, 30), rules.ApplicationTpdEscalation) == 1
    p.application.__class__.objects.filter(pk=p.application.pk).update(
        submitted_at=datetime(2026, 2, 2, 10, tzinfo=LONDON)
    )
    # Due on 16 February, more than 14 days before: stale.
    assert run_on(date(2026, 3, 4), rules.ApplicationTpdEscalation) == 0


def test_nothing_is_sent_once_the_tpd_has_acted(p):
    support(p)
    assert run_on(NUDGE_ON, rules.ApplicationTpdNudge) == 0
    assert run_on(ESCALATE_ON, rules.ApplicationTpdEscalation) == 0


def test_a_deputy_acting_for_the_tpd_is_nudged_too(p):
    stand_in = UserFactory()
    deputy(tpd=p.tpd, deputy_user=stand_in, starts_on=NUDGE_ON, ends_on=NUDGE_ON)
    submit(p)
    run_on(NUDGE_ON, rules.ApplicationTpdNudge)
    assert sent_to(rules.ApplicationTpdNudge) == sorted([p.tpd.email, stand_in.email])


def test_a_resubmission_starts_the_count_again(p):
    submit(p)
    run_on(NUDGE_ON, rules.ApplicationTpdNudge)
    services = KIND[p.kind][0]
    with at(date(2026, 3, 10), hour=9):
        getattr(services, f"{p.kind}_return_for_changes")(
            application=p.application, actor=p.tpd, reason="Please add dates"
        )
    p.application.refresh_from_db()
    submit(p, on=date(2026, 3, 11))
    assert run_on(date(2026, 3, 17), rules.ApplicationTpdNudge) == 0
    assert run_on(date(2026, 3, 18), rules.ApplicationTpdNudge) == 1
    assert sent_to(rules.ApplicationTpdNudge) == [p.tpd.email, p.tpd.email]


def test_an_office_can_set_its_own_timings(p, settings):
    settings.REMINDER_THRESHOLDS_BY_OFFICE = {"HENW": {"tpd_nudge_working_days": 3}}
    submit(p)
    assert run_on(date(2026, 3, 4), rules.ApplicationTpdNudge) == 0
    assert run_on(date(2026, 3, 5), rules.ApplicationTpdNudge) == 1
    settings.REMINDER_THRESHOLDS_BY_OFFICE = {"HEYHD": {"tpd_nudge_working_days": 3}}
    assert run_on(date(2026, 3, 6), rules.ApplicationTpdNudge) == 0  # another office's value


# Waiting on the deanery: due 12 weeks before the start ------------------------------------------


def decide_by(p) -> date:
    start = LTFT_START if p.kind == "ltft" else OOPP_START
    return start - timedelta(weeks=12)


def test_the_deanery_is_reminded_before_the_decision_falls_due(p):
    support(p)
    due = decide_by(p)  # 13 May (LTFT) or 13 April (OOPP)
    remind_on = add_working_days(due, -5)
    assert run_on(remind_on - timedelta(days=1), rules.ApplicationDecisionDue) == 0
    assert run_on(remind_on, rules.ApplicationDecisionDue) == 1
    assert run_on(due, rules.ApplicationDecisionDue) == 0
    assert sent_to(rules.ApplicationDecisionDue) == [p.deanery.email]
    assert f"{due:%-d %B %Y}" in email_of(rules.ApplicationDecisionDue, p.deanery).subject


def test_the_decision_reminder_goes_to_the_case_owner_when_there_is_one(p):
    support(p)
    owner = p.deanery
    KIND[p.kind][1].objects.filter(pk=p.application.pk).update(case_owner=owner)
    colleague = UserFactory()
    colleague.roles.create(kind="DEANERY", local_office=local_office("HENW"))
    run_on(decide_by(p), rules.ApplicationDecisionDue)
    assert sent_to(rules.ApplicationDecisionDue) == [owner.email]


def test_an_overdue_decision_is_escalated_the_day_after_and_only_once(p):
    support(p)
    colleague = UserFactory()
    colleague.roles.create(kind="DEANERY", local_office=local_office("HENW"))
    due = decide_by(p)
    assert run_on(due, rules.ApplicationDecisionOverdue) == 0
    assert run_on(due + timedelta(days=1), rules.ApplicationDecisionOverdue) == 1
    assert run_on(due + timedelta(days=2), rules.ApplicationDecisionOverdue) == 0
    assert sent_to(rules.ApplicationDecisionOverdue) == sorted([p.deanery.email, colleague.email])
    email = email_of(rules.ApplicationDecisionOverdue, p.deanery)
    assert email.subject.startswith("Overdue:")


def test_a_decided_application_is_not_chased(p):
    support(p)
    services = KIND[p.kind][0]
    with at(date(2026, 3, 3)):
        getattr(services, f"{p.kind}_approve")(application=p.application, actor=p.deanery)
    due = decide_by(p)
    assert run_on(due, rules.ApplicationDecisionDue) == 0
    assert run_on(due + timedelta(days=1), rules.ApplicationDecisionOverdue) == 0


# A draft running out of notice ---------------------------------------------------------------

# LTFT: 16 weeks' notice for 5 August is 15 April; ten working days before is 30 March (Easter
# falls between). OOPP: 3 months' notice for 6 July is 6 April; ten working days before is 20
# March.
SUBMIT_BY = {"ltft": date(2026, 4, 15), "oopp": date(2026, 4, 6)}
WARN_ON = {"ltft": date(2026, 3, 30), "oopp": date(2026, 3, 20)}


def test_the_trainee_is_warned_before_a_draft_runs_out_of_notice(p):
    warn_on, submit_by = WARN_ON[p.kind], SUBMIT_BY[p.kind]
    assert run_on(add_working_days(warn_on, -1), rules.DraftRunningOutOfNotice) == 0
    assert run_on(warn_on, rules.DraftRunningOutOfNotice) == 1
    assert run_on(add_working_days(warn_on, 1), rules.DraftRunningOutOfNotice) == 0
    assert sent_to(rules.DraftRunningOutOfNotice) == [p.trainee.email]
    email = email_of(rules.DraftRunningOutOfNotice, p.trainee)
    assert f"by {submit_by:%-d %B %Y}" in email.subject
    assert ReminderSent.objects.get().due_on == submit_by


def test_the_last_full_notice_day_matches_the_submission_rules(p):
    # One day later the submission is short notice; on the day it is not.
    from requests_ltft.eligibility import ltft as ltft_rules
    from requests_ltft.eligibility import oopp as oopp_rules

    submit_by = SUBMIT_BY[p.kind]
    if p.kind == "ltft":
        assert deadlines.ltft_last_full_notice_day(p.application) == submit_by

        def short(on):
            return ltft_rules.is_short_notice(start=LTFT_START, weeks=16, on=on)
    else:
        assert deadlines.oopp_last_full_notice_day(p.application) == submit_by

        def short(on):
            return oopp_rules.is_short_notice(start=OOPP_START, months=3, on=on)

    assert not short(submit_by)
    assert short(submit_by + timedelta(days=1))


def test_no_warning_once_it_is_too_late_or_submitted(p):
    assert run_on(SUBMIT_BY[p.kind] + timedelta(days=1), rules.DraftRunningOutOfNotice) == 0
    submit(p, on=date(2026, 3, 2))
    assert run_on(WARN_ON[p.kind], rules.DraftRunningOutOfNotice) == 0


# An OOPP ending: confirm the return at 26 weeks, pre-return meeting at 12 ----------------------


@pytest.fixture
def active_oopp(oopp_people):
    p = oopp_people
    OoppApplication.objects.filter(pk=p.application.pk).update(
        start_date=OOPP_START, end_date=OOPP_END, intended_return_date=OOPP_RETURN
    )
    p.application.refresh_from_db()
    p.kind = "oopp"
    support(p)
    with at(date(2026, 3, 3)):
        oopp.oopp_approve(application=p.application, actor=p.deanery)
    with at(OOPP_START, hour=5):
        assert oopp.oopp_apply_due_transitions() == 1
    p.application.refresh_from_db()
    assert p.application.status == Status.ACTIVE
    return p


CONFIRM_ON = OOPP_END - timedelta(weeks=26)  # Tuesday 7 July 2026
PROMPT_ON = OOPP_END - timedelta(weeks=12)  # Tuesday 13 October 2026


def test_the_trainee_confirms_the_return_six_months_before_the_end(active_oopp):
    assert date(2026, 7, 7) == CONFIRM_ON
    assert run_on(OOPP_START, rules.OoppReturnConfirmation) == 0
    assert run_on(CONFIRM_ON, rules.OoppReturnConfirmation) == 1
    assert run_on(date(2026, 7, 8), rules.OoppReturnConfirmation) == 0
    assert sent_to(rules.OoppReturnConfirmation) == [active_oopp.trainee.email]
    body = email_of(rules.OoppReturnConfirmation, active_oopp.trainee).body_text
    assert "6 January 2027" in body


def test_the_pre_return_meeting_is_prompted_twelve_weeks_before_the_end(active_oopp):
    p = active_oopp
    assert run_on(PROMPT_ON - timedelta(days=1), rules.OoppPreReturnPrompt) == 0
    assert run_on(PROMPT_ON, rules.OoppPreReturnPrompt) == 1
    assert run_on(PROMPT_ON + timedelta(days=1), rules.OoppPreReturnPrompt) == 0
    assert sent_to(rules.OoppPreReturnPrompt) == sorted([p.trainee.email, p.supervisor.email])
    meeting = p.application.absence.plan.meetings.get(kind=MeetingKind.PRE_RETURN)
    email = email_of(rules.OoppPreReturnPrompt, p.supervisor)
    assert email.link_url == f"/return-to-training/meetings/{meeting.pk}/"
    assert f"{meeting.due_on:%-d %B %Y}" in email.body_text


def test_no_prompt_when_the_pre_return_meeting_was_already_held(active_oopp):
    p = active_oopp
    meeting = p.application.absence.plan.meetings.get(kind=MeetingKind.PRE_RETURN)
    with at(date(2026, 10, 1), hour=12):
        meeting_log(meeting=meeting, actor=p.supervisor, held_on=date(2026, 10, 1), content={})
    assert run_on(PROMPT_ON, rules.OoppPreReturnPrompt) == 0


def test_nothing_about_a_pause_that_has_ended(active_oopp):
    with at(OOPP_RETURN, hour=5):
        assert oopp.oopp_apply_due_transitions() == 1
    assert run_on(date(2027, 1, 7), rules.OoppReturnConfirmation) == 0
    assert run_on(date(2027, 1, 7), rules.OoppPreReturnPrompt) == 0
