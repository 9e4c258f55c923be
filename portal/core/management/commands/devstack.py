import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


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
        children = [subprocess.Popen(command) for command in commands]  # noqa: S603 - fixed argv
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
