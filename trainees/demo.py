"""The demo data set behind `manage.py seed_demo`: small, fixed, and safe to load twice.

`seed_demo` loads the people (one account per role, programmes, about 20 trainees). The apps
above add what happened to them, each in its own `demo.py` (`register_story`): applications,
return plans, their history. A story runs the real services at the moments it happened
(`happening_on`), so history rows, snapshots, revisions and messages are the ones the portal
writes, dated over the last four quarters.
"""

import hashlib
from base64 import b32encode
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Role, User
from trainees.models import (
    ArcpOutcome,
    ArcpOutcomeCode,
    Grade,
    LocalOffice,
    Programme,
    ProgrammeMembership,
    Specialty,
    Trainee,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local demos; never in production


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    otpauth_uri: str | None


# Each with its TIS programme number (README's demo section names the first), so a TIS file a
# visitor makes updates these programmes rather than adding a second of the same name.
PROGRAMMES = [
    ("North West Paediatrics", "NWP001", "Paediatrics", "HENW"),
    ("North West Anaesthetics", "NWA001", "Anaesthetics", "HENW"),
    ("North West General Practice", "NWG001", "General Practice", "HENW"),
    ("Yorkshire General Psychiatry", "YGP001", "General Psychiatry", "HEYHD"),
]

STAFF = [
    # email, first, last, role, local office code, needs a TOTP device
    ("supervisor@example.nhs.uk", "Sam", "Okafor", Role.Kind.SUPERVISOR, None, True),
    ("tpd@example.nhs.uk", "Helen", "Price", Role.Kind.TPD, None, True),
    ("deanery@example.nhs.uk", "Jordan", "Lee", Role.Kind.DEANERY, "HENW", True),
    ("admin@example.nhs.uk", "Morgan", "Reid", Role.Kind.ADMIN, None, True),
]

FIRST_NAMES = [
    "Priya",
    "Tom",
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Efua",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jess",
    "Kofi",
    "Laura",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Rosa",
    "Sanjay",
    "Zoe",
]
LAST_NAMES = [
    "Shah",
    "Walker",
    "Khan",
    "Evans",
    "Murphy",
    "Patel",
    "Mensah",
    "Ali",
    "Hughes",
    "Clarke",
    "Hussain",
    "Taylor",
    "Boateng",
    "Wright",
    "Rahman",
    "Kelly",
    "Green",
    "Silva",
    "Gupta",
    "Brown",
]


def demo_totp_key(email: str) -> str:
    """A fixed key per demo account, so reseeding keeps the authenticator entry working."""
    return hashlib.sha256(f"portal-demo-totp:{email}".encode()).hexdigest()[:40]


def otpauth_uri(device: TOTPDevice) -> str:
    return device.config_url


def _user(email, first, last, *, staff=False):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "is_staff": staff, "is_superuser": staff},
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


@cache
def _demo_password_hash() -> str:
    """Hashed once and shared: every demo account has the same published password, and
    hashing it for each of 70 accounts took a minute on a small machine."""
    return make_password(DEMO_PASSWORD)


def _role(user, kind, office=None):
    Role.objects.get_or_create(user=user, kind=kind, local_office=office)


def _device(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": demo_totp_key(user.email), "confirmed": True},
    )
    return device


