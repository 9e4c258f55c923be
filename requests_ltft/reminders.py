"""Reminders and escalations about LTFT and OOPP applications (docs/rules.md §9;
the dates in §1), run by the daily sweep in `portal.notifications.reminders`.

Each rule reads every application it could concern with one query per application kind (plus
the shared look-ups in `portal.notifications.recipients`), whatever the number of trainees: the
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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from portal.core.workingdays import add_working_days
from portal.notifications.recipients import Directory
from portal.notifications.reminders import Reminder, ReminderRule, register
from portal.notifications.thresholds import threshold, threshold_values
from requests_ltft.applications import ApplicationType
from requests_ltft.choices import Status
from requests_ltft.oopp import rules as oopp_rules
from requests_ltft.oopp.services import OOPP
from requests_ltft.services import LTFT
from returners.models import Meeting, MeetingKind
from returners.windows import add_months
from trainees.models import LocalOffice


@dataclass(frozen=True)
class Kind:
    type: ApplicationType
    short: str  # in subjects: "LTFT application"
    long: str  # in sentences: "application to train less than full time"


KINDS = (
    Kind(LTFT, "LTFT application", "application to train less than full time"),
    Kind(OOPP, "OOPP application", "application for an Out of Programme Pause"),
)


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _submitted_between(earliest: date, latest: date) -> dict:
    """Filters for applications submitted on a day from `earliest` to `latest` (UK time), as
    a range on the indexed timestamp rather than a date cast per row."""
    return {"submitted_at__gte": _start_of(earliest), "submitted_at__lt": _start_of(latest + DAY)}


DAY = timedelta(days=1)


def _applications(kind: Kind, *, status, **filters):
    return (
        kind.type.model.objects.filter(status=status, **filters)
        .select_related("trainee__user", "programme__local_office", "case_owner")
        .order_by("pk")
    )


def _context(kind: Kind, application, **extra) -> dict:
    # Plain values only: templates render while the sweep runs, and a related object reached
    # from a template would cost a query per message.
    return {
        "kind": kind.short,
        "kind_long": kind.long,
        "trainee_name": application.trainee.user.get_full_name(),
        "programme_name": application.programme.name,
        "office_name": application.programme.local_office.name,
        "start_date": application.start_date,
        **extra,
    }


def _widest(name: str) -> tuple[int, int]:
    values = threshold_values(name)
    return min(values), max(values)


# Waiting on the TPD ---------------------------------------------------------------------------


@register
class ApplicationTpdNudge(ReminderRule):
    """A submitted application the TPD has not acted on within 5 working days."""

    name = "application.tpd_nudge"

    def reminders(self, *, today):
        nudge_min, _ = _widest("tpd_nudge_working_days")
        _, escalate_max = _widest("tpd_escalation_working_days")
        # Due at the earliest office's nudge; stale once even the latest office has escalated.
        window = _submitted_between(
            add_working_days(today, -escalate_max), add_working_days(today, -nudge_min)
        )
        people = Directory(today)
        for kind in KINDS:
            waiting = _applications(kind, status=Status.SUBMITTED, **window).prefetch_related(
                "programme__tpds"
            )
            for application in waiting:
                office = application.programme.local_office
                submitted_on = timezone.localdate(application.submitted_at)
                days = threshold("tpd_nudge_working_days", local_office=office)
                escalate_on = add_working_days(
                    submitted_on, threshold("tpd_escalation_working_days", local_office=office)
                )
                yield Reminder(
                    obj=application,
                    due_on=add_working_days(submitted_on, days),
                    # From the escalation on, the deanery has it; a nudge then adds nothing.
                    stale_after=escalate_on - DAY,
                    recipients=people.tpds(application.programme),
                    subject=f"An {kind.short} has been waiting {days} working days for you",
                    template="reminder_tpd_nudge",
                    context=_context(
                        kind,
                        application,
                        days=days,
                        submitted_on=submitted_on,
                        escalate_on=escalate_on,
                        action_text="Support it or return it for changes",
                    ),
                    link_path=kind.type.detail_path(application),
                )


@register
class ApplicationTpdEscalation(ReminderRule):
    """Still with the TPD after 10 working days: the office's deanery reviewers are told."""

    name = "application.tpd_escalation"

    def reminders(self, *, today):
        escalate_min, escalate_max = _widest("tpd_escalation_working_days")
        _, catch_up = _widest("reminder_catch_up_days")
        window = _submitted_between(
            add_working_days(today - timedelta(days=catch_up), -escalate_max),
            add_working_days(today, -escalate_min),
        )
        people = Directory(today)
        for kind in KINDS:
            waiting = _applications(kind, status=Status.SUBMITTED, **window).prefetch_related(
                "programme__tpds"
            )
            for application in waiting:
                office = application.programme.local_office
                submitted_on = timezone.localdate(application.submitted_at)
                days = threshold("tpd_escalation_working_days", local_office=office)
                due_on = add_working_days(submitted_on, days)
                tpds = people.tpds(application.programme)
                yield Reminder(
                    obj=application,
                    due_on=due_on,
                    stale_after=due_on
                    + timedelta(days=threshold("reminder_catch_up_days", local_office=office)),
                    recipients=people.deanery(office.pk),
                    subject=f"An {kind.short} has waited {days} working days for the TPD",
                    template="reminder_tpd_escalation",
                    context=_context(
                        kind,
                        application,
                        days=days,
                        submitted_on=submitted_on,
                        tpd_names=", ".join(t.get_full_name() for t in tpds),
                        action_text="View the application",
                    ),
                    link_path=kind.type.detail_path(application),
                )


