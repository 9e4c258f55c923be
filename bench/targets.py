"""Who the load tool plays and which pages it asks for.

Each measured page rotates over many signed-in people (and, for detail pages, many records), so
the benchmark measures the database as a national service would use it, not one warm row.
People sign in by a session written straight into the session store, carrying what a real
sign-in leaves there: the user, the sign-in time the 12-hour limit reads, and, for the roles
that need one, a verified authenticator. MFA stays on; the bench only skips typing the code.
"""

import time
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from bench.seed import BENCH_DOMAIN, deanery_reviewers, device_for
from portal.accounts.middleware import LOGIN_AT_KEY, TOUCHED_AT_KEY
from portal.accounts.models import Role, User
from portal.accounts.scopes import requires_mfa
from portal.reports.periods import financial_year_of
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication, OoppApplication
from returners.models import Absence, ReturnPlan
from trainees.models import LocalOffice, ProgrammeMembership

PER_PAGE = 40  # people (or records) each page rotates over


@dataclass
class Target:
    key: str
    label: str
    # (session key or "" for anonymous, path) pairs the load tool cycles through
    requests: list[tuple[str, str]] = field(default_factory=list)
    expect: bytes = b""  # text every response must contain, checked before measuring
    floor: bool = False


def sign_in(user: User) -> str:
    """A session for `user`, as the sign-in and the second-factor pages would leave it."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_AT_KEY] = session[TOUCHED_AT_KEY] = time.time()
    if requires_mfa(user):
        session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.create()
    return session.session_key


class _Sessions:
    """One session per person, made on first use."""

    def __init__(self):
        self._keys: dict = {}

    def __call__(self, user: User) -> str:
        if user.pk not in self._keys:
            self._keys[user.pk] = sign_in(user)
        return self._keys[user.pk]


def _trainees() -> list[User]:
    """Trainees with the fullest home pages: LTFT and OOPP applications and a return plan."""
    has_oopp = OoppApplication.objects.filter(trainee=OuterRef("trainee"))
    has_plan = Absence.objects.filter(membership=OuterRef("pk"), plan__isnull=False)
    memberships = (
        ProgrammeMembership.objects.filter(Exists(has_oopp), Exists(has_plan))
        .filter(trainee__user__email__startswith="scale-trainee-")
        .select_related("trainee__user")
        .order_by("trainee__user__email")[:PER_PAGE]
    )
    return [m.trainee.user for m in memberships]


def _detail_requests(model, kind: str, sessions, reviewers) -> list[tuple[str, str]]:
    """Applications waiting for the deanery, each opened by its own office's reviewer."""
    applications = (
        model.objects.filter(status=Status.TPD_SUPPORTED)
        .select_related("programme")
        .order_by("submitted_at", "pk")[:PER_PAGE]
    )
    return [
        (
            sessions(reviewers[a.programme.local_office_id]),
            f"/applications/{kind}/{a.pk}/",
        )
        for a in applications
    ]


def _tpds() -> list[User]:
    return list(
        User.objects.filter(roles__kind=Role.Kind.TPD, email__startswith="scale-tpd-")
        .annotate(programmes=Count("directed_programmes"))
        .filter(programmes__gt=0)
        .order_by("email")[:PER_PAGE]
    )


def _supervisors() -> list[User]:
    """Supervisors with at least one supervisee on an open return plan."""
    open_plan = ReturnPlan.objects.filter(
        status=ReturnPlan.Status.OPEN,
        absence__membership__educational_supervisor=OuterRef("pk"),
    )
    return list(
        User.objects.filter(roles__kind=Role.Kind.SUPERVISOR)
        .filter(Exists(open_plan))
        .order_by("email")[:PER_PAGE]
    )


def report_quarter() -> str:
    """A quarter of the last complete financial year, which the scale seed fills."""
    return f"{financial_year_of(timezone.localdate()) - 1}-Q2"


def build() -> list[Target]:
    sessions = _Sessions()
    reviewers = deanery_reviewers()
    admin = User.objects.get(email=f"admin@{BENCH_DOMAIN}")
    offices = LocalOffice.objects.order_by("code")
    trainees, tpds, supervisors = _trainees(), _tpds(), _supervisors()
    return [
        Target("floor", "Floor: /health, anonymous", [("", "/health")], b"ok", floor=True),
        Target(
            "floor_signed_in",
            "Floor: /health, signed in",
            [(sessions(u), "/health") for u in trainees],
            b"ok",
            floor=True,
        ),
        Target(
            "trainee_home",
            "Trainee home",
            [(sessions(u), "/trainee/") for u in trainees],
            b"My training",
        ),
        Target(
            "ltft_detail",
            "LTFT application (deanery)",
            _detail_requests(LtftApplication, "ltft", sessions, reviewers),
            b"LTFT application",
        ),
        Target(
            "oopp_detail",
            "OOPP application (deanery)",
            _detail_requests(OoppApplication, "oopp", sessions, reviewers),
            b"OOPP application",
        ),
        Target(
            "tpd_queue",
            "TPD queue",
            [(sessions(u), "/applications/tpd/") for u in tpds],
            b"Programme queue",
        ),
        Target(
            "tpd_queue_all",
            "TPD queue, all, by waiting",
            [(sessions(u), "/applications/tpd/?status=all&sort=waiting") for u in tpds],
            b"Programme queue",
        ),
        Target(
            "deanery_queue",
            "Deanery queue",
            [(sessions(reviewers[o.pk]), "/applications/deanery/") for o in offices],
            b"Deanery queue",
        ),
        Target(
            "supervisor_home",
            "Supervisor home",
            [(sessions(u), "/supervisor/") for u in supervisors],
            b"My supervisees",
        ),
        Target(
            "report",
            "Report page (national, one quarter)",
            [(sessions(admin), f"/reports/?quarter={report_quarter()}")],
            b"Reports",
        ),
    ]


def cookie(session_key: str) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_key}" if session_key else ""
