"""Reminders and escalations about LTFT and OOPP applications (docs/rules.md §9), run by the
daily sweep in `portal.notifications.reminders`.

Each rule reads every application it could concern with one query per application kind (plus
the shared look-ups of `portal.accounts.directory`), whatever the number of trainees: the
query asks for the widest window any local office's thresholds allow, and each row is then
timed with its own office's values. The sweep holds back what is not due yet and drops what is
stale, and its ledger makes sure each reminder goes once per application and due date.

Rules, by the state the application is in:

- waiting on the TPD (SUBMITTED): nudge the TPDs after 5 working days, escalate to the office's
  deanery reviewers after 10. A resubmission starts the count again.
- waiting on the deanery (TPD_SUPPORTED): the decision is due 12 weeks before the start date;
  remind the case owner (or, with none, the office's reviewers) a few working days before, and
  escalate to all the office's reviewers the day after it is missed.
- a DRAFT whose start date is getting too close to give the office's full notice: tell the
  trainee before the last day they can submit with full notice.
- an ACTIVE OOPP ending: ask the trainee to confirm their intended return 6 months before the
  end, and prompt the pre-return meeting 12 weeks before it.
"""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from portal.accounts.directory import Directory
from portal.core.dates import add_months
from portal.core.workingdays import add_working_days
from portal.notifications.audiences import Audience
from portal.notifications.reminders import Reminder, ReminderRule, register
from portal.notifications.thresholds import threshold, threshold_values
from requests_ltft.choices import Status
from requests_ltft.deadlines import DAY, decide_by
from requests_ltft.kinds import KINDS, OOPP, Kind
from requests_ltft.services.applications import detail_path
from returners.models import Meeting, MeetingKind
from trainees.models import LocalOffice


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _submitted_between(earliest: date, latest: date) -> dict:
    """Filters for applications submitted on a day from `earliest` to `latest` (UK time), as
    a range on the indexed timestamp rather than a date cast per row."""
    return {"submitted_at__gte": _start_of(earliest), "submitted_at__lt": _start_of(latest + DAY)}


def _applications(kind: Kind, *, status, **filters):
    return (
        kind.model.objects.filter(status=status, **filters)
        .select_related("trainee__user", "programme__local_office", "case_owner")
        .order_by("pk")
    )


def _reminder(kind: Kind, application, *, link_path="", context: dict, **reminder) -> Reminder:
    """A reminder about `application`, linking to its page unless told otherwise. The context
    holds plain values only: templates render while the sweep runs, and a related object
    reached from a template would cost a query per message."""
    return Reminder(
        obj=application,
        link_path=link_path or detail_path(application),
        context={**_context(kind, application), **context},
        **reminder,
    )


def _context(kind: Kind, application) -> dict:
    return {
        "kind": kind.title,
        "kind_long": kind.long_title,
        "trainee_name": application.trainee.user.get_full_name(),
        "programme_name": application.programme.name,
        "office_name": application.programme.local_office.name,
        "start_date": application.start_date,
    }


def _widest(name: str) -> tuple[int, int]:
    values = threshold_values(name)
    return min(values), max(values)


# Waiting on the TPD ---------------------------------------------------------------------------


class _WaitingOnTpd(NamedTuple):
    kind: Kind
    application: object
    office: LocalOffice
    submitted_on: date
    days: int  # the office's working days for the rule's threshold
    due_on: date  # that many working days after submission


def _waiting_on_tpd(today: date, *, threshold_name: str, since: date):
    """Each kind's applications still with the TPD, submitted from `since` (before then they
    are stale for every office) until the threshold of working days `threshold_name` has
    passed for the earliest office, each timed with its own office's value."""
    earliest, _ = _widest(threshold_name)
    window = _submitted_between(since, add_working_days(today, -earliest))
    for kind in KINDS:
        waiting = _applications(kind, status=Status.SUBMITTED, **window)
        for application in waiting.prefetch_related("programme__tpds"):
            office = application.programme.local_office
            submitted_on = timezone.localdate(application.submitted_at)
            days = threshold(threshold_name, local_office=office)
            due_on = add_working_days(submitted_on, days)
            yield _WaitingOnTpd(kind, application, office, submitted_on, days, due_on)


def _catch_up(office) -> timedelta:
    return timedelta(days=threshold("reminder_catch_up_days", local_office=office))


