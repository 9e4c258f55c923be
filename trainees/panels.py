"""The panels of a trainee's home page. An app with something to show there puts a `home`
module beside its models and registers a `HomePanel` in it; the modules are found
automatically, as `reminders` and `report` modules are, and the panels appear in the order
of INSTALLED_APPS. This app shows them without knowing which apps there are."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


def _no_context(request, trainee) -> dict:
    return {}


@dataclass(frozen=True)
class HomePanel:
    """`template` is included in the home page; `context(request, trainee)` adds what it
    needs to the page's context (its keys must not clash with another panel's)."""

    name: str
    template: str
    context: Callable[..., dict] = _no_context


_registry: dict[str, HomePanel] = {}
_discovered = False


def register_panel(panel: HomePanel) -> HomePanel:
    existing = _registry.get(panel.name)
    if existing is not None and existing.template != panel.template:
        raise ValueError(f"Two home page panels are called {panel.name!r}.")
    _registry[panel.name] = panel
    return panel


def home_panels() -> list[HomePanel]:
    """Every registered panel, after importing each installed app's `home` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True
    return list(_registry.values())
