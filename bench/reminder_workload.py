"""Work for the reminder sweep in the scale data set: applications, absences and return plans
for some of bench/trainees.py's trainees, each in a state that makes one reminder rule fire on a
given day (or, for a few, in a state no rule may touch). The trainees are left as they are.

One trainee in `every` (by GMC number) is given each situation in `SITUATIONS`, so the work
grows with the number of trainees, as it would nationally: with the default of 1 in 300, 60,000
trainees hold 200 of each. Bulk inserts only, like the trainees themselves; running it again
adds work only for trainees who have none yet.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bench.trainees import SCALE_DOMAIN
from portal.accounts.models import Role, User
from portal.core.dates import add_months
from portal.core.workingdays import add_working_days
from requests_ltft.choices import LtftReason, Status
from requests_ltft.models import LtftApplication, OoppApplication
from returners.deadlines import meeting_windows
from returners.models import (
    Absence,
    AbsenceReason,
    Meeting,
    ParentalLeave,
    ReturnPlan,
    SupporttSettings,
)
from trainees.models import LocalOffice, ProgrammeMembership

DEFAULT_EVERY = 300
SYSTEM = "seed_scale"


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _ltft(m: ProgrammeMembership, status: str, *, start: date, submitted: date | None = None):
    return LtftApplication(
        id=uuid.uuid4(),
        trainee_id=m.trainee_id,
        programme_id=m.programme_id,
        status=status,
        current_percent=100,
        proposed_percent=80,
        start_date=start,
        reasons=[LtftReason.WELLBEING.value],
        supporting_information="Scale test data.",
        submitted_at=_at(submitted) if submitted else None,
    )


def _oopp(m: ProgrammeMembership, status: str, *, start: date, months: int = 6, **values):
    end = add_months(start, months) - timedelta(days=1)
    return OoppApplication(
        id=uuid.uuid4(),
        trainee_id=m.trainee_id,
        programme_id=m.programme_id,
        status=status,
        post_secured=True,
        start_date=start,
        end_date=end,
        intended_return_date=end + timedelta(days=1),
        post_title="Clinical fellow",
        **values,
    )


class _Rows:
    """Everything one batch inserts, in the order the foreign keys need."""

    def __init__(self):
        self.ltft, self.oopp, self.absences, self.plans, self.meetings = [], [], [], [], []

    def absence(self, m, *, starts_on, returns_on, logged_on, reason=AbsenceReason.PARENTAL):
        absence = Absence(
            id=uuid.uuid4(),
            membership_id=m.pk,
            reason=reason,
            parental_leave=ParentalLeave.MATERNITY if reason == AbsenceReason.PARENTAL else "",
            starts_on=starts_on,
            expected_return_on=returns_on,
            planned=True,
            logged_on=logged_on,
            logged_by_system=SYSTEM,
        )
        plan = ReturnPlan(id=uuid.uuid4(), absence=absence, es_days=10)
        windows = meeting_windows(
            starts_on=starts_on,
            return_on=returns_on,
            planned=True,
            logged_on=logged_on,
            enhanced_supervision_days=10,
            timings=SupporttSettings(),  # the national defaults
        )
        self.absences.append(absence)
        self.plans.append(plan)
        self.meetings += [
            Meeting(plan=plan, kind=kind, opens_on=w.opens_on, due_on=w.due_on)
            for kind, w in windows.items()
        ]
        return absence

    def save(self):
        LtftApplication.objects.bulk_create(self.ltft)
        Absence.objects.bulk_create(self.absences)
        for plan in self.plans:
            plan.absence_id = plan.absence.pk
        ReturnPlan.objects.bulk_create(self.plans)
        for meeting in self.meetings:
            meeting.plan_id = meeting.plan.pk
        Meeting.objects.bulk_create(self.meetings)
        for application in self.oopp:
            application.absence_id = application.absence.pk if application.absence else None
        OoppApplication.objects.bulk_create(self.oopp)


def _situations(today: date) -> list[tuple[str, Callable]]:
    """(name, add) pairs: `add(rows, membership)` puts one trainee in that situation."""
    wd = add_working_days

    def submitted(days, kind="ltft"):
        def add(rows, m):
            if kind == "ltft":
                rows.ltft.append(
                    _ltft(
                        m,
                        Status.SUBMITTED,
                        start=today + timedelta(weeks=30),
                        submitted=wd(today, -days),
                    )
                )
            else:
                rows.oopp.append(
                    _oopp(
                        m,
                        Status.SUBMITTED,
                        start=add_months(today, 5),
                        submitted_at=_at(wd(today, -days)),
                    )
                )

        return add

    def supported(start):
        return lambda rows, m: rows.ltft.append(
            _ltft(m, Status.TPD_SUPPORTED, start=start, submitted=today - timedelta(weeks=3))
        )

    def ltft_draft(start):
        return lambda rows, m: rows.ltft.append(_ltft(m, Status.DRAFT, start=start))

    def oopp_draft(rows, m):
        rows.oopp.append(_oopp(m, Status.DRAFT, start=add_months(wd(today, 5), 3)))

    def oopp_active(ends_in_weeks):
        def add(rows, m):
            end = today + timedelta(weeks=ends_in_weeks)
            start = add_months(end + timedelta(days=1), -6)
            application = _oopp(
                m, Status.ACTIVE, start=start, submitted_at=_at(start - timedelta(weeks=20))
            )
            application.absence = rows.absence(
                m,
                starts_on=application.start_date,
                returns_on=application.intended_return_date,
                logged_on=application.start_date,
                reason=AbsenceReason.OOPP,
            )
            rows.oopp.append(application)

        return add

    def on_leave(pre_absence_due_in_days):
        def add(rows, m):
            # Planned leave logged two months ahead: the pre-absence meeting is due 4 weeks
            # before leaving.
            starts_on = today + timedelta(weeks=4, days=pre_absence_due_in_days)
            rows.absence(
                m,
                starts_on=starts_on,
                returns_on=add_months(starts_on, 9),
                logged_on=min(today, starts_on - timedelta(weeks=8)),
            )

        return add

    def returned(weeks_ago):
        # Back at work `weeks_ago` weeks before today, after 9 months away: the returners'
        # survey is due 12 weeks after the return, its reminder 2 weeks later.
        def add(rows, m):
            returned_on = today - timedelta(weeks=weeks_ago)
            absence = rows.absence(
                m,
                starts_on=add_months(returned_on, -9),
                returns_on=returned_on,
                logged_on=add_months(returned_on, -11),
            )
            absence.actual_return_on = returned_on

        return add

    return [
        ("ltft_waiting_on_tpd_5_days", submitted(5)),
        ("ltft_waiting_on_tpd_10_days", submitted(10)),
        ("oopp_waiting_on_tpd_6_days", submitted(6, kind="oopp")),
        ("ltft_submitted_yesterday", submitted(1)),
        ("ltft_decision_due_soon", supported(wd(today, 3) + timedelta(weeks=12))),
        ("ltft_decision_overdue", supported(today + timedelta(weeks=12, days=-2))),
        ("ltft_draft_short_of_notice", ltft_draft(wd(today, 5) + timedelta(weeks=16))),
        ("oopp_draft_short_of_notice", oopp_draft),
        ("ltft_draft_far_ahead", ltft_draft(today + timedelta(weeks=40))),
        ("oopp_ending_in_25_weeks", oopp_active(25)),
        ("oopp_ending_in_11_weeks", oopp_active(11)),
        ("meeting_due_in_10_days", on_leave(10)),
        ("meeting_overdue_3_days", on_leave(-3)),
        ("leave_next_year", on_leave(365)),
        ("survey_invitation_due", returned(12)),
        ("survey_reminder_due", returned(14)),
    ]


SITUATION_NAMES = [name for name, _ in _situations(date(2026, 1, 5))]


def _deanery_reviewers() -> None:
    """One deanery reviewer per local office, so escalations have someone to go to."""
    offices = list(LocalOffice.objects.order_by("code"))
    wanted = {f"scale-deanery-{o.code.lower()}@{SCALE_DOMAIN}": o for o in offices}
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    users = [
        User(id=uuid.uuid4(), email=email, first_name="Deanery", last_name=o.code, password="!")
        for email, o in wanted.items()
        if email not in existing
    ]
    User.objects.bulk_create(users)
    Role.objects.bulk_create(
        [Role(user=u, kind=Role.Kind.DEANERY, local_office=wanted[u.email]) for u in users]
    )


def seed_reminder_workload(*, today: date, every: int = DEFAULT_EVERY) -> dict[str, int]:
    """Put one scale trainee in `every` into each situation, dated from `today`. Returns how
    many trainees were added to each situation."""
    situations = _situations(today)
    if every < len(situations):
        raise ValueError(f"`every` must be at least {len(situations)}, one per situation")
    busy = {
        *LtftApplication.objects.values_list("trainee_id", flat=True),
        *OoppApplication.objects.values_list("trainee_id", flat=True),
        *Absence.objects.values_list("membership__trainee_id", flat=True),
    }
    memberships = (
        ProgrammeMembership.objects.filter(trainee__user__email__startswith="scale-trainee-")
        .only("pk", "trainee_id", "programme_id")
        .order_by("trainee__gmc_number")
    )
    added = dict.fromkeys(SITUATION_NAMES, 0)
    with transaction.atomic():
        _deanery_reviewers()
        rows = _Rows()
        for index, membership in enumerate(memberships.iterator(chunk_size=5000)):
            slot = index % every
            if slot >= len(situations) or membership.trainee_id in busy:
                continue
            name, add = situations[slot]
            add(rows, membership)
            added[name] += 1
        rows.save()
    return added
