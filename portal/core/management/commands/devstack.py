import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def child_environment(addr: str, environ) -> dict:
    """The children's environment: links in emails (written by the worker) lead to the address
    the server really listens on, unless SITE_URL says otherwise."""
    return {"SITE_URL": f"http://{addr}", **environ}


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Local development: the web server, one Celery worker and beat, stopped together."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        if settings.SETTINGS_MODULE != "portal.settings.local":
            raise CommandError("devstack is for local use (portal.settings.local) only.")
        python = sys.executable
        commands = [
            # The solo pool runs tasks in the main process, so Ctrl-C stops it at once.
            [python, "-m", "celery", "-A", "portal", "worker", "--loglevel=warning", "--pool=solo"],
            [python, "-m", "celery", "-A", "portal", "beat", "--loglevel=warning"],
            [python, "manage.py", "runserver", addr],
        ]
        # Stopped by a signal rather than Ctrl-C (kill, a supervisor, a closed terminal), it must
        # still take its children down, or they keep the port and the database file.
        for stop_signal in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop_signal, _interrupt)
        env = child_environment(addr, os.environ)
        children = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(children)

    def _stop(self, children):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("Stopped the web server, worker and beat.")
