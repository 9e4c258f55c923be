"""Real processes for the integration tests: a Celery worker (`celery -A portal worker`) and
plain sweeper processes, all on the test's PostgreSQL database and Redis broker.

pytest-django's test database is `test_<name>`; the children get a DATABASE_URL naming it, so
they read what a transactional test has committed. Emails go to a folder through Django's file
backend (tests.integration.mail), where the test counts them by Message-ID.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from portal.celery import app as celery_app
from portal.notifications.services import outbox

ROOT = Path(__file__).resolve().parents[2]
WORKER_SETTINGS = "tests.integration.worker_settings"


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    detail = f"\n--- worker log ---\n{log.read_text()[-4000:]}" if log and log.exists() else ""
    pytest.fail(f"Timed out after {timeout}s waiting for {what}{detail}")


def child_database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _test_email_templates(settings):
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], ROOT / "tests/notifications/templates"]
    settings.TEMPLATES = templates


@pytest.fixture(autouse=True)
def _broker_not_remembered_as_down():
    outbox._broker_down_until = 0.0
    yield
    outbox._broker_down_until = 0.0


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def child_env(mail_dir, tmp_path):
    """The environment of every child process; tests may add to it before starting one."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    markers = tmp_path / "markers"
    markers.mkdir()
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": child_database_url(),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "EMAIL_FILE_PATH": str(mail_dir),
        "SEND_MARKER_DIR": str(markers),
    }


@pytest.fixture
def purged_queue():
    """Messages left in Redis by an earlier run (or another test) must not reach our worker."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(celery_app.conf.task_default_queue)


class Worker:
    def __init__(self, env: dict, log: Path):
        self.log = log
        self.hostname = f"it-{uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                self.hostname,
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so we can stop it and its children
        )
        wait_for(lambda: "ready." in self.output(), timeout=30, what="the worker", log=log)

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@pytest.fixture
def start_worker(child_env, tmp_path, purged_queue):
    workers = []

    def start(**extra_env) -> Worker:
        worker = Worker({**child_env, **extra_env}, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def run_in_processes(child_env, tmp_path):
    """Run a Python snippet (after django.setup()) in several processes that start it at the
    same instant; returns each one's stdout."""

    def run(code: str, *, count: int = 2, **extra_env) -> list[str]:
        start_at = time.time() + 3  # after every child has finished importing Django
        script = (
            "import time, django\n"
            "django.setup()\n"
            f"time.sleep(max(0, {start_at} - time.time()))\n" + code
        )
        children = [
            subprocess.Popen(
                [sys.executable, "-c", script],
                cwd=ROOT,
                env={**child_env, **extra_env},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]
        outputs = []
        for child in children:
            out, err = child.communicate(timeout=30)
            assert child.returncode == 0, err
            outputs.append(out.strip())
        return outputs

    return run


@contextmanager
def broker_at(url: str):
    """Point this process's Celery app at another broker, as a web process configured with it
    would be; the cached connection and producer pools are set aside and restored after."""
    saved = (celery_app.conf.broker_url, celery_app._pool, celery_app.amqp._producer_pool)
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app.conf.broker_url, celery_app._pool, celery_app.amqp._producer_pool = saved
        outbox._broker_down_until = 0.0
