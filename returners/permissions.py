"""Who may do what to an absence (and its plan and meetings) that is already in their scope.

Fetching goes through `scope_q` first (out of scope is 404); these predicates then decide
between the people who can see it. Each role is its own function so tests can prove each one.
The named-role rule for health details deliberately leaves out admins, whom `scope_q` admits.

Each predicate reads the absence's programme membership only, so the same rules answer for an
absence not created yet (`can_log_absence_for`) and name the workflow roles of a meeting
(`workflow_roles`).
"""

from portal.accounts import privacy
from portal.accounts.models import Role
from portal.accounts.scopes import directed_programme_ids, office_ids, role_kinds

# The roles a meeting's transition table names (portal.workflow).
OWNER, SUPERVISOR, TPD = "OWNER", "SUPERVISOR", "TPD"


def _is_trainee(user, membership) -> bool:
    return membership.trainee.user_id == user.pk


def _is_supervisor(user, membership) -> bool:
    return (
        Role.Kind.SUPERVISOR in role_kinds(user) and membership.educational_supervisor_id == user.pk
    )


def _is_tpd(user, membership) -> bool:
    if Role.Kind.TPD not in role_kinds(user):
        return False
    # Read once per request: a page asks this for each thing the TPD might do.
    return membership.programme_id in directed_programme_ids(user)


def _is_deanery(user, membership) -> bool:
    return membership.programme.local_office_id in office_ids(user, Role.Kind.DEANERY)


def _can_manage(user, membership) -> bool:
    return (
        _is_trainee(user, membership)
        or _is_supervisor(user, membership)
        or _is_deanery(user, membership)
    )


def is_trainee_owner(user, absence) -> bool:
    return _is_trainee(user, absence.membership)


def is_their_supervisor(user, absence) -> bool:
    return _is_supervisor(user, absence.membership)


def is_their_tpd(user, absence) -> bool:
    return _is_tpd(user, absence.membership)


def is_their_deanery(user, absence) -> bool:
    return _is_deanery(user, absence.membership)


def can_manage_absence(user, absence) -> bool:
    """Log or change an absence, record the return, opt in, log KIT days."""
    return _can_manage(user, absence.membership)


def can_record_meetings(user, absence) -> bool:
    """Schedule, record and sign off meetings, extend enhanced supervision."""
    return is_their_supervisor(user, absence) or is_their_tpd(user, absence)


def can_acknowledge(user, absence) -> bool:
    return is_trainee_owner(user, absence)


def can_add_addendum(user, absence) -> bool:
    return can_record_meetings(user, absence) or is_trainee_owner(user, absence)


def health_roles(user, absence) -> set[str]:
    """The user's roles on the absence, as `portal.accounts.privacy` names them."""
    checks = {
        privacy.OWNER: is_trainee_owner,
        privacy.SUPERVISOR: is_their_supervisor,
        privacy.TPD: is_their_tpd,
        privacy.DEANERY: is_their_deanery,
    }
    return {role for role, check in checks.items() if check(user, absence)}


def can_view_health(user, absence) -> bool:
    """Sickness details and occupational health notes: whom `privacy.SUPPORTT_HEALTH` names."""
    return privacy.may_see(health_roles(user, absence), privacy.SUPPORTT_HEALTH)


def can_log_absence_for(user, membership) -> bool:
    """The same people as `can_manage_absence`, for an absence not created yet."""
    return _can_manage(user, membership)


def workflow_roles(user, absence) -> set[str]:
    """The roles `user` holds in the transition table of the absence's meetings."""
    roles = set()
    if is_trainee_owner(user, absence):
        roles.add(OWNER)
    if is_their_supervisor(user, absence):
        roles.add(SUPERVISOR)
    if is_their_tpd(user, absence):
        roles.add(TPD)
    return roles
