"""Which answers apply. An answer that hangs on another is asked only while that one makes it
apply, and cleared as soon as it stops applying, so no page, export or report shows an answer
to a question the trainee was no longer asked (docs/rules.md §1, §2).

Each kind declares its table once (`LTFT`, `OOPP`); the service that saves a form page clears
what no longer applies, the form pages skip a page that does not apply, and "check your
answers" and the reviewers' pages list only what applies."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from requests_ltft.choices import SPECIAL_CATEGORY_REASONS, LtftReason
from requests_ltft.eligibility import ltft, oopp


@dataclass(frozen=True)
class OnlyWhen:
    """`fields` only apply when `applies(application, today)`. `page` is the form page that
    is asked only then, or "" when the fields are questions on a page that is always asked."""

    fields: tuple[str, ...]
    applies: Callable[[object, date], bool]
    page: str = ""


NOTICE_FIELDS = ("exceptional_reason", "exceptional_explanation", "alternative_start_date")


def _short_notice_answers(is_short, **office_setting) -> OnlyWhen:
    """The short-notice answers, asked while the start date gives less than the office's
    notice (`weeks="ltft_notice_weeks"` or `months="oopp_notice_months"`)."""
    ((unit, setting),) = office_setting.items()

    def applies(app, today):
        # Until submission the notice runs to today; after it, as recorded then (§1).
        if not app.is_editable:
            return app.short_notice
        notice = {unit: getattr(app.programme.local_office, setting)}
        return app.start_date is not None and is_short(start=app.start_date, on=today, **notice)

    return OnlyWhen(NOTICE_FIELDS, applies, page="notice")


LTFT = (
    _short_notice_answers(ltft.is_short_notice, weeks="ltft_notice_weeks"),
    OnlyWhen(("reason_other",), lambda app, today: LtftReason.OTHER in app.reasons),
    # Whether the TPD sees the reason is asked only about the special-category ones.
    OnlyWhen(
        ("reasons_shared_with_tpd",),
        lambda app, today: bool(SPECIAL_CATEGORY_REASONS & set(app.reasons)),
    ),
    # The dean's override is about the percentage asked for: another one needs a new decision.
    OnlyWhen(
        ("visa_override_reason",),
        lambda app, today: ltft.visa_blocks(
            visa=app.skilled_worker_visa, percent=app.proposed_percent
        ),
    ),
)

OOPP = (_short_notice_answers(oopp.is_short_notice, months="oopp_notice_months"),)


def page_applies(table, application, page: str, *, today: date) -> bool:
    return all(rule.applies(application, today) for rule in table if rule.page == page)


def not_applying(table, application, *, today: date) -> set[str]:
    """The fields whose question does not apply to the application as it stands."""
    return {name for rule in table if not rule.applies(application, today) for name in rule.fields}


def stale_answers(table, application, *, today: date) -> dict:
    """The answers to clear, each with its empty value: given, but no longer applying."""
    cleared = {}
    for name in not_applying(table, application, today=today):
        field = application._meta.get_field(name)
        # A yes/no answer goes back to its default ("no"), as if it had not been asked.
        empty = None if field.null else "" if field.empty_strings_allowed else field.get_default()
        if getattr(application, name) not in (None, "", empty):
            cleared[name] = empty
    return cleared