@transaction.atomic
def seed_demo(today: date | None = None) -> list[DemoLogin]:
    today = today or date.today()  # noqa: DTZ011 - a calendar date for demo records
    offices = {office.code: office for office in LocalOffice.objects.all()}
    programmes = []
    for name, number, specialty, office in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            name=name,
            local_office=offices[office],
            defaults={"specialty": Specialty.objects.get(name=specialty)},
        )
        if not programme.programme_number:  # a demo loaded before programmes had numbers
            programme.programme_number = number
            programme.save(update_fields=["programme_number"])
        programmes.append(programme)

    logins = []
    staff_users = {}
    for email, first, last, kind, office_code, needs_device in STAFF:
        user = _user(email, first, last, staff=kind == Role.Kind.ADMIN)
        _role(user, kind, offices.get(office_code))
        staff_users[kind] = user
        uri = otpauth_uri(_device(user)) if needs_device else None
        logins.append(DemoLogin(email, Role(kind=kind).get_kind_display(), uri))

    # The TPD directs the first programme; the supervisor supervises most trainees.
    programmes[0].tpds.add(staff_users[Role.Kind.TPD])
    other_supervisor = _user("supervisor2@example.nhs.uk", "Ruth", "Adeyemi")
    _role(other_supervisor, Role.Kind.SUPERVISOR)
    for programme in programmes[1:]:
        tpd = _user(f"tpd.{programme.pk}@example.nhs.uk", "Chris", f"Director{programme.pk}")
        _role(tpd, Role.Kind.TPD)
        programme.tpds.add(tpd)

    for index, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        email = "trainee@example.nhs.uk" if index == 0 else f"{first}.{last}@example.nhs.uk".lower()
        supervisor = staff_users[Role.Kind.SUPERVISOR] if index % 3 else other_supervisor
        if index == 0:
            supervisor = staff_users[Role.Kind.SUPERVISOR]
        demo_trainee(
            number=index,
            name=(first, last),
            email=email,
            programme=programmes[index % len(programmes)],
            supervisor=supervisor,
            started=today - timedelta(days=365 * (1 + index % 4)),
            wte=Decimal("0.80") if index % 4 == 1 else Decimal("1.00"),
            today=today,
        )
        if index == 0:
            logins.insert(0, DemoLogin(email, "Trainee", None))
    return logins


def demo_trainee(
    *, number: int, name, email, programme, supervisor, started: date, wte, today: date
) -> ProgrammeMembership:
    """One trainee (GMC number 71xxxxx) on one programme, with an ARCP outcome 1 four months
    ago, so that they may apply for anything. Safe to call twice."""
    first, last = name
    user = _user(email, first, last)
    _role(user, Role.Kind.TRAINEE)
    trainee, _ = Trainee.objects.get_or_create(
        user=user, defaults={"gmc_number": f"{7100000 + number}", "phone": "07700 900000"}
    )
    membership, _ = ProgrammeMembership.objects.get_or_create(
        trainee=trainee,
        programme=programme,
        defaults={
            "grade": Grade.objects.get(code=f"ST{2 + number % 5}"),
            "start_date": started,
            "cct_date": started + timedelta(days=365 * 6),
            "wte": wte,
            "ntn": f"{programme.local_office.ntn_prefix}/PAE/{7100000 + number}/C",
            "educational_supervisor": supervisor,
        },
    )
    ArcpOutcome.objects.get_or_create(
        trainee=trainee,
        programme=programme,
        outcome=ArcpOutcomeCode.objects.get(code="1"),
        defaults={"awarded_on": today - timedelta(days=120)},
    )
    return membership


# What happened to the demo's people: stories registered by the apps' `demo.py` modules.
Story = Callable[[date], None]
_STORIES: list[Story] = []


def register_story(story: Story) -> Story:
    """Add `story(today)` to what `manage.py seed_demo` loads after the people. A story checks
    for its own records first, so loading the demo twice adds nothing."""
    _STORIES.append(story)
    return story


@transaction.atomic
def seed_demo_stories(today: date | None = None) -> None:
    today = today or date.today()  # noqa: DTZ011 - a calendar date for demo records
    autodiscover_modules("demo")
    for story in _STORIES:
        story(today)


@contextmanager
def happening_on(day: date, at: time = time(9, 30)) -> Iterator[None]:
    """Run the services as if it were `day` at `at` (UK time), with the clock ticking on, so
    whatever they date (history rows, submission and decision times, messages) is dated then."""
    moment = datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(moment, tick=True):
        yield


def base32_key(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()
