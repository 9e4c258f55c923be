"""Settings for the web server the fault tests start (gunicorn, in its own processes): the
test settings pointed by the environment at the test's database, with the middleware the
portal's settings are to have and persistent connections checked before reuse, as in
production."""

from portal.env import env
from portal.settings.test import *  # noqa: F403
from portal.settings.test import MIDDLEWARE

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MFA_REQUIRED = False  # the load is trainees, who need no second factor anyway

_AUDIT = "portal.audit.middleware.AuditContextMiddleware"
if _AUDIT not in MIDDLEWARE:
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, _AUDIT)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