@register
class ApplicationTpdNudge(ReminderRule):
    """A submitted application the TPD has not acted on within 5 working days."""

    name = "application.tpd_nudge"

    def reminders(self, *, today):
        _, escalate_max = _widest("tpd_escalation_working_days")
        people = Directory(today)
        # Due at the earliest office's nudge; stale once even the latest office has escalated.
        for waiting in _waiting_on_tpd(
            today,
            threshold_name="tpd_nudge_working_days",
            since=add_working_days(today, -escalate_max),
        ):
            escalate_on = add_working_days(
                waiting.submitted_on,
                threshold("tpd_escalation_working_days", local_office=waiting.office),
            )
            yield _reminder(
                waiting.kind,
                waiting.application,
                due_on=waiting.due_on,
                # From the escalation on, the deanery has it; a nudge then adds nothing.
                stale_after=escalate_on - DAY,
                to={Audience.TPD: people.tpds(waiting.application.programme)},
                notice="reminder_tpd_nudge",
                context={
                    "days": waiting.days,
                    "submitted_on": waiting.submitted_on,
                    "escalate_on": escalate_on,
                    "action_text": "Support it or return it for changes",
                },
            )


@register
class ApplicationTpdEscalation(ReminderRule):
    """Still with the TPD after 10 working days: the office's deanery reviewers are told."""

    name = "application.tpd_escalation"

    def reminders(self, *, today):
        _, escalate_max = _widest("tpd_escalation_working_days")
        _, catch_up = _widest("reminder_catch_up_days")
        people = Directory(today)
        for waiting in _waiting_on_tpd(
            today,
            threshold_name="tpd_escalation_working_days",
            since=add_working_days(today - timedelta(days=catch_up), -escalate_max),
        ):
            tpds = people.tpds(waiting.application.programme)
            yield _reminder(
                waiting.kind,
                waiting.application,
                due_on=waiting.due_on,
                stale_after=waiting.due_on + _catch_up(waiting.office),
                to={Audience.DEANERY: people.deanery(waiting.office.pk)},
                notice="reminder_tpd_escalation",
                context={
                    "days": waiting.days,
                    "submitted_on": waiting.submitted_on,
                    "tpd_names": ", ".join(tpd.get_full_name() for tpd in tpds),
                    "action_text": "View the application",
                },
            )


# Waiting on the deanery -----------------------------------------------------------------------


def _waiting_on_deanery(*, due_from: date, due_until: date):
    """Each kind's applications waiting on the deanery whose decision falls due from `due_from`
    to `due_until` for some office: the query asks for the start dates that far ahead for the
    offices with the fewest and the most weeks (docs/rules.md §9), and each row is then timed
    with its own office's decision date."""
    weeks_min, weeks_max = _widest("dean_decision_weeks_before_start")
    starts = {
        "start_date__gte": due_from + timedelta(weeks=weeks_min),
        "start_date__lte": due_until + timedelta(weeks=weeks_max),
    }
    for kind in KINDS:
        for application in _applications(kind, status=Status.TPD_SUPPORTED, **starts):
            yield kind, application, application.programme.local_office, decide_by(application)


@register
class ApplicationDecisionDue(ReminderRule):
    """The deanery's decision falls due: remind whoever is deciding a few working days before."""

    name = "application.decision_due"

    def reminders(self, *, today):
        _, lead_max = _widest("dean_decision_reminder_working_days_before")
        people = Directory(today)
        # Sendable from `lead` working days before the decision date up to that date itself.
        for kind, application, office, decision_due in _waiting_on_deanery(
            due_from=today, due_until=add_working_days(today, lead_max + 1)
        ):
            lead = threshold("dean_decision_reminder_working_days_before", local_office=office)
            owner = application.case_owner
            deciders = [owner] if owner and owner.is_active else people.deanery(office.pk)
            yield _reminder(
                kind,
                application,
                due_on=decision_due,
                send_on=add_working_days(decision_due, -lead),
                stale_after=decision_due,  # the overdue escalation takes over after it
                to={Audience.DEANERY: deciders},
                notice="reminder_decision_due",
                context={"decide_by": decision_due, "action_text": "Make the decision"},
            )


@register
class ApplicationDecisionOverdue(ReminderRule):
    """The decision date has passed without a decision: every reviewer in the office is told."""

    name = "application.decision_overdue"

    def reminders(self, *, today):
        _, catch_up = _widest("reminder_catch_up_days")
        people = Directory(today)
        # Overdue from the day after the decision date, until the catch-up days have passed.
        for kind, application, office, decision_due in _waiting_on_deanery(
            due_from=today - timedelta(days=catch_up + 1), due_until=today - DAY
        ):
            overdue_on = decision_due + DAY
            owner = application.case_owner
            yield _reminder(
                kind,
                application,
                due_on=decision_due,
                send_on=overdue_on,
                stale_after=overdue_on + _catch_up(office),
                to={Audience.DEANERY: [*people.deanery(office.pk), owner]},
                notice="reminder_decision_overdue",
                context={
                    "decide_by": decision_due,
                    "case_owner_name": owner.get_full_name() if owner else "",
                    "action_text": "Make the decision",
                },
            )


# Drafts running out of notice -----------------------------------------------------------------


