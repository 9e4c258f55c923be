"""`make run`: an SQLite file, a broker that is a folder, emails written to var/mail."""

from portal.env import env

from .base import *  # noqa: F403
from .base import BASE_DIR

# Off by default, so a first `make run` shows the portal's own error pages; `DEBUG=1 make run`
# gives a developer Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="local-only-key-not-for-any-real-deployment-0123456789")

_BROKER_DIR = BASE_DIR / "var" / "broker"
# With a host named, kombu does not warn "No hostname was supplied" on every message sent.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("queue", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        # kombu's default is ./control, which would leave a stray folder in the checkout.
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }

# A folder, so the web server and the worker see the same cache without Redis.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

# Local use only: lets a developer skip the authenticator app. Production refuses it.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)

# runserver serves static files only with DEBUG on: WhiteNoise serves them straight from the
# source folders instead, with or without DEBUG and with no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
