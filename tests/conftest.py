"""Shared fixtures, and the rule for tests that need real services or a browser: they skip with
a reason when the service is absent, and fail instead when REQUIRE_SERVICES / REQUIRE_BROWSER
is set (as CI sets them), so a missing service can never pass silently."""

import importlib
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import MembershipFactory, ProgrammeFactory, TraineeFactory
from tests.personas import Personas, build_personas

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = "/usr/bin/chromium"

# Property tests check what is generated, not how fast: on two shared cores (CI, parallel
# workers) generation is slow at times, and a timing health check would fail a correct rule.
settings.register_profile(
    "portal",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("portal")


def _missing(requirement_env: str, reason: str):
    if os.environ.get(requirement_env) == "1":
        pytest.fail(f"{reason} ({requirement_env}=1, so this cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives a test's database rollback: figures cached by one test must not
    answer for another's data."""
    from django.core.cache import cache

    from portal.reports.reference import forget_held_lists

    cache.clear()
    forget_held_lists()


@pytest.fixture(autouse=True)
def _require_marked_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _missing("REQUIRE_SERVICES", "needs PostgreSQL: set DATABASE_URL")
    if request.node.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL")
        if not url or not _port_open(url):
            _missing("REQUIRE_SERVICES", "needs Redis: set REDIS_URL to a running server")
    if request.node.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        _missing("REQUIRE_BROWSER", f"needs Chromium at {CHROMIUM}")


def _port_open(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush every table afterwards, including the reference data the
    migrations loaded; load it again (idempotently) for them."""
    from django.apps import apps

    migration = importlib.import_module("trainees.migrations.0002_reference_data")
    migration.load(apps, None)


@pytest.fixture
def people(db) -> Personas:
    """The persona set (tests/personas.py): a trainee, everyone around them, and the same roles
    elsewhere."""
    return build_personas()


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def membership(db, programme):
    return MembershipFactory(programme=programme)


@pytest.fixture
def trainee(membership):
    return membership.trainee


@pytest.fixture
def other_trainee(db):
    return TraineeFactory()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        yield None  # the autouse marker fixture skips or fails the test with the reason
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
