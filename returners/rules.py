"""Who may do what to an absence that is already in their scope.

Fetching goes through `scope_q` first (out of scope is 404); these predicates then decide
between the people who can see it. Each role is its own function so tests can prove each one.
The named-role rule for health details deliberately leaves out admins, whom `scope_q` admits.
"""

from portal.accounts.models import Role
from portal.accounts.scopes import directed_programme_ids, office_ids, role_kinds
from returners.models import Absence


def is_trainee_owner(user, absence: Absence) -> bool:
    return absence.membership.trainee.user_id == user.pk


def is_their_supervisor(user, absence: Absence) -> bool:
    return (
        Role.Kind.SUPERVISOR in role_kinds(user)
        and absence.membership.educational_supervisor_id == user.pk
    )


def is_their_tpd(user, absence: Absence) -> bool:
    if Role.Kind.TPD not in role_kinds(user):
        return False
    # Read once per request: a page asks this for each thing the TPD might do.
    return absence.membership.programme_id in directed_programme_ids(user)


def is_their_deanery(user, absence: Absence) -> bool:
    offices = office_ids(user, Role.Kind.DEANERY)
    return absence.membership.programme.local_office_id in offices


def can_manage_absence(user, absence: Absence) -> bool:
    """Log or change an absence, record the return, opt in, log KIT days."""
    return (
        is_trainee_owner(user, absence)
        or is_their_supervisor(user, absence)
        or is_their_deanery(user, absence)
    )


def can_record_meetings(user, absence: Absence) -> bool:
    """Schedule, record and sign off meetings, extend enhanced supervision."""
    return is_their_supervisor(user, absence) or is_their_tpd(user, absence)


def can_acknowledge(user, absence: Absence) -> bool:
    return is_trainee_owner(user, absence)


def can_add_addendum(user, absence: Absence) -> bool:
    return can_record_meetings(user, absence) or is_trainee_owner(user, absence)


def can_view_health(user, absence: Absence) -> bool:
    """Sickness details and occupational health notes: the named roles only."""
    return (
        is_trainee_owner(user, absence)
        or is_their_supervisor(user, absence)
        or is_their_tpd(user, absence)
        or is_their_deanery(user, absence)
    )


def can_log_absence_for(user, membership) -> bool:
    """The same people as `can_manage_absence`, for an absence not created yet."""
    return can_manage_absence(user, Absence(membership=membership))
