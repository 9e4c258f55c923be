"""Fixtures for the security evidence (docs/security.md): the world every test looks at, a
media folder of its own, the audit middleware, and one client per role."""

from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client

from tests.security.fingerprint import changes, snapshot, without_own_reads
from tests.security.world import ROLES, build_world
from tests.signing_in import sign_in

AUDIT_MIDDLEWARE = "portal.audit.middleware.AuditContextMiddleware"
AFTER = "django_otp.middleware.OTPMiddleware"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def audit_middleware(settings):
    """The audit middleware where the settings are asked to put it (`test_audit.py` checks
    that the settings really do)."""
    middleware = list(settings.MIDDLEWARE)
    if AUDIT_MIDDLEWARE not in middleware:
        middleware.insert(middleware.index(AFTER) + 1, AUDIT_MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    return settings.MIDDLEWARE


@pytest.fixture
def world(db, media, audit_middleware):
    return build_world()


class RoleClients:
    """A signed-in session per role (past the second factor for staff), replayed into a fresh
    client for each request so that a sign-out or a message cookie cannot leak between them.
    `request` runs inside a savepoint that is rolled back, so no request changes what the next
    one sees."""

    def __init__(self, world):
        self.cookies = {}
        self.user_ids = {role: getattr(world.users[role], "pk", None) for role in ROLES}
        for role in ROLES:
            client = Client()
            user = world.users[role]
            if user is not None:
                sign_in(client, user)
            self.cookies[role] = client.cookies.output(header="", sep=";")

    def client(self, role) -> Client:
        client = Client()
        client.cookies = SimpleCookie(self.cookies[role])
        return client

    def request(self, role, method, url, data=None, *, baseline=None, **extra):
        """Make one request as `role`. With a `baseline` (a `fingerprint.snapshot()` taken
        before), a 2xx or 3xx answer also gets `db_changes`: what the request wrote."""
        client = self.client(role)
        with transaction.atomic():
            response = getattr(client, method.lower())(url, data or {}, **extra)
            # Read a streamed body while the data it streams from still exists.
            if getattr(response, "streaming", False):
                response.content_bytes = b"".join(response.streaming_content)
            response.db_changes = {}
            if baseline is not None and response.status_code < 400:
                after = snapshot()
                response.db_changes = changes(baseline, after)
                if method == "GET":
                    response.db_changes = without_own_reads(
                        response.db_changes, after, self.user_ids[role]
                    )
            transaction.set_rollback(True)
        return response


@pytest.fixture
def role_clients(world):
    return RoleClients(world)
