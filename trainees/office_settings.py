"""The notice periods a local office sets for itself (docs/rules.md §1), their bounds, and the
service that saves them."""

from django.db import transaction

from portal.accounts.office_settings import (
    OfficeSetting,
    SettingsSection,
    office_settings_save,
    register_section,
    settings_check,
)
from portal.core.dates import shortest_months_in_days
from portal.core.exceptions import ApplicationError
from portal.notifications.thresholds import threshold
from trainees.models import LocalOffice

NOTICE_SETTINGS = (
    OfficeSetting(
        "ltft_notice_weeks",
        "Notice for a less than full time (LTFT) change",
        "How many weeks before the start of an LTFT change a trainee must submit it. A start "
        "date sooner than this is short notice and needs an exceptional reason. Applications "
        "submitted from now on are checked against the new number; those already submitted "
        "keep the notice they were given.",
        "weeks",
        5,  # one more than the shortest decision deadline, which must come after it
        26,
    ),
    OfficeSetting(
        "oopp_notice_months",
        "Notice for an Out of Programme Pause (OOPP)",
        "How many calendar months before an OOPP starts a trainee must submit it. A sooner "
        "start is short notice and needs an exceptional reason. Applies to applications "
        "submitted from now on.",
        "months",
        1,
        6,
    ),
)


def oopp_months_after(weeks: int) -> int:
    """The fewest whole months of OOPP notice that always last longer than `weeks`."""
    return next(m for m in range(1, 13) if shortest_months_in_days(m) > weeks * 7)


def notice_periods(office: LocalOffice) -> dict[str, int]:
    return {s.name: getattr(office, s.name) for s in NOTICE_SETTINGS}


@transaction.atomic
def local_office_notice_update(*, office: LocalOffice, actor, **values: int):
    """Save the office's notice periods; the short-notice flag of applications already
    submitted was recorded at submission and does not change (docs/rules.md §1)."""
    settings_check(NOTICE_PERIODS, values)
    office = LocalOffice.objects.select_for_update().get(pk=office.pk)
    weeks = values.get("ltft_notice_weeks", office.ltft_notice_weeks)
    decision = threshold("dean_decision_weeks_before_start", local_office=office)
    if weeks <= decision:
        raise ApplicationError(
            f"Give more than {decision} weeks' notice: the deanery's decision is due {decision} "
            "weeks before the start (see the reminder timings)",
            {"field": "ltft_notice_weeks"},
        )
    months = values.get("oopp_notice_months", office.oopp_notice_months)
    if shortest_months_in_days(months) <= decision * 7:
        raise ApplicationError(
            f"Give more than {decision} weeks' OOPP notice: the deanery's decision is due "
            f"{decision} weeks before the start (see the reminder timings), so give at least "
            f"{oopp_months_after(decision)} months",
            {"field": "oopp_notice_months"},
        )

    def write(changed: dict[str, int]) -> None:
        for name, value in changed.items():
            setattr(office, name, value)
        office.save(update_fields=list(changed))

    return office_settings_save(
        office=office, actor=actor, section=NOTICE_PERIODS, values=values, write=write
    )


NOTICE_PERIODS = register_section(
    SettingsSection(
        key="notice",
        title="Notice periods",
        summary="How far ahead trainees must apply for an LTFT change or an OOPP before it starts.",
        settings=NOTICE_SETTINGS,
        current=notice_periods,
        save=local_office_notice_update,
        order=10,
    )
)
