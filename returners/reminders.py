"""Reminders about SuppoRTT meetings not held yet (docs/rules.md §6 and §9), run by the
daily sweep in `portal.notifications.reminders`.

- Before a meeting is due, the trainee and their educational supervisor are reminded: 14 days
  before the due date, and for the pre-return meeting at 12 weeks before the return (when its
  window opens), whichever is earlier. The pre-return meeting of an OOPP is left to the OOPP's
  own prompt (`oopp.pre_return_prompt`), which goes to the same people at the same time.
- The day after the due date (plus any grace the office allows) an overdue meeting is flagged:
  the trainee, the supervisor and the programme's TPDs are told. The portal's plan lists show
  the overdue state all along; this is the message.

A meeting whose dates move (the return date changed, or the office's timings) has a new due
date, so its reminders go again for the new date.
"""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse

from portal.accounts.directory import Directory
from portal.notifications.audiences import Audience
from portal.notifications.reminders import Reminder, ReminderRule, register
from portal.notifications.thresholds import threshold, threshold_values
from returners.models import MeetingKind
from returners.selectors import meetings_due_between, survey_returns_between
from returners.services.survey import survey_dates_for

DAY = timedelta(days=1)


def _meetings(*, start, end):
    return (
        meetings_due_between(start=start, end=end)
        .select_related("plan__absence__membership__programme__local_office")
        # An OOPP's absence points back at its application; used to leave its pre-return
        # meeting to the OOPP rule.
        .annotate(oopp_application_id=F("plan__absence__oopp_application__id"))
        .order_by("due_on", "pk")
    )


def _context(meeting, **extra) -> dict:
    membership = meeting.plan.absence.membership
    supervisor = membership.educational_supervisor
    return {
        "meeting_name": meeting.get_kind_display(),
        "trainee_name": membership.trainee.user.get_full_name(),
        "supervisor_name": supervisor.get_full_name() if supervisor else "",
        "opens_on": meeting.opens_on,
        "scheduled_start": meeting.scheduled_start,
        **extra,
    }


def _link(meeting) -> str:
    return reverse("returners:meeting_detail", args=[meeting.pk])


def _pair(meeting) -> dict:
    membership = meeting.plan.absence.membership
    return {
        Audience.TRAINEE: [membership.trainee.user],
        Audience.SUPERVISOR: [membership.educational_supervisor],
    }


@register
class MeetingDueSoon(ReminderRule):
    """A SuppoRTT meeting not held yet is coming up."""

    name = "supportt.meeting_due"

    def reminders(self, *, today):
        days_before = max(threshold_values("supportt_meeting_reminder_days_before"))
        weeks_before = max(threshold_values("supportt_pre_return_reminder_weeks_before_return"))
        horizon = today + timedelta(days=max(days_before, 7 * weeks_before))
        for meeting in _meetings(start=today, end=horizon):
            if meeting.kind == MeetingKind.PRE_RETURN and meeting.oopp_application_id:
                continue
            office = meeting.plan.absence.membership.programme.local_office
            send_on = meeting.due_on - timedelta(
                days=threshold("supportt_meeting_reminder_days_before", local_office=office)
            )
            if meeting.kind == MeetingKind.PRE_RETURN:
                weeks = threshold(
                    "supportt_pre_return_reminder_weeks_before_return", local_office=office
                )
                send_on = min(send_on, meeting.plan.absence.return_on - timedelta(weeks=weeks))
            yield Reminder(
                obj=meeting,
                due_on=meeting.due_on,
                send_on=send_on,
                stale_after=meeting.due_on,  # then the overdue flag takes over
                to=_pair(meeting),
                notice="reminder_supportt_meeting_due",
                context=_context(
                    meeting,
                    action_text="View the meeting"
                    if meeting.scheduled_start
                    else "Arrange the meeting",
                ),
                link_path=_link(meeting),
            )


@register
class MeetingOverdue(ReminderRule):
    """A SuppoRTT meeting whose due date has passed without a record."""

    name = "supportt.meeting_overdue"

    def reminders(self, *, today):
        grace = threshold_values("supportt_overdue_grace_days")
        catch_up = max(threshold_values("reminder_catch_up_days"))
        meetings = _meetings(
            start=today - timedelta(days=catch_up + max(grace) + 1),
            end=today - timedelta(days=min(grace) + 1),
        ).prefetch_related("plan__absence__membership__programme__tpds")
        people = Directory(today)
        for meeting in meetings:
            membership = meeting.plan.absence.membership
            office = membership.programme.local_office
            overdue_on = meeting.due_on + timedelta(
                days=threshold("supportt_overdue_grace_days", local_office=office) + 1
            )
            yield Reminder(
                obj=meeting,
                due_on=meeting.due_on,
                send_on=overdue_on,
                stale_after=overdue_on
                + timedelta(days=threshold("reminder_catch_up_days", local_office=office)),
                to={**_pair(meeting), Audience.TPD: people.tpds(membership.programme)},
                notice="reminder_supportt_meeting_overdue",
                context=_context(meeting, action_text="Record the meeting"),
                link_path=_link(meeting),
            )


# The returners' survey (docs/rules.md §14): the invitation a set time after the return, and
# one reminder while it is still open and unanswered. The key is the absence and the day each
# was due, so a doubled sweep sends each once.


def _survey_returns(today, *, after: str):
    """Returns whose invitation (`after` = "invite") or reminder ("remind") could be due today
    in some office, up to the day the survey closes."""
    weeks = threshold_values("supportt_survey_weeks_after_return")
    open_weeks = max(threshold_values("supportt_survey_open_weeks"))
    lead = min(threshold_values("supportt_survey_reminder_weeks")) if after == "remind" else 0
    return survey_returns_between(
        start=today - timedelta(weeks=max(weeks) + open_weeks),
        end=today - timedelta(weeks=min(weeks) + lead),
    )


def _survey_reminder(absence, *, due_on, dates, notice) -> Reminder:
    return Reminder(
        obj=absence,
        due_on=due_on,
        stale_after=dates.last_day,
        to={Audience.TRAINEE: [absence.membership.trainee.user]},
        notice=notice,
        context={"closes_on": dates.last_day, "action_text": "Answer the survey"},
        link_path=reverse("returners:survey_start", args=[absence.pk]),
    )


@register
class SurveyInvitationDue(ReminderRule):
    """A returner's anonymous survey opens."""

    name = "supportt.survey_invite"

    def reminders(self, *, today):
        for absence in _survey_returns(today, after="invite"):
            dates = survey_dates_for(absence)
            yield _survey_reminder(
                absence, due_on=dates.invited_on, dates=dates, notice="supportt_survey_invite"
            )


@register
class SurveyReminderDue(ReminderRule):
    """The survey has not been answered two weeks after the invitation."""

    name = "supportt.survey_reminder"

    def reminders(self, *, today):
        for absence in _survey_returns(today, after="remind"):
            dates = survey_dates_for(absence)
            yield _survey_reminder(
                absence, due_on=dates.reminded_on, dates=dates, notice="supportt_survey_reminder"
            )
