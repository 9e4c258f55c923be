"""The office settings this app owns, for the office's settings pages, and how they must fit
the reminder timings (docs/rules.md §6, §9)."""

import math

from portal.accounts.office_settings import (
    SettingsCombination,
    register_combination,
    register_section,
)
from returners.services.settings import SUPPORTT_TIMINGS

register_section(SUPPORTT_TIMINGS)

# A reminder or prompt sent before the meeting's window opens asks for a meeting that cannot
# be held yet.
register_combination(
    SettingsCombination(
        "pre_return_reminder_in_window",
        "supportt_pre_return_reminder_weeks_before_return",
        "pre_return_opens_weeks",
        lambda reminder, opens: reminder <= opens,
        "Remind about the pre-return meeting ({supportt_pre_return_reminder_weeks_before_return} "
        "weeks before the return) no earlier than its window opens ({pre_return_opens_weeks} "
        "weeks before the return, in the SuppoRTT timings)",
    )
)
register_combination(
    SettingsCombination(
        "oopp_prompt_in_window",
        "oopp_pre_return_prompt_weeks_before_end",
        "pre_return_opens_weeks",
        lambda prompt, opens: prompt <= opens,
        "Prompt the pre-return meeting before an OOPP ends "
        "({oopp_pre_return_prompt_weeks_before_end} weeks) no earlier than its window opens "
        "({pre_return_opens_weeks} weeks before the return, in the SuppoRTT timings)",
    )
)
# The post-return review's window opens when enhanced supervision ends (rules.md §6): five
# working days a week, a review due sooner would be due before it could be held.
register_combination(
    SettingsCombination(
        "review_due_after_supervision",
        "es_days",
        "post_return_due_weeks",
        lambda es_days, due_weeks: math.ceil(es_days / 5) <= due_weeks,
        "Enhanced supervision of {es_days} working days ends after the post-return review is "
        "due ({post_return_due_weeks} weeks after the return): make it shorter or the review "
        "due later",
    )
)
