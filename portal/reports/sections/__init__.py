"""The report's sections. An app with something to report puts its sections in a `report`
module and registers them with `register_section`; the modules are found automatically, as
`reminders` modules are, and the sections appear in the order of INSTALLED_APPS. A `report`
module that fails to import fails the page with its error: a section never drops out of the
quarterly report in silence."""

from portal.core.registry import AppRegistry
from portal.reports.sections.base import Section

registry: AppRegistry[Section] = AppRegistry("report", "report sections")


def register_section(section: Section) -> Section:
    """Add `section` to the report (an app's `report` module calls this when imported)."""
    return registry.add(section.key, section)


def registered_sections() -> list[Section]:
    return registry.entries()


def available_sections() -> list[Section]:
    return [section for section in registered_sections() if section.is_available()]


def section_by_key(key: str) -> Section | None:
    return next((s for s in available_sections() if s.key == key), None)
