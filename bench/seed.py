"""The benchmark's data set: bench/trainees.py (60,000 trainees) and bench/applications.py
(200,000 LTFT applications with their history), then what those two leave out and the pages
need at national scale:

- OOPP applications at every stage, with their history;
- LTFT applications waiting at the deanery (the scale seed has none there);
- 20,000 absences, each with a return plan and its three meetings;
- in-app messages, so the unread badge counts over a realistic table;
- a national admin for the report page.

bench/reminder_workload.py (the reminder sweep's workload) adds a few hundred applications and
absences in the states its reminders look for, and one deanery reviewer per local office,
whom the load tool signs in as.

Bulk inserts only. Each part counts what an earlier run left and adds only the rest, so a
second run over a complete data set writes nothing.
"""

import random
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.applications import seed_scale_applications
from bench.reminder_workload import seed_reminder_workload
from bench.trainees import SCALE_DOMAIN, seed_scale
from portal.accounts.models import Role, User
from portal.notifications.models import Notification
from requests_ltft.choices import OPEN_STATUSES, LtftReason, Status
from requests_ltft.models import (
    LtftApplication,
    LtftStatusChange,
    OoppApplication,
    OoppStatusChange,
)
from returners.deadlines import meeting_windows
from returners.eligibility import enhanced_supervision_days_for
from returners.models import (
    Absence,
    AbsenceReason,
    Meeting,
    MeetingKind,
    ParentalLeave,
    ReturnPlan,
    SupporttSettings,
)
from trainees.models import LocalOffice, ProgrammeMembership

TRAINEES = 60_000
LTFT_APPLICATIONS = 200_000
OOPP_APPLICATIONS = 10_000
LTFT_AT_DEANERY = 5_000
RETURN_PLANS = 20_000
NOTIFICATIONS = 100_000

BENCH_DOMAIN = "bench.example.nhs.uk"
MARK = "Bench seed"  # in a free-text field of each row, so a later run can count them
SYSTEM = "bench-seed"
BATCH = 5000

Progress = Callable[[str], None]

# (weight, moves after "submit", final status) for OOPP applications.
OOPP_OUTCOMES = [
    (15, [], Status.SUBMITTED),
    (10, ["tpd_support"], Status.TPD_SUPPORTED),
    (35, ["tpd_support", "approve"], Status.APPROVED),
    (15, ["tpd_support", "approve", "activate"], Status.ACTIVE),
    (5, ["tpd_support", "approve", "activate", "return_to_training"], Status.RETURNED),
    (10, ["tpd_support", "reject"], Status.REJECTED),
    (10, ["withdraw"], Status.WITHDRAWN),
]
TARGET = {
    "submit": Status.SUBMITTED,
    "tpd_support": Status.TPD_SUPPORTED,
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "withdraw": Status.WITHDRAWN,
    "activate": Status.ACTIVE,
    "return_to_training": Status.RETURNED,
}
ABSENCE_REASONS = [
    (AbsenceReason.PARENTAL, ParentalLeave.MATERNITY),
    (AbsenceReason.PARENTAL, ParentalLeave.SHARED),
    (AbsenceReason.PARENTAL, ParentalLeave.ADOPTION),
    (AbsenceReason.SICKNESS, ""),
    (AbsenceReason.CARER, ""),
    (AbsenceReason.OOPR, ""),
]


@contextmanager
def _stamped_by_us(*models):
    # History rows stamp created_at on insert; the seed needs the moments it chose, so it turns
    # the stamp off for its own inserts (in this process only) and back on afterwards.
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _memberships() -> list[tuple]:
    return list(
        ProgrammeMembership.objects.filter(trainee__user__email__startswith="scale-trainee-")
        .order_by("trainee__user__email")
        .values_list("pk", "trainee_id", "programme_id", "wte", "educational_supervisor_id")
    )


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