@register
class DraftRunningOutOfNotice(ReminderRule):
    """A draft whose start date will soon be too close to give full notice: the trainee is told
    before the last day they can submit without an exceptional reason."""

    name = "application.draft_notice"

    def reminders(self, *, today):
        _, warn_max = _widest("draft_notice_warning_working_days")
        notice = LocalOffice.objects.aggregate(
            weeks_min=Min("ltft_notice_weeks"),
            weeks_max=Max("ltft_notice_weeks"),
            months_min=Min("oopp_notice_months"),
            months_max=Max("oopp_notice_months"),
        )
        if notice["weeks_min"] is None:
            return
        horizon = add_working_days(today, warn_max + 1)
        # The start dates each kind's drafts may have for a warning to be due by `horizon`.
        windows = {
            "ltft": (
                today + timedelta(weeks=notice["weeks_min"]),
                horizon + timedelta(weeks=notice["weeks_max"]),
            ),
            "oopp": (
                add_months(today, notice["months_min"]) - timedelta(days=3),
                add_months(horizon, notice["months_max"]) + timedelta(days=3),
            ),
        }
        for kind in KINDS:
            earliest, latest = windows[kind.slug]
            drafts = _applications(
                kind, status=Status.DRAFT, start_date__gte=earliest, start_date__lte=latest
            )
            for application in drafts:
                office = application.programme.local_office
                submit_by = kind.last_full_notice_day(application)
                warn = threshold("draft_notice_warning_working_days", local_office=office)
                yield _reminder(
                    kind,
                    application,
                    due_on=submit_by,
                    send_on=add_working_days(submit_by, -warn),
                    # After this day the form itself asks for an exceptional reason.
                    stale_after=submit_by,
                    to={Audience.TRAINEE: [application.trainee.user]},
                    notice="reminder_draft_notice",
                    context={"submit_by": submit_by, "action_text": "Continue your application"},
                )


# An OOPP ending -------------------------------------------------------------------------------


def _active_oopps_ending(today: date, *, weeks_name: str):
    """Active pauses ending within the widest `weeks_name`, each with its office's value."""
    _, weeks_max = _widest(weeks_name)
    ending = (
        OOPP.model.objects.filter(
            status=Status.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + timedelta(weeks=weeks_max),
        )
        .select_related(
            "trainee__user",
            "programme__local_office",
            "absence__membership__educational_supervisor",
        )
        .order_by("pk")
    )
    return [
        (application, threshold(weeks_name, local_office=application.programme.local_office))
        for application in ending
    ]


def _ending_context(application, action_text: str, **extra) -> dict:
    return {
        "end_date": application.end_date,
        "return_date": application.intended_return_date,
        "action_text": action_text,
        **extra,
    }


@register
class OoppReturnConfirmation(ReminderRule):
    """Six months before an OOPP ends, the trainee confirms the date they intend to return."""

    name = "oopp.return_confirmation"

    def reminders(self, *, today):
        ending = _active_oopps_ending(today, weeks_name="oopp_return_confirmation_weeks_before_end")
        for application, weeks in ending:
            yield _reminder(
                OOPP,
                application,
                due_on=application.end_date - timedelta(weeks=weeks),
                # A short pause reaches this point as it starts; still worth asking until it ends.
                stale_after=application.end_date,
                to={Audience.TRAINEE: [application.trainee.user]},
                notice="reminder_oopp_return_confirmation",
                context=_ending_context(application, "View your OOPP"),
            )


@register
class OoppPreReturnPrompt(ReminderRule):
    """Twelve weeks before an OOPP ends, the trainee and their educational supervisor are
    prompted to hold the pre-return meeting (unless it has been held already)."""

    name = "oopp.pre_return_prompt"

    def reminders(self, *, today):
        ending = _active_oopps_ending(today, weeks_name="oopp_pre_return_prompt_weeks_before_end")
        # The pre-return meetings of all of them in one query, not one per pause.
        meetings = {
            meeting.plan.absence_id: meeting
            for meeting in Meeting.objects.filter(
                kind=MeetingKind.PRE_RETURN,
                plan__absence__in=[
                    application.absence_id for application, _ in ending if application.absence_id
                ],
            ).select_related("plan")
        }
        for application, weeks in ending:
            meeting = meetings.get(application.absence_id)
            if meeting is not None and meeting.is_held:
                continue
            supervisor = (
                application.absence.membership.educational_supervisor
                if application.absence_id
                else None
            )
            yield _reminder(
                OOPP,
                application,
                due_on=application.end_date - timedelta(weeks=weeks),
                stale_after=application.end_date,
                to={
                    Audience.TRAINEE: [application.trainee.user],
                    Audience.SUPERVISOR: [supervisor],
                },
                notice="reminder_oopp_pre_return",
                context=_ending_context(
                    application,
                    "View the pre-return meeting" if meeting else "View the OOPP",
                    meeting_due_on=meeting.due_on if meeting else None,
                ),
                link_path=reverse("returners:meeting_detail", args=[meeting.pk])
                if meeting is not None
                else "",
            )
