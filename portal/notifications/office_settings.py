"""The reminder timings a local office sets for itself (docs/rules.md §9): what each changes,
its bounds, and the service that saves them. Read back only through `threshold()`."""

from django.db import transaction

from portal.accounts.office_settings import (
    OfficeSetting,
    SettingsSection,
    field_changed,
    office_settings_save,
    register_section,
    settings_check,
)
from portal.core.dates import shortest_months_in_days
from portal.core.exceptions import ApplicationError
from portal.notifications.models import OfficeThreshold
from portal.notifications.thresholds import forget_office_values, threshold

WORKING_DAYS, DAYS, WEEKS = "working days", "days", "weeks"

# "deanery_triage_working_days" (thresholds.DEFAULTS) is not offered: no reminder uses it yet,
# and a number that changes nothing misleads. Add it here with the rule that reads it.
REMINDER_SETTINGS = (
    OfficeSetting(
        "tpd_nudge_working_days",
        "Remind the training programme director after",
        "How long a submitted application waits for its training programme director before "
        "they are reminded, counted from submission.",
        WORKING_DAYS,
        1,
        20,
    ),
    OfficeSetting(
        "tpd_escalation_working_days",
        "Tell the deanery the director has not acted after",
        "How long a submitted application waits for its training programme director before "
        "your deanery reviewers are told. It must be later than the director's reminder.",
        WORKING_DAYS,
        2,
        40,
    ),
    OfficeSetting(
        "dean_decision_weeks_before_start",
        "Decision due before the start",
        "How many weeks before an LTFT change or an OOPP starts the deanery's decision is "
        "due, so the employer gets its notice (12 weeks under the Code of Practice). It moves "
        "the decision date of every open application, and must be shorter than the LTFT "
        "notice period and the OOPP notice.",
        WEEKS,
        4,
        25,  # one less than the longest LTFT notice, which must come before it
    ),
    OfficeSetting(
        "dean_decision_reminder_working_days_before",
        "Remind the deanery before a decision is due",
        "How many working days before the decision date the case owner (or, with none, your "
        "deanery reviewers) is reminded.",
        WORKING_DAYS,
        1,
        20,
    ),
    OfficeSetting(
        "draft_notice_warning_working_days",
        "Warn a trainee whose draft is running out of notice",
        "How many working days before the last day a draft could still be submitted with "
        "full notice the trainee is warned.",
        WORKING_DAYS,
        1,
        30,
    ),
    OfficeSetting(
        "supportt_meeting_reminder_days_before",
        "Remind about a SuppoRTT meeting before it is due",
        "How many days before a return-to-training meeting is due the trainee and their "
        "educational supervisor are reminded.",
        DAYS,
        1,
        56,
    ),
    OfficeSetting(
        "supportt_pre_return_reminder_weeks_before_return",
        "Remind about the pre-return meeting before the return",
        "The pre-return meeting's reminder goes at the latest this many weeks before the "
        "trainee returns, even when that is earlier than the reminder above.",
        WEEKS,
        1,
        26,
    ),
    OfficeSetting(
        "supportt_overdue_grace_days",
        "Wait before flagging a SuppoRTT meeting overdue",
        "How many days after a meeting's due date to wait before the trainee, supervisor and "
        "training programme directors are told it is overdue. 0 tells them the next day.",
        DAYS,
        0,
        28,
    ),
    OfficeSetting(
        "supportt_survey_weeks_after_return",
        "Invite returners to the survey after their return",
        "How many weeks after a trainee returns to training they are invited to answer the "
        "anonymous returners' survey.",
        WEEKS,
        4,
        52,
    ),
    OfficeSetting(
        "oopp_return_confirmation_weeks_before_end",
        "Ask a trainee on OOPP to confirm their return",
        "How many weeks before an Out of Programme Pause ends the trainee is asked to confirm "
        "when they will return.",
        WEEKS,
        4,
        52,
    ),
    OfficeSetting(
        "oopp_pre_return_prompt_weeks_before_end",
        "Prompt the pre-return meeting before an OOPP ends",
        "How many weeks before an Out of Programme Pause ends the trainee and their "
        "supervisor are asked to arrange the pre-return meeting, unless it has been held.",
        WEEKS,
        1,
        26,
    ),
    OfficeSetting(
        "reminder_catch_up_days",
        "Still send a late reminder for",
        "When a reminder or overdue note could not go out on its day (the portal was down, or "
        "nobody was there to receive it yet), it is still sent for this many days, then "
        "dropped.",
        DAYS,
        1,
        60,
    ),
)


def reminder_timings(office) -> dict[str, int]:
    return {s.name: threshold(s.name, local_office=office) for s in REMINDER_SETTINGS}


@transaction.atomic
def office_thresholds_update(*, office, actor, **values: int) -> dict[str, tuple[int, int]]:
    """Save the office's own reminder timings. Reminders already sent stay sent; each rule uses
    the new values from its next run (docs/rules.md §9)."""
    settings_check(REMINDER_TIMINGS, values)
    merged = {**reminder_timings(office), **values}
    if merged["tpd_escalation_working_days"] <= merged["tpd_nudge_working_days"]:
        raise ApplicationError(
            "Tell the deanery later than the training programme director's reminder",
            {
                "field": field_changed(
                    values, "tpd_escalation_working_days", "tpd_nudge_working_days"
                )
            },
        )
    # The office's LTFT notice lives a layer up, on the LocalOffice handed in.
    if merged["dean_decision_weeks_before_start"] >= office.ltft_notice_weeks:
        raise ApplicationError(
            f"Make the decision due less than the LTFT notice period of "
            f"{office.ltft_notice_weeks} weeks before the start, or the deanery would be late "
            "on the day an application arrives",
            {"field": "dean_decision_weeks_before_start"},
        )
    months = office.oopp_notice_months
    if merged["dean_decision_weeks_before_start"] * 7 >= shortest_months_in_days(months):
        raise ApplicationError(
            f"Make the decision due less than the OOPP notice of {months} "
            f"month{'' if months == 1 else 's'} before the start, or the deanery would be late "
            "on the day an application arrives",
            {"field": "dean_decision_weeks_before_start"},
        )

    def write(changed: dict[str, int]) -> None:
        for name, value in changed.items():
            OfficeThreshold.objects.update_or_create(
                local_office=office, name=name, defaults={"value": value}
            )
        forget_office_values()

    return office_settings_save(
        office=office, actor=actor, section=REMINDER_TIMINGS, values=values, write=write
    )


REMINDER_TIMINGS = register_section(
    SettingsSection(
        key="reminders",
        title="Reminder timings",
        summary="When the portal reminds people about applications and return-to-training "
        "meetings, and when it tells the deanery something is waiting.",
        settings=REMINDER_SETTINGS,
        current=reminder_timings,
        save=office_thresholds_update,
        order=30,
    )
)