def _history(model, pk, moves, start: datetime, rng) -> tuple[list, datetime]:
    """One history row per move, a few days apart from `start`; and the last moment."""
    rows, previous, when = [], Status.DRAFT, start
    for index, move in enumerate(["submit", *moves]):
        if index:
            when = min(when + timedelta(hours=rng.uniform(12, 24 * 15)), timezone.now())
        rows.append(
            model(
                application_id=pk,
                from_status=previous,
                to_status=TARGET[move],
                transition=move,
                actor_role="SYSTEM",
                system_actor=SYSTEM,
                revision=1,
                created_at=when,
            )
        )
        previous = TARGET[move]
    return rows, when


def seed_oopp(count: int, rng: random.Random, progress: Progress) -> int:
    existing = OoppApplication.objects.filter(scope_of_practice=MARK).count()
    if existing >= count:
        return 0
    taken = set(
        OoppApplication.objects.filter(status__in=OPEN_STATUSES).values_list(
            "trainee_id", "programme_id"
        )
    )
    free = [m for m in _memberships() if (m[1], m[2]) not in taken]
    chosen = rng.sample(free, count - existing)
    today = timezone.localdate()
    weights = [w for w, _m, _s in OOPP_OUTCOMES]
    for start in range(0, len(chosen), BATCH):
        applications, changes = [], []
        for _pk, trainee_id, programme_id, _wte, _es in chosen[start : start + BATCH]:
            _w, moves, status = rng.choices(OOPP_OUTCOMES, weights)[0]
            submitted = _at(today - timedelta(days=rng.randint(5, 400)), rng)
            pk = uuid.uuid4()
            history, last = _history(OoppStatusChange, pk, moves, submitted, rng)
            changes += history
            begins = submitted.date() + timedelta(days=rng.randint(95, 200))
            ends = begins + timedelta(days=rng.choice([90, 182, 270, 364]))
            applications.append(
                OoppApplication(
                    id=pk,
                    trainee_id=trainee_id,
                    programme_id=programme_id,
                    status=status,
                    submitted_at=submitted,
                    decided_at=last if status in (Status.APPROVED, Status.REJECTED) else None,
                    start_date=begins,
                    end_date=ends,
                    intended_return_date=ends + timedelta(days=1),
                    post_secured=True,
                    post_title=rng.choice(
                        ["Clinical fellow", "Medical education fellow", "Research associate"]
                    ),
                    post_employer="An NHS trust",
                    post_location="England",
                    scope_of_practice=MARK,
                    declarations_confirmed_at=submitted,
                )
            )
        with transaction.atomic(), _stamped_by_us(OoppStatusChange):
            OoppApplication.objects.bulk_create(applications, batch_size=BATCH)
            OoppStatusChange.objects.bulk_create(changes, batch_size=BATCH)
        progress(f"OOPP applications {existing + start + len(applications):,}/{count:,}")
    return len(chosen)


def seed_ltft_at_deanery(count: int, rng: random.Random, progress: Progress) -> int:
    """LTFT applications the TPD has supported, waiting for the deanery's decision."""
    existing = LtftApplication.objects.filter(supporting_information=MARK).count()
    if existing >= count:
        return 0
    taken = set(
        LtftApplication.objects.filter(status__in=OPEN_STATUSES).values_list(
            "trainee_id", "programme_id"
        )
    )
    free = [m for m in _memberships() if (m[1], m[2]) not in taken]
    chosen = rng.sample(free, count - existing)
    today = timezone.localdate()
    applications, changes = [], []
    for _pk, trainee_id, programme_id, wte, _es in chosen:
        submitted = _at(today - timedelta(days=rng.randint(3, 60)), rng)
        pk = uuid.uuid4()
        history, _last = _history(LtftStatusChange, pk, ["tpd_support"], submitted, rng)
        changes += history
        applications.append(
            LtftApplication(
                id=pk,
                trainee_id=trainee_id,
                programme_id=programme_id,
                status=Status.TPD_SUPPORTED,
                submitted_at=submitted,
                current_percent=int(wte * 100),
                proposed_percent=rng.choice([50, 60, 60, 70, 80, 80, 80]),
                start_date=submitted.date() + timedelta(weeks=rng.randint(12, 30)),
                reasons=[rng.choice([r.value for r in LtftReason])],
                supporting_information=MARK,
                tpd_name="Programme Director",
                tpd_email=f"tpd@{BENCH_DOMAIN}",
                skilled_worker_visa=False,
                declarations_confirmed_at=submitted,
            )
        )
    with transaction.atomic(), _stamped_by_us(LtftStatusChange):
        LtftApplication.objects.bulk_create(applications, batch_size=BATCH)
        LtftStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    progress(f"LTFT applications at the deanery {count:,}/{count:,}")
    return len(chosen)


