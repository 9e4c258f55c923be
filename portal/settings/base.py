"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

from portal.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# GENERAL
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SERVICE_NAME = "Flexible training"
# Where to report a security problem: shown by /.well-known/security.txt and the privacy notice.
SECURITY_CONTACT = env("SECURITY_CONTACT", default="flexible-training-security@example.nhs.uk")

# APPS
INSTALLED_APPS = [
    "portal.accounts.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_celery_beat",
    "portal.core",
    "portal.nhsuk",
    "portal.accounts",
    "portal.reports",
    "portal.audit",
    "portal.notifications",
    "trainees",
    "requests_ltft",
    "returners",
    "supervisors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.audit.middleware.AuditContextMiddleware",
    "portal.accounts.middleware.SessionLifetimeMiddleware",
    "portal.accounts.middleware.MfaRequiredMiddleware",
    "portal.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.notifications.middleware.MarkReadOnVisitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, as its documentation asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.accounts.context_processors.navigation",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# CACHES: shared by every process (Redis in production), for sessions and worked-out figures.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# DATABASES
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run's web server, worker and beat share one file: a write waits for the lock
    # (IMMEDIATE takes it at the transaction's start) instead of failing with "database is
    # locked" when two requests arrive together, as a double click sends them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # The queues' covering indexes (Index(include=...)) are a PostgreSQL optimisation; SQLite
    # builds them without the extra columns, which is all make run's few hundred rows need.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# AUTHENTICATION
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60

# Two-factor authentication. Staff roles must verify a TOTP code before they see any data.
MFA_REQUIRED = True
OTP_TOTP_ISSUER = "Flexible training portal"
# The admin never shows a device's secret key or its QR code once made: whoever saw them could
# make that person's codes. (django-otp's pages for them also answered 500 for an unknown id.)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout: 5 failures for the same username from the same address lock that pair for
# 15 minutes, so one NAT'd trust cannot lock out everyone behind it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form posts the email address in the field Django calls "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "errors/429.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Per-person limits, as (how many, in how many seconds), over any rolling window
# (portal.core.ratelimit). "sign_in_failures" is per email address, across every source
# address (ASVS 5.0 6.3.1: at most 100 an hour); "upload" is evidence and post confirmation
# files; "export" is report exports and downloads of prepared files.
RATE_LIMITS = {
    "sign_in_failures": (100, 60 * 60),
    "upload": (30, 60 * 60),
    "export": (20, 60 * 60),
}

# SESSIONS: 30 minutes idle (the cookie age, renewed at most once a minute by
# SessionLifetimeMiddleware), 12 hours at most. Read through the cache, kept in the database.
SESSION_COOKIE_AGE = 30 * 60
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Our own page for a refused form (what to do next, in NHS.UK style), and an audit row.
CSRF_FAILURE_VIEW = "portal.audit.views.csrf_failure"

# SECURITY HEADERS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "https://assets.nhs.uk"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# STATIC AND MEDIA
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded evidence is never routed under this URL: a permission-checked view streams it.
MEDIA_URL = "/media/"

# FORMS
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

# EMAIL
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="flexible-training@example.nhs.uk")

# CELERY
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
# Everything else about Celery (limits, acks, timeouts, beat) is in portal/celery_config.py.

# LOGGING
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
