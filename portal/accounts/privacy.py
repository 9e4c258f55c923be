"""Who sees special-category data (UK GDPR Article 9: health, religion), and who opens an
application at all: the one place that decides it (docs/rules.md §11, issue 14).

The views, the downloads, the row-level exports, the emails, the Django admin and the privacy
notice page all read this module, so none of them can disagree with another. It names the data
and the roles only; the apps that hold the data map their fields onto these classes.

Roles are relative to one record, as `ApplicationBase.roles_of` and the SuppoRTT permissions
name them: the trainee whose record it is, their educational supervisor, the TPD of the
programme, the deanery reviewers of the programme's local office, and an admin whose role
covers that office.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from portal.accounts.models import Role
from portal.accounts.scopes import office_ids

OWNER, SUPERVISOR, TPD, DEANERY, ADMIN = "OWNER", "SUPERVISOR", "TPD", "DEANERY", "ADMIN"

# How the notice names each role, in the order it lists them.
ROLE_NAMES = {
    OWNER: "you",
    SUPERVISOR: "your educational supervisor",
    TPD: "your training programme director",
    DEANERY: "the deanery team of your local office",
    ADMIN: "administrators",
}

# What the TPD reads in place of a special-category reason the trainee did not share.
WITHHELD_REASON = "A reason the trainee shared with the deanery only"
# What an administrator reads in its place (on the page and in row-level files): they see these
# reasons only as counts, whether or not the trainee shared them with their TPD.
WITHHELD_FROM_ADMINS = "A reason not shown to administrators"
# The question the LTFT reasons page asks.
SHARE_QUESTION = "Can your training programme director see this reason?"


@dataclass(frozen=True)
class DataClass:
    key: str
    name: str  # what the privacy notice calls it
    roles: frozenset[str]  # who always sees it
    # Who sees it only when the trainee said so (the `shared_with_tpd` context).
    roles_if_shared: frozenset[str] = frozenset()
    # Fields holding it, as "app_label.model.field": the Django admin leaves these out.
    fields: tuple[str, ...] = ()
    # Whether a row-level export for the deanery's internal use may carry it (each such
    # export is audited); a file marked for sharing never does, and admins never do.
    internal_exports: bool = False
    admin_note: str = ""  # what admins get instead, for the notice

    def notice_who(self) -> str:
        names = [ROLE_NAMES[role] for role in ROLE_NAMES if role in self.roles]
        text = _joined(names)
        if self.roles_if_shared:
            shared = _joined([ROLE_NAMES[r] for r in ROLE_NAMES if r in self.roles_if_shared])
            text += f"; {shared} only if you say they can"
        return text[0].upper() + text[1:]


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


LTFT_SPECIAL_REASONS = DataClass(
    key="ltft_special_reasons",
    name='The LTFT reasons "Disability or illness" and "Religious commitment"',
    roles=frozenset({OWNER, DEANERY}),
    roles_if_shared=frozenset({TPD}),
    fields=("requests_ltft.ltftapplication.reasons",),
    internal_exports=True,
    admin_note="Administrators see only how many applications gave each reason.",
)
LTFT_EVIDENCE = DataClass(
    key="ltft_evidence",
    name="Evidence you upload with an LTFT application (GP or specialist letters)",
    roles=frozenset({OWNER, DEANERY}),
    fields=("requests_ltft.evidence.file",),
)
SUPPORTT_HEALTH = DataClass(
    key="supportt_health",
    name="Sickness details of an absence and occupational health notes of a return to "
    "training meeting",
    roles=frozenset({OWNER, SUPERVISOR, TPD, DEANERY}),
    fields=("returners.absence.sickness_details", "returners.meeting.health_notes"),
)
OOPP_WELLBEING = DataClass(
    key="oopp_wellbeing",
    name="The wellbeing answer of an OOPP application",
    roles=frozenset({OWNER, TPD, DEANERY}),
    fields=("requests_ltft.ooppapplication.wellbeing_rationale",),
)
SPECIAL_CATEGORY = (LTFT_SPECIAL_REASONS, LTFT_EVIDENCE, SUPPORTT_HEALTH, OOPP_WELLBEING)

# Who opens an application of each kind once it is submitted. Supporting text of an LTFT
# application often carries health details and the supervisor takes no part in its decision.
APPLICATION_ROLES = {
    "ltft": frozenset({OWNER, TPD, DEANERY, ADMIN}),
    "oopp": frozenset({OWNER, SUPERVISOR, TPD, DEANERY, ADMIN}),
}
APPLICATION_NAMES = {"ltft": "Your LTFT applications", "oopp": "Your OOPP applications"}


def may_see(roles: Iterable[str], data: DataClass, *, shared_with_tpd: bool = False) -> bool:
    """Whether someone holding `roles` (relative to the record) sees `data`."""
    roles = set(roles)
    if roles & data.roles:
        return True
    return shared_with_tpd and bool(roles & data.roles_if_shared)


def may_open_application(roles: Iterable[str], kind: str, *, is_draft: bool) -> bool:
    """A draft is its owner's alone (nobody has submitted it yet); once submitted, the kind's
    roles. A returned-for-changes application was submitted, so it is not a draft."""
    roles = set(roles)
    if is_draft:
        return OWNER in roles
    return bool(roles & APPLICATION_ROLES[kind])


def admin_covers(user, office_id) -> bool:
    """Whether the user's admin role covers the local office (every office, or that one)."""
    offices = office_ids(user, Role.Kind.ADMIN)
    return None in offices or office_id in offices


def with_admin(user, roles: Iterable[str], office_id) -> set[str]:
    """`roles` (relative to a record) plus ADMIN when the user's admin role covers its office."""
    roles = set(roles)
    if admin_covers(user, office_id):
        roles.add(ADMIN)
    return roles


def export_may_include(exporter_roles: Iterable[str], data: DataClass, *, shared: bool) -> bool:
    """Whether a row-level export carries `data`: only for the deanery's internal use."""
    return data.internal_exports and not shared and DEANERY in set(exporter_roles)


def admin_excluded(model_label: str) -> list[str]:
    """The fields of `model_label` ("returners.absence") the Django admin must not show."""
    prefix = model_label + "."
    return [
        field.removeprefix(prefix)
        for data in SPECIAL_CATEGORY
        for field in data.fields
        if field.startswith(prefix)
    ]


def notice_rows() -> list[dict]:
    """The privacy notice's table: each class of data and who sees it."""
    rows = []
    for data in SPECIAL_CATEGORY:
        who = data.notice_who() + "."
        if data.admin_note:
            who += " " + data.admin_note
        elif ADMIN not in data.roles:
            who += " Not administrators."
        rows.append({"what": data.name, "who": who})
    for kind, roles in APPLICATION_ROLES.items():
        names = _joined([ROLE_NAMES[r] for r in ROLE_NAMES if r in roles])
        rows.append(
            {
                "what": APPLICATION_NAMES[kind],
                "who": f"{names[0].upper()}{names[1:]}, once you submit. "
                "A draft is seen by you alone.",
            }
        )
    return rows


def withheld_reason(roles: Iterable[str]) -> str:
    """The sentence a reader who may not see a special-category reason reads in its place."""
    return WITHHELD_REASON if TPD in set(roles) else WITHHELD_FROM_ADMINS
