"""Test settings: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

from portal.env import env

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = env("REDIS_URL", default="memory://")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# High enough that no test meets a limit unless it sets its own (the fuzzing tests post
# hundreds of uploads); the tests of the limits lower them.
RATE_LIMITS = {name: (100_000, 60 * 60) for name in ("sign_in_failures", "upload", "export")}

# The live server in browser tests serves static files straight from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# An N+1 (a query per row from a missing select_related or prefetch_related) fails the test
# that caused it. Tests only: the detector costs a few per cent of every request.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]
ZEAL_RAISE = True
