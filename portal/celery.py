"""The Celery app. Configuration comes from the Django settings (``CELERY_*``), with
``portal.celery_config`` supplying every value the settings leave out."""

import os

from celery import Celery

from portal import celery_config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def celery_defaults(configured_names: set[str]) -> dict:
    """The values from `celery_config` that the Django settings did not set, as Celery keys."""
    defaults = {}
    for name in celery_config.__all__:
        if name not in configured_names:
            defaults[name.removeprefix("CELERY_").lower()] = getattr(celery_config, name)
    return defaults


@app.on_after_configure.connect
def _apply_portal_defaults(sender, source, **kwargs):
    # Runs once, when the configuration is first read. It cannot run at import time: this
    # module is imported while Django is still loading the settings it would read.
    from django.conf import settings

    configured = {name for name in celery_config.__all__ if hasattr(settings, name)}
    source.update(celery_defaults(configured))
    # Transport options are merged rather than replaced: the settings' own options (the
    # filesystem transport's folders for `make run`) keep their values, ours fill in the rest.
    if "CELERY_BROKER_TRANSPORT_OPTIONS" in configured:
        source["broker_transport_options"] = {
            **celery_config.CELERY_BROKER_TRANSPORT_OPTIONS,
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        }
