"""The panels of a trainee's home page. An app with something to show there puts a `home`
module beside its models and registers a `HomePanel` in it; the modules are found
automatically, as `reminders` and `report` modules are, and the panels appear in the order
of INSTALLED_APPS. This app shows them without knowing which apps there are."""

from collections.abc import Callable
from dataclasses import dataclass

from portal.core.registry import AppRegistry


def _no_context(request, trainee) -> dict:
    return {}


@dataclass(frozen=True)
class HomePanel:
    """`template` is included in the home page; `context(request, trainee)` adds what it
    needs to the page's context (its keys must not clash with another panel's)."""

    name: str
    template: str
    context: Callable[..., dict] = _no_context


registry: AppRegistry[HomePanel] = AppRegistry("home", "home page panels")


def register_panel(panel: HomePanel) -> HomePanel:
    return registry.add(panel.name, panel)


def home_panels() -> list[HomePanel]:
    return registry.entries()
