"""Who may do what to an application beyond its transition table: open its files, and the
OOPP pages only some roles have (docs/rules.md §11 for the files)."""

from portal.accounts import privacy
from requests_ltft.choices import Status


def ltft_can_open_evidence(*, user, application) -> bool:
    """LTFT evidence is special-category data: whom `privacy.LTFT_EVIDENCE` names."""
    return privacy.may_see(application.roles_of(user), privacy.LTFT_EVIDENCE)


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