def _meetings_for(plan, absence, supervisor_id, today, rng) -> list[Meeting]:
    windows = meeting_windows(
        starts_on=absence.starts_on,
        return_on=absence.expected_return_on,
        planned=absence.planned,
        logged_on=absence.logged_on,
        enhanced_supervision_days=plan.es_days,
        timings=SupporttSettings(),  # the national defaults every office starts with
    )
    meetings = []
    for kind in MeetingKind.values:
        window = windows[kind]
        meeting = Meeting(
            id=uuid.uuid4(), plan=plan, kind=kind, opens_on=window.opens_on, due_on=window.due_on
        )
        # Most meetings well past their due date were held and acknowledged; a few are late.
        if window.due_on < today - timedelta(days=14) and rng.random() < 0.85:
            held = window.due_on - timedelta(days=rng.randint(0, 14))
            signed = _at(held + timedelta(days=2), rng)
            meeting.status = Meeting.Status.ACKNOWLEDGED
            meeting.held_on = held
            meeting.logged_by_id = supervisor_id
            meeting.signed_off_by_id = supervisor_id
            meeting.signed_off_at = signed
            meeting.acknowledged_at = signed + timedelta(days=3)
            meeting.content = {"summary": MARK}
        meetings.append(meeting)
    return meetings


def seed_return_plans(count: int, rng: random.Random, progress: Progress) -> int:
    existing = Absence.objects.filter(logged_by_system=SYSTEM).count()
    if existing >= count:
        return 0
    chosen = rng.sample(_memberships(), count - existing)
    today = timezone.localdate()
    for start in range(0, len(chosen), BATCH):
        absences, plans, meetings = [], [], []
        for membership_id, _t, _p, wte, supervisor_id in chosen[start : start + BATCH]:
            reason, leave = rng.choice(ABSENCE_REASONS)
            starts = today + timedelta(days=rng.randint(-420, 120))
            absence = Absence(
                id=uuid.uuid4(),
                membership_id=membership_id,
                reason=reason,
                parental_leave=leave,
                starts_on=starts,
                expected_return_on=starts + timedelta(days=rng.randint(120, 365)),
                planned=True,
                logged_on=starts - timedelta(days=rng.randint(100, 150)),
                logged_by_system=SYSTEM,
            )
            plan = ReturnPlan(
                id=uuid.uuid4(),
                absence=absence,
                es_days=enhanced_supervision_days_for(wte, 10),
                status="OPEN",
            )
            plan_meetings = _meetings_for(plan, absence, supervisor_id, today, rng)
            if all(m.status == Meeting.Status.ACKNOWLEDGED for m in plan_meetings):
                plan.status = ReturnPlan.Status.CLOSED
                plan.closed_at = plan_meetings[-1].acknowledged_at
            absences.append(absence)
            plans.append(plan)
            meetings += plan_meetings
        with transaction.atomic():
            Absence.objects.bulk_create(absences, batch_size=BATCH)
            ReturnPlan.objects.bulk_create(plans, batch_size=BATCH)
            Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        progress(f"Return plans {existing + start + len(absences):,}/{count:,}")
    return len(chosen)


