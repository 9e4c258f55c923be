"""Settings for the processes the integration tests start (a Celery worker, a second sweeper):
the test settings, pointed by the environment at the test's own database, broker and mail
folder, so the child process sees exactly what the test committed."""

from portal.env import env
from portal.settings.test import *  # noqa: F403
from portal.settings.test import BASE_DIR, TEMPLATES

DATABASES = {"default": env.db("DATABASE_URL")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="tests.integration.mail.SlowFileBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=300)

# The message templates the tests use (reminders render in the sweeping process).
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests/notifications/templates"]}
]
