"""The demo data set behind `manage.py seed_demo`: small, fixed, and safe to load twice."""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
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


PROGRAMMES = [
    ("North West Paediatrics", "Paediatrics", "HENW"),
    ("North West Anaesthetics", "Anaesthetics", "HENW"),
    ("North West General Practice", "General Practice", "HENW"),
    ("Yorkshire General Psychiatry", "General Psychiatry", "HEYHD"),
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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


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
    for name, specialty, office in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            name=name,
            local_office=offices[office],
            defaults={"specialty": Specialty.objects.get(name=specialty)},
        )
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

    grades = {grade.code: grade for grade in Grade.objects.all()}
    outcome_1 = ArcpOutcomeCode.objects.get(code="1")
    for index, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        email = "trainee@example.nhs.uk" if index == 0 else f"{first}.{last}@example.nhs.uk".lower()
        user = _user(email, first, last)
        _role(user, Role.Kind.TRAINEE)
        trainee, _ = Trainee.objects.get_or_create(
            user=user, defaults={"gmc_number": f"{7100000 + index}", "phone": "07700 900000"}
        )
        programme = programmes[index % len(programmes)]
        supervisor = staff_users[Role.Kind.SUPERVISOR] if index % 3 else other_supervisor
        if index == 0:
            supervisor = staff_users[Role.Kind.SUPERVISOR]
        start = today - timedelta(days=365 * (1 + index % 4))
        ProgrammeMembership.objects.get_or_create(
            trainee=trainee,
            programme=programme,
            defaults={
                "grade": grades[f"ST{2 + index % 5}"],
                "start_date": start,
                "cct_date": start + timedelta(days=365 * 6),
                "wte": Decimal("0.80") if index % 4 == 1 else Decimal("1.00"),
                "ntn": f"{programme.local_office.ntn_prefix}/PAE/{7100000 + index}/C",
                "educational_supervisor": supervisor,
            },
        )
        ArcpOutcome.objects.get_or_create(
            trainee=trainee,
            programme=programme,
            outcome=outcome_1,
            defaults={"awarded_on": today - timedelta(days=120)},
        )
        if index == 0:
            logins.insert(0, DemoLogin(email, "Trainee", None))
    return logins


def base32_key(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()
