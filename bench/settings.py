"""The production settings, with one workaround so that `collectstatic` can run.

The vendored nhsuk-frontend.min.css ends with a sourceMappingURL comment naming a .map file
that static/nhsuk/refresh.sh does not copy, so the manifest storage's post-processing stops
with MissingFileError (in production too). Until the assets are fixed, the bench's storage
leaves source-map comments alone; everything else is `portal.settings.production` unchanged.
Delete this module (and use the production settings directly) once collectstatic passes.
"""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "bench.storage.StaticFilesWithoutSourceMaps"},
}
