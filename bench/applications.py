"""LTFT applications and their status history at national scale, for the report benchmarks
(`python -m bench.scale --applications N`, after the trainees it makes). Bulk inserts only.

Every event falls inside one financial year (by default the last complete one), so a year's
row-level export holds every application and each quarter about a quarter of them.
"""

import datetime as dt
import random
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from portal.reports.freshness import report_data_changed
from portal.reports.periods import financial_year_of
from requests_ltft.choices import LtftReason, Status
from requests_ltft.models import LtftApplication, LtftStatusChange
from trainees.models import ProgrammeMembership

BATCH = 5000
MARK = "Scale seed"  # in supporting_information, so a second run can count what is there
PERCENTS = [50] * 10 + [60] * 25 + [70] * 15 + [80] * 40 + [65, 75] * 2 + [100] * 6
REASONS = [r.value for r in LtftReason]
# (weight, the moves after submission, final status)
OUTCOMES = [
    (70, ["tpd_support", "approve"], Status.APPROVED),
    (8, ["tpd_support", "reject"], Status.REJECTED),
    (7, ["withdraw"], Status.WITHDRAWN),
    (
        10,
        ["tpd_support", "return_for_changes", "resubmit", "tpd_support", "approve"],
        Status.APPROVED,
    ),
    (5, [], Status.SUBMITTED),
]
TARGET = {
    "submit": Status.SUBMITTED,
    "resubmit": Status.SUBMITTED,
    "tpd_support": Status.TPD_SUPPORTED,
    "return_for_changes": Status.UNSUBMITTED,
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "withdraw": Status.WITHDRAWN,
}


@contextmanager
def _history_times_kept():
    # Status changes stamp created_at on insert; a seed needs the moments it chose. Only this
    # command, in its own process, switches that off for the duration of the inserts.
    field = LtftStatusChange._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return (
        dt.datetime(year, 4, 1, tzinfo=tz),
        dt.datetime(year + 1, 4, 1, tzinfo=tz) - dt.timedelta(seconds=1),
    )


def seed_scale_applications(
    count: int,
    progress: Callable[[int, int], None],
    *,
    financial_year: int | None = None,
    seed: int = 2026,
) -> int:
    """Add applications until there are `count` seeded ones. Returns how many were added."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    year = financial_year or financial_year_of(dt.date.today()) - 1  # noqa: DTZ011
    start, end = _year_bounds(year)
    memberships = list(
        ProgrammeMembership.objects.filter(trainee__user__email__startswith="scale-trainee-")
        .order_by("trainee__user__email")
        .values_list("trainee_id", "programme_id", "wte")
    )
    if not memberships:
        raise ValueError("Run `python -m bench.scale` first: there are no scale trainees.")
    existing = LtftApplication.objects.filter(supporting_information=MARK).count()
    # Memberships that already hold an open application cannot take another.
    open_taken = set(
        LtftApplication.objects.filter(
            supporting_information=MARK, status=Status.SUBMITTED
        ).values_list("trainee_id", "programme_id")
    )
    added = 0
    for batch_start in range(existing, count, BATCH):
        size = min(BATCH, count - batch_start)
        with transaction.atomic(), _history_times_kept():
            added += _batch(size, memberships, open_taken, rng, start, end)
            # bulk_create sends no signal for the cache's receivers (apps.py).
            report_data_changed()
        progress(existing + added, count)
    return added


def _batch(size, memberships, open_taken, rng, start, end) -> int:
    applications, changes = [], []
    span = (end - start).total_seconds()
    weights = [w for w, _moves, _status in OUTCOMES]
    for _ in range(size):
        trainee_id, programme_id, wte = rng.choice(memberships)
        _w, moves, status = rng.choices(OUTCOMES, weights)[0]
        if status == Status.SUBMITTED:
            if (trainee_id, programme_id) in open_taken:
                moves, status = OUTCOMES[0][1], OUTCOMES[0][2]
            else:
                open_taken.add((trainee_id, programme_id))
        submitted = start + dt.timedelta(seconds=rng.uniform(0, span * 0.8))
        times, when = [submitted], submitted
        for _move in moves:
            when = min(when + dt.timedelta(hours=rng.uniform(12, 24 * 20)), end)
            times.append(when)
        short = rng.random() < 0.15
        pk = uuid.uuid4()
        decided = times[-1] if status in (Status.APPROVED, Status.REJECTED) else None
        last_submit = max(
            t for m, t in zip(["submit", *moves], times, strict=True) if m in ("submit", "resubmit")
        )
        applications.append(
            LtftApplication(
                id=pk,
                trainee_id=trainee_id,
                programme_id=programme_id,
                status=status,
                submitted_at=last_submit,
                decided_at=decided,
                short_notice=short,
                current_percent=int(wte * 100),
                proposed_percent=rng.choice(PERCENTS),
                start_date=(submitted + dt.timedelta(weeks=rng.randint(8, 30))).date(),
                exceptional_reason="SUPERVISION" if short and rng.random() < 0.5 else "",
                reasons=rng.sample(REASONS, rng.choice([1, 1, 1, 2])),
                supporting_information=MARK,
                tpd_name="Programme Director",
                tpd_email="tpd@scale.example.nhs.uk",
                skilled_worker_visa=False,
            )
        )
        previous = Status.DRAFT
        for move, moment in zip(["submit", *moves], times, strict=True):
            changes.append(
                LtftStatusChange(
                    application_id=pk,
                    from_status=previous,
                    to_status=TARGET[move],
                    transition=move,
                    actor_role="SYSTEM",
                    system_actor="seed",
                    revision=1,
                    created_at=moment,
                )
            )
            previous = TARGET[move]
    LtftApplication.objects.bulk_create(applications, batch_size=BATCH)
    LtftStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    return len(applications)
