import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "example-production-secret-key-0123456789-abcdefghijklmnopqrstuv",
    "DATABASE_URL": "postgres://portal:secret@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://:secret@127.0.0.1:6379/0",
    "CACHE_URL": "redis://:secret@127.0.0.1:6379/1",
    "ALLOWED_HOSTS": "flexible-training.example.nhs.uk",
}


def manage(*args, env):
    dropped = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION_ENV}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"]
)
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_collects_its_static_files(tmp_path):
    """The manifest storage refuses a stylesheet that names a file it cannot find."""
    result = manage(
        "collectstatic", "--noinput", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr + result.stdout
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "nhsuk/nhsuk-frontend.min.css" in manifest


def test_production_refuses_to_switch_off_two_factor():
    result = manage("check", env={**PRODUCTION_ENV, "MFA_REQUIRED": "false"})
    assert result.returncode != 0
    assert "MFA_REQUIRED" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_csp_without_inline_script(client):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy


@pytest.mark.django_db
def test_pages_for_signed_in_people_are_not_cached(client):
    from tests.factories import MembershipFactory
    from tests.signing_in import sign_in

    sign_in(client, MembershipFactory().trainee.user)
    assert client.get(reverse("trainees:home"))["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_error_pages_show_no_stack_trace(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Traceback" not in response.content


LOCAL_PAGES = """
from django.test import Client
from tests.signing_in import sign_in
client = Client(HTTP_HOST="127.0.0.1:8000")
missing = client.get("/no-such-page/")
print(missing.status_code, b"Go to your home page" in missing.content)
style = client.get("/static/nhsuk/nhsuk-frontend.min.css")
print(style.status_code)
"""


@pytest.mark.parametrize(("debug", "portal_page"), [(None, True), ("1", False)])
def test_make_run_shows_the_portals_not_found_page_unless_debug_is_asked_for(debug, portal_page):
    """`make run` (the local settings) is how people first meet the portal: a missing page is
    the portal's own, with a way back, and the stylesheet is still served."""
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.local", "CACHE_URL": "locmemcache://"}
    if debug:
        env["DEBUG"] = debug
    result = manage("shell", "--no-imports", "-c", LOCAL_PAGES, env=env)
    assert result.returncode == 0, result.stderr
    not_found, style = result.stdout.split("\n")[:2]
    assert not_found == f"404 {portal_page}"
    assert style == "200"