# Waiting on the deanery -----------------------------------------------------------------------


def _decide_by(application) -> date:
    """The last day for the decision: 12 weeks (the office's value) before the start, so the
    employer gets its notice."""
    weeks = threshold(
        "dean_decision_weeks_before_start", local_office=application.programme.local_office
    )
    return application.start_date - timedelta(weeks=weeks)


@register
class ApplicationDecisionDue(ReminderRule):
    """The deanery's decision falls due: remind whoever is deciding a few working days before."""

    name = "application.decision_due"

    def reminders(self, *, today):
        weeks_min, weeks_max = _widest("dean_decision_weeks_before_start")
        _, lead_max = _widest("dean_decision_reminder_working_days_before")
        # Sendable from `lead` working days before the decision date up to that date itself.
        starts = {
            "start_date__gte": today + timedelta(weeks=weeks_min),
            "start_date__lte": add_working_days(today, lead_max + 1) + timedelta(weeks=weeks_max),
        }
        people = Directory(today)
        for kind in KINDS:
            for application in _applications(kind, status=Status.TPD_SUPPORTED, **starts):
                office = application.programme.local_office
                decide_by = _decide_by(application)
                lead = threshold("dean_decision_reminder_working_days_before", local_office=office)
                owner = application.case_owner
                deciders = [owner] if owner and owner.is_active else people.deanery(office.pk)
                yield Reminder(
                    obj=application,
                    due_on=decide_by,
                    send_on=add_working_days(decide_by, -lead),
                    stale_after=decide_by,  # the overdue escalation takes over after it
                    recipients=deciders,
                    subject=f"A decision on an {kind.short} is due by {decide_by:%-d %B %Y}",
                    template="reminder_decision_due",
                    context=_context(
                        kind, application, decide_by=decide_by, action_text="Make the decision"
                    ),
                    link_path=kind.type.detail_path(application),
                )


@register
class ApplicationDecisionOverdue(ReminderRule):
    """The decision date has passed without a decision: every reviewer in the office is told."""

    name = "application.decision_overdue"

    def reminders(self, *, today):
        weeks_min, weeks_max = _widest("dean_decision_weeks_before_start")
        _, catch_up = _widest("reminder_catch_up_days")
        starts = {
            "start_date__gte": today - timedelta(days=catch_up + 1) + timedelta(weeks=weeks_min),
            "start_date__lt": today + timedelta(weeks=weeks_max),
        }
        people = Directory(today)
        for kind in KINDS:
            for application in _applications(kind, status=Status.TPD_SUPPORTED, **starts):
                office = application.programme.local_office
                decide_by = _decide_by(application)
                overdue_on = decide_by + DAY
                owner = application.case_owner
                yield Reminder(
                    obj=application,
                    due_on=decide_by,
                    send_on=overdue_on,
                    stale_after=overdue_on
                    + timedelta(days=threshold("reminder_catch_up_days", local_office=office)),
                    recipients=[*people.deanery(office.pk), owner],
                    subject=f"Overdue: the decision on an {kind.short} was due "
                    f"on {decide_by:%-d %B %Y}",
                    template="reminder_decision_overdue",
                    context=_context(
                        kind,
                        application,
                        decide_by=decide_by,
                        case_owner_name=owner.get_full_name() if owner else "",
                        action_text="Make the decision",
                    ),
                    link_path=kind.type.detail_path(application),
                )


# Drafts running out of notice -----------------------------------------------------------------


def _ltft_last_full_notice_day(application) -> date:
    # rules.is_short_notice: short when start < submitted + weeks.
    return application.start_date - timedelta(
        weeks=application.programme.local_office.ltft_notice_weeks
    )


