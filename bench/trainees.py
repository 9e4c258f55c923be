"""A large, realistic data set for load tests (`python -m bench.scale`, `make seed-scale`).
Bulk inserts only: per-row saves would take an hour at national scale."""

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from portal.accounts.models import Role, User
from trainees.models import (
    Grade,
    LocalOffice,
    Programme,
    ProgrammeMembership,
    Specialty,
    Trainee,
)

SCALE_DOMAIN = "scale.example.nhs.uk"
TRAINEES_PER_SUPERVISOR = 8
SPECIALTIES_PER_OFFICE = 20
BATCH = 5000
WTES = [Decimal("1.00")] * 7 + [Decimal("0.80"), Decimal("0.60"), Decimal("0.50")]


def _programmes(rng: random.Random) -> list[Programme]:
    specialties = list(Specialty.objects.order_by("name"))
    existing = list(Programme.objects.filter(name__startswith="Scale "))
    if existing:
        return existing
    tpd_users, programmes = [], []
    for office in LocalOffice.objects.order_by("code"):
        for specialty in rng.sample(specialties, SPECIALTIES_PER_OFFICE):
            programmes.append(
                Programme(
                    name=f"Scale {office.code} {specialty.name}",
                    specialty=specialty,
                    local_office=office,
                )
            )
    Programme.objects.bulk_create(programmes, batch_size=BATCH)
    programmes = list(Programme.objects.filter(name__startswith="Scale "))
    for index, _ in enumerate(programmes):
        tpd_users.append(_new_user(f"scale-tpd-{index}", "Programme", f"Director {index}"))
    User.objects.bulk_create(tpd_users, batch_size=BATCH)
    Role.objects.bulk_create([Role(user=u, kind=Role.Kind.TPD) for u in tpd_users])
    through = Programme.tpds.through
    through.objects.bulk_create(
        [
            through(programme_id=p.pk, user_id=u.pk)
            for p, u in zip(programmes, tpd_users, strict=True)
        ]
    )
    return programmes


def _new_user(local_part: str, first: str, last: str) -> User:
    # "!" marks an unusable password, as set_unusable_password() would, without hashing.
    return User(
        id=uuid.uuid4(),
        email=f"{local_part}@{SCALE_DOMAIN}",
        first_name=first,
        last_name=last,
        password="!",
    )


def seed_scale(trainee_count: int, progress: Callable[[int, int], None], seed: int = 2026) -> int:
    """Add trainees until there are `trainee_count` scale trainees. Returns how many were added."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    programmes = _programmes(rng)
    grades = list(Grade.objects.filter(level__in=["SPECIALTY", "CORE", "GP"]))
    start_at = User.objects.filter(email__startswith="scale-trainee-").count()
    today = date.today()  # noqa: DTZ011
    added = 0
    for batch_start in range(start_at, trainee_count, BATCH):
        batch_end = min(batch_start + BATCH, trainee_count)
        with transaction.atomic():
            added += _batch(batch_start, batch_end, programmes, grades, rng, today)
        progress(batch_end, trainee_count)
    return added


def _batch(start, end, programmes, grades, rng, today) -> int:
    supervisors = [
        _new_user(f"scale-es-{i}", "Supervisor", str(i))
        for i in range(start // TRAINEES_PER_SUPERVISOR, -(-end // TRAINEES_PER_SUPERVISOR))
    ]
    users, trainees, memberships = [], [], []
    for i in range(start, end):
        user = _new_user(f"scale-trainee-{i}", "Trainee", f"Number {i}")
        trainee = Trainee(id=uuid.uuid4(), user=user, gmc_number=f"{2000000 + i:07d}")
        programme = rng.choice(programmes)
        started = today - timedelta(days=rng.randint(30, 365 * 5))
        memberships.append(
            ProgrammeMembership(
                id=uuid.uuid4(),
                trainee=trainee,
                programme=programme,
                grade=rng.choice(grades),
                start_date=started,
                cct_date=started + timedelta(days=rng.randint(3, 8) * 365),
                wte=rng.choice(WTES),
                ntn=f"{programme.local_office.ntn_prefix}/X/{2000000 + i}/C",
                educational_supervisor=supervisors[
                    i // TRAINEES_PER_SUPERVISOR - start // TRAINEES_PER_SUPERVISOR
                ],
            )
        )
        users.append(user)
        trainees.append(trainee)
    # Supervisors on a batch boundary are shared with the previous batch; keep the first copy.
    taken = set(
        User.objects.filter(email__in=[s.email for s in supervisors]).values_list(
            "email", flat=True
        )
    )
    by_email = {u.email: u for u in User.objects.filter(email__in=taken)}
    fresh = [s for s in supervisors if s.email not in taken]
    User.objects.bulk_create(fresh + users, batch_size=BATCH)
    for membership in memberships:
        es = membership.educational_supervisor
        membership.educational_supervisor = by_email.get(es.email, es)
    Role.objects.bulk_create(
        [Role(user=u, kind=Role.Kind.SUPERVISOR) for u in fresh]
        + [Role(user=u, kind=Role.Kind.TRAINEE) for u in users],
        batch_size=BATCH,
    )
    Trainee.objects.bulk_create(trainees, batch_size=BATCH)
    ProgrammeMembership.objects.bulk_create(memberships, batch_size=BATCH)
    return len(users)