def seed_notifications(count: int, rng: random.Random, progress: Progress) -> int:
    """In-app messages spread over trainees, supervisors and TPDs; most already read."""
    existing = Notification.objects.filter(subject__startswith=MARK).count()
    if existing >= count:
        return 0
    recipients = list(User.objects.filter(email__startswith="scale-").values_list("pk", flat=True))
    now = timezone.now()
    for start in range(existing, count, BATCH):
        rows = []
        for index in range(start, min(start + BATCH, count)):
            sent = now - timedelta(minutes=rng.randint(1, 60 * 24 * 365))
            rows.append(
                Notification(
                    recipient_id=rng.choice(recipients),
                    channel=Notification.Channel.IN_APP,
                    subject=f"{MARK} message {index}",
                    body_text="Something changed on one of your applications.",
                    link_url="/",
                    status=Notification.Status.SENT,
                    sent_at=sent,
                    read_at=sent + timedelta(hours=2) if rng.random() < 0.7 else None,
                )
            )
        Notification.objects.bulk_create(rows, batch_size=BATCH)
        progress(f"Notifications {min(start + BATCH, count):,}/{count:,}")
    return count - existing


def _bench_user(local_part: str, first: str, last: str) -> User:
    user, _ = User.objects.get_or_create(
        email=f"{local_part}@{BENCH_DOMAIN}",
        defaults={"first_name": first, "last_name": last, "password": "!"},
    )
    return user


def seed_admin() -> None:
    """A national admin (no local office) for the report page."""
    admin = _bench_user("admin", "National", "Admin")
    Role.objects.get_or_create(user=admin, kind=Role.Kind.ADMIN, local_office=None)


def deanery_reviewers() -> dict[int, User]:
    """The deanery reviewer bench/reminder_workload.py made for each local office, by office id."""
    roles = Role.objects.filter(
        kind=Role.Kind.DEANERY, user__email__endswith=f"@{SCALE_DOMAIN}"
    ).select_related("user")
    return {role.local_office_id: role.user for role in roles}


def device_for(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    return device


def seed_all(progress: Progress = print, seed: int = 2026) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    seed_scale(TRAINEES, lambda done, total: progress(f"Trainees {done:,}/{total:,}"))
    seed_scale_applications(
        LTFT_APPLICATIONS, lambda done, total: progress(f"LTFT applications {done:,}/{total:,}")
    )
    # After the scale applications (it picks trainees who have none yet, and opens some) and
    # before ours (which leave alone the trainees it made busy).
    seed_reminder_workload(today=timezone.localdate())
    progress("Reminder workload and deanery reviewers (bench/reminder_workload.py)")
    seed_oopp(OOPP_APPLICATIONS, rng, progress)
    seed_ltft_at_deanery(LTFT_AT_DEANERY, rng, progress)
    seed_return_plans(RETURN_PLANS, rng, progress)
    seed_notifications(NOTIFICATIONS, rng, progress)
    seed_admin()


def sizes() -> dict[str, int]:
    """What the data set holds, for the results table and to decide whether to seed."""
    return {
        "trainees": ProgrammeMembership.objects.count(),
        "ltft_applications": LtftApplication.objects.count(),
        "ltft_history": LtftStatusChange.objects.count(),
        "oopp_applications": OoppApplication.objects.count(),
        "return_plans": ReturnPlan.objects.count(),
        "meetings": Meeting.objects.count(),
        "notifications": Notification.objects.count(),
    }


def is_complete() -> bool:
    found = sizes()
    return (
        found["trainees"] >= TRAINEES
        and found["ltft_applications"] >= LTFT_APPLICATIONS + LTFT_AT_DEANERY
        and found["oopp_applications"] >= OOPP_APPLICATIONS
        and found["return_plans"] >= RETURN_PLANS
        and found["notifications"] >= NOTIFICATIONS
        and User.objects.filter(email=f"admin@{BENCH_DOMAIN}").exists()
        and len(deanery_reviewers()) == LocalOffice.objects.count()
    )
