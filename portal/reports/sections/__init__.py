"""The report's sections, in page order. Each module defines SECTION; a section whose models
are not there yet (its app still being built) is left out rather than breaking the page."""

import importlib
import logging

from portal.reports.sections.base import Section

log = logging.getLogger(__name__)

SECTION_MODULES = [
    "portal.reports.sections.ltft",
    "portal.reports.sections.oopp",
    "portal.reports.sections.supportt",
]


def available_sections() -> list[Section]:
    sections = []
    for name in SECTION_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            # The app it reports on has not landed yet; the section appears when it does.
            log.debug("Report section %s is not available yet", name)
            continue
        if module.SECTION.is_available():
            sections.append(module.SECTION)
    return sections


def section_by_key(key: str) -> Section | None:
    return next((s for s in available_sections() if s.key == key), None)
