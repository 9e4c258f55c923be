"""The header links: the home page of each role the person holds, and the pages it works from."""

from dataclasses import dataclass

from django.urls import reverse

from portal.accounts.models import Role
from portal.accounts.scopes import role_kinds


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (role, label, url name), in the order they appear in the header.
ROLE_HOMES = [
    (Role.Kind.TRAINEE, "My training", "trainees:home"),
    (Role.Kind.SUPERVISOR, "My supervisees", "supervisors:home"),
    (Role.Kind.TPD, "Programme queue", "requests_ltft:tpd_home"),
    (Role.Kind.DEANERY, "Deanery queue", "requests_ltft:deanery_home"),
    (Role.Kind.TPD, "Return to training", "returners:plan_list"),
    (Role.Kind.DEANERY, "Return to training", "returners:plan_list"),
    (Role.Kind.ADMIN, "Reports", "reports:home"),
    (Role.Kind.DEANERY, "Reports", "reports:home"),
    (Role.Kind.DEANERY, "Import people", "trainees:import_start"),
    (Role.Kind.ADMIN, "Import people", "trainees:import_start"),
    (Role.Kind.DEANERY, "Invite people", "people:invitations"),
    (Role.Kind.ADMIN, "Invite people", "people:invitations"),
    (Role.Kind.DEANERY, "Office settings", "office:settings_home"),
    (Role.Kind.ADMIN, "Office settings", "office:settings_home"),
]


def home_urls_for(user) -> list[tuple[str, str]]:
    kinds = role_kinds(user)
    links = {}
    for kind, label, name in ROLE_HOMES:
        if kind in kinds:
            links.setdefault(name, (label, reverse(name)))
    if user.is_active and user.is_staff:
        # Who may open the Django admin (AdminSite.has_permission); last, as the least used.
        links["admin:index"] = ("Django admin", reverse("admin:index"))
    return list(links.values())


def navigation_for(user, path: str) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [NavItem(label, url, path.startswith(url)) for label, url in home_urls_for(user)]
