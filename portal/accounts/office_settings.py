"""The numbers a local office sets for itself in the portal (docs/rules.md §1, §6, §9).

Each app that owns some of them describes them in its `office_settings` module: a
`SettingsSection` with one `OfficeSetting` per number (its bounds, and in plain words what it
changes), how to read an office's current values and the service that saves them. The office's
settings pages list every section found (so this layer never imports the apps that own them);
each section's service saves through `office_settings_save`, which checks the bounds and keeps
the history: who changed which number, from what, to what and when.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from portal.accounts.models import OfficeSettingChange
from portal.accounts.scopes import reviewed_offices
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.core.registry import AppRegistry


@dataclass(frozen=True)
class OfficeSetting:
    name: str
    label: str
    help_text: str  # what a change does, for the deanery reviewer who makes it
    unit: str  # plural: "weeks", "working days"
    min_value: int
    max_value: int

    @property
    def bounds_message(self) -> str:
        return (
            f"{self.label}: enter a number of {self.unit} from {self.min_value} to {self.max_value}"
        )

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.unit})"


@dataclass(frozen=True)
class SettingsSection:
    key: str
    title: str
    summary: str  # one sentence on the office's settings page
    settings: tuple[OfficeSetting, ...]
    current: Callable  # (office) -> {name: value}
    save: Callable  # the section's service: (*, office, actor, **values)
    order: int = 0

    def setting(self, name: str) -> OfficeSetting:
        return next(s for s in self.settings if s.name == name)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.settings]


@dataclass(frozen=True)
class SettingsCombination:
    """Two settings, perhaps of different sections, that only make sense together: `allowed`
    (first's value, second's value) says whether they do, `message` (formatted with every
    setting's value) what to change."""

    key: str
    first: str
    second: str
    allowed: Callable[[int, int], bool]
    message: str


SECTIONS: AppRegistry[SettingsSection] = AppRegistry("office_settings", "office settings sections")
COMBINATIONS: AppRegistry[SettingsCombination] = AppRegistry(
    "office_settings", "office settings combinations"
)


def register_combination(combination: SettingsCombination) -> SettingsCombination:
    return COMBINATIONS.add(combination.key, combination)


def field_changed(values: dict[str, int], first: str, second: str) -> str:
    """Which of two settings an error about both goes on: the one being changed (the first
    when both are), so the error summary links to what the person just typed."""
    return second if second in values and first not in values else first


def combinations_check(office, values: dict[str, int]) -> None:
    """Refuse `values` when, with the office's other settings, they make a registered pair
    that cannot work. The error is on the setting just changed (the first when both were)."""
    pairs = [c for c in COMBINATIONS.entries() if c.first in values or c.second in values]
    if not pairs:
        return
    merged = {name: v for s in settings_sections() for name, v in s.current(office).items()}
    merged.update(values)
    for pair in pairs:
        if not pair.allowed(merged[pair.first], merged[pair.second]):
            field = field_changed(values, pair.first, pair.second)
            raise ApplicationError(pair.message.format(**merged), {"field": field})


def register_section(section: SettingsSection) -> SettingsSection:
    return SECTIONS.add(section.key, section)


def settings_sections() -> list[SettingsSection]:
    return sorted(SECTIONS.entries(), key=lambda section: section.order)


def settings_section_get(key: str) -> SettingsSection:
    section = next((s for s in settings_sections() if s.key == key), None)
    if section is None:
        raise Http404("No such settings")
    return section


def settings_office_get(*, user, code: str):
    """The office whose settings `user` may change: their own as a deanery reviewer or admin
    (every office for an admin without one). Any other office is not found."""
    office = reviewed_offices(user).filter(code=code).first()
    if office is None:
        raise Http404("No such local office")
    return office


def settings_check(section: SettingsSection, values: dict[str, int]) -> None:
    """Refuse a value outside its setting's bounds, or a name the section does not have."""
    unknown = set(values) - set(section.names)
    if unknown:
        raise ValueError(f"Unknown {section.key} settings: {sorted(unknown)}")
    for name, value in values.items():
        setting = section.setting(name)
        if not setting.min_value <= value <= setting.max_value:
            raise ApplicationError(setting.bounds_message, {"field": name})


@transaction.atomic
def office_settings_save(
    *,
    office,
    actor,
    section: SettingsSection,
    values: dict[str, int],
    write: Callable,
    before: dict[str, int] | None = None,
) -> dict[str, tuple[int, int]]:
    """Check `values`, hand those that differ from the office's current ones (`before`, when
    the section has read them already under its lock) to `write`, the section's own storage,
    and record each change. Returns {name: (old, new)}."""
    settings_check(section, values)
    before = section.current(office) if before is None else before
    combinations_check(office, {n: v for n, v in values.items() if before[n] != v})
    changed = {
        name: (before[name], value) for name, value in values.items() if before[name] != value
    }
    if not changed:
        return {}
    write({name: new for name, (_, new) in changed.items()})
    OfficeSettingChange.objects.bulk_create(
        OfficeSettingChange(
            local_office=office,
            setting=name,
            label=section.setting(name).heading,
            old_value=old,
            new_value=new,
            changed_by=actor,
        )
        for name, (old, new) in changed.items()
    )
    audit_record(
        action=f"office_settings.{section.key}",
        actor=actor,
        obj=office,
        detail={name: list(pair) for name, pair in changed.items()},
    )
    return changed


def office_setting_history(*, office, section: SettingsSection) -> QuerySet:
    return OfficeSettingChange.objects.filter(
        local_office=office, setting__in=section.names
    ).select_related("changed_by")
