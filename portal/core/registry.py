"""What the installed apps register in a module of an agreed name (`report`, `retention`,
`home`). The first read imports that module from every installed app that has one, in the
order of INSTALLED_APPS, so a lower layer lists what the apps above it provide without
importing them. An error while importing such a module propagates: nothing drops out of a
page or a job in silence."""

from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")


class AppRegistry(Generic[T]):
    def __init__(self, module_name: str, kind: str):
        self.module_name = module_name
        self.kind = kind  # what is registered, for the error message ("report sections")
        self._entries: dict[str, T] = {}
        self._discovered = False

    def add(self, key: str, entry: T) -> T:
        existing = self._entries.get(key)
        if existing is not None and existing != entry:
            raise ValueError(f"Two {self.kind} are called {key!r}.")
        self._entries[key] = entry
        return entry

    def entries(self) -> list[T]:
        """Every entry in the order registered, after the apps' modules are imported."""
        if not self._discovered:
            autodiscover_modules(self.module_name)
            self._discovered = True
        return list(self._entries.values())
