"""See bench/settings.py: the production static files storage, minus source-map rewriting."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesWithoutSourceMaps(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
