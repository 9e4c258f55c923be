"""Who may do what to an application beyond its transition table: open its files, and the
OOPP pages only some roles have (docs/rules.md §11 for the files)."""

from portal.accounts.models import Role
from portal.accounts.scopes import office_ids
from requests_ltft.choices import Status


def ltft_can_open_evidence(*, user, application) -> bool:
    """LTFT evidence is special-category data: the trainee, their local office's deanery and
    admins in scope may open it; TPDs and supervisors may not."""
    roles = application.roles_of(user)
    if "OWNER" in roles or "DEANERY" in roles:
        return True
    admin_offices = office_ids(user, Role.Kind.ADMIN)
    return None in admin_offices or application.programme.local_office_id in admin_offices


def oopp_can_open_evidence(*, user, application) -> bool:
    """A job offer is not special-category data: everyone who may see the application (the TPD
    and supervisor who must judge the post among them) may open it, each view audited."""
    return True


def oopp_can_give_supervisor_opinion(*, roles, application) -> bool:
    return "SUPERVISOR" in roles and application.status in (
        Status.SUBMITTED,
        Status.TPD_SUPPORTED,
    )


def oopp_can_record_return(*, roles, application) -> bool:
    return "DEANERY" in roles and application.status == Status.ACTIVE


def oopp_can_record_recognition(*, roles, application) -> bool:
    return (
        "DEANERY" in roles
        and application.status == Status.RETURNED
        and application.recognised_days is None
    )
