"""The report's sections. An app with something to report puts its sections in a `report`
module and registers them with `register_section`; the modules are found automatically, as
`reminders` modules are, and the sections appear in the order of INSTALLED_APPS. A `report`
module that fails to import fails the page with its error: a section never drops out of the
quarterly report in silence."""

from django.utils.module_loading import autodiscover_modules

from portal.reports.sections.base import Section

_registry: dict[str, Section] = {}
_discovered = False


def register_section(section: Section) -> Section:
    """Add `section` to the report (an app's `report` module calls this when imported)."""
    existing = _registry.get(section.key)
    if existing is not None and existing.compute.__module__ != section.compute.__module__:
        raise ValueError(f"Two report sections are called {section.key!r}.")
    _registry[section.key] = section
    return section


def registered_sections() -> list[Section]:
    """Every registered section, after importing each installed app's `report` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("report")
        _discovered = True
    return list(_registry.values())


def available_sections() -> list[Section]:
    return [section for section in registered_sections() if section.is_available()]


def section_by_key(key: str) -> Section | None:
    return next((s for s in available_sections() if s.key == key), None)