def _oopp_last_full_notice_day(application) -> date:
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
        windows = {
            "ltft": (
                today + timedelta(weeks=notice["weeks_min"]),
                horizon + timedelta(weeks=notice["weeks_max"]),
                _ltft_last_full_notice_day,
            ),
            "oopp": (
                add_months(today, notice["months_min"]) - timedelta(days=3),
                add_months(horizon, notice["months_max"]) + timedelta(days=3),
                _oopp_last_full_notice_day,
            ),
        }
        for kind in KINDS:
            earliest, latest, last_day = windows[kind.type.prefix]
            drafts = _applications(
                kind, status=Status.DRAFT, start_date__gte=earliest, start_date__lte=latest
            )
            for application in drafts:
                office = application.programme.local_office
                submit_by = last_day(application)
                warn = threshold("draft_notice_warning_working_days", local_office=office)
                yield Reminder(
                    obj=application,
                    due_on=submit_by,
                    send_on=add_working_days(submit_by, -warn),
                    # After this day the form itself asks for an exceptional reason.
                    stale_after=submit_by,
                    recipients=[application.trainee.user],
                    subject=f"Submit your {kind.short} by {submit_by:%-d %B %Y} to give "
                    "full notice",
                    template="reminder_draft_notice",
                    context=_context(
                        kind,
                        application,
                        submit_by=submit_by,
                        action_text="Continue your application",
                    ),
                    link_path=kind.type.detail_path(application),
                )


# An OOPP ending -------------------------------------------------------------------------------


def _active_oopps_ending(today: date, *, weeks_name: str):
    _, weeks_max = _widest(weeks_name)
    return (
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


OOPP_KIND = KINDS[1]


@register
class OoppReturnConfirmation(ReminderRule):
    """Six months before an OOPP ends, the trainee confirms the date they intend to return."""

    name = "oopp.return_confirmation"

    def reminders(self, *, today):
        for application in _active_oopps_ending(
            today, weeks_name="oopp_return_confirmation_weeks_before_end"
        ):
            weeks = threshold(
                "oopp_return_confirmation_weeks_before_end",
                local_office=application.programme.local_office,
            )
            confirm_on = application.end_date - timedelta(weeks=weeks)
            yield Reminder(
                obj=application,
                due_on=confirm_on,
                # A short pause reaches this point as it starts; still worth asking until it ends.
                stale_after=application.end_date,
                recipients=[application.trainee.user],
                subject="Confirm the date you will return from your Out of Programme Pause",
                template="reminder_oopp_return_confirmation",
                context=_context(
                    OOPP_KIND,
                    application,
                    end_date=application.end_date,
                    return_date=application.intended_return_date,
                    action_text="View your OOPP",
                ),
                link_path=OOPP.detail_path(application),
            )


@register
class OoppPreReturnPrompt(ReminderRule):
    """Twelve weeks before an OOPP ends, the trainee and their educational supervisor are
    prompted to hold the pre-return meeting (unless it has been held already)."""

    name = "oopp.pre_return_prompt"

    def reminders(self, *, today):
        ending = list(
            _active_oopps_ending(today, weeks_name="oopp_pre_return_prompt_weeks_before_end")
        )
        # The pre-return meetings of all of them in one query, not one per pause.
        meetings = {
            m.plan.absence_id: m
            for m in Meeting.objects.filter(
                kind=MeetingKind.PRE_RETURN,
                plan__absence__in=[a.absence_id for a in ending if a.absence_id],
            ).select_related("plan")
        }
        for application in ending:
            meeting = meetings.get(application.absence_id)
            if meeting is not None and meeting.is_held:
                continue
            weeks = threshold(
                "oopp_pre_return_prompt_weeks_before_end",
                local_office=application.programme.local_office,
            )
            supervisor = (
                application.absence.membership.educational_supervisor
                if application.absence_id
                else None
            )
            link = (
                reverse("returners:meeting_detail", args=[meeting.pk])
                if meeting is not None
                else OOPP.detail_path(application)
            )
            yield Reminder(
                obj=application,
                due_on=application.end_date - timedelta(weeks=weeks),
                stale_after=application.end_date,
                recipients=[application.trainee.user, supervisor],
                subject="An Out of Programme Pause ends soon: arrange the pre-return meeting",
                template="reminder_oopp_pre_return",
                context=_context(
                    OOPP_KIND,
                    application,
                    end_date=application.end_date,
                    return_date=application.intended_return_date,
                    meeting_due_on=meeting.due_on if meeting else None,
                    action_text="View the pre-return meeting" if meeting else "View the OOPP",
                ),
                link_path=link,
            )
