"""What an application says, as rows for summary lists, snapshots and "what changed": the
shapes every kind's presenter fills in."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from requests_ltft.choices import ExceptionalReason
from requests_ltft.eligibility.applies import not_applying


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str
    page: str  # the form page that changes it


def date_text(day, *, short=False) -> str:
    """1 March 2027, or 1 Mar 2027 where space is short (tables)."""
    return day.strftime("%-d %b %Y" if short else "%-d %B %Y") if day else ""


def choice_label(choices, value) -> str:
    return choices(value).label if value in choices.values else (value or "")


def asked(rows, only_when, application) -> list[Answer]:
    """The rows of the questions that apply (`eligibility.applies`): "check your answers" and
    the reviewers' pages list only what was asked."""
    skipped = not_applying(only_when, application, today=timezone.localdate())
    return [Answer(*row) for row in rows if row[0] not in skipped]


def notice_rows(application) -> list[tuple]:
    """The short-notice answers, which LTFT and OOPP ask alike."""
    return [
        (
            "exceptional_reason",
            "Exceptional reason for short notice",
            choice_label(ExceptionalReason, application.exceptional_reason),
            "notice",
        ),
        (
            "exceptional_explanation",
            "Why the notice is short",
            application.exceptional_explanation,
            "notice",
        ),
        (
            "alternative_start_date",
            "Alternative start date",
            date_text(application.alternative_start_date),
            "notice",
        ),
    ]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


# (key, value) -> the value as this reader may see it, or None to leave the answer out.
Redact = Callable[[str, str], str | None]


def _as_is(key: str, value: str) -> str:
    return value


def answers_for(answers: list[Answer], redact: Redact = _as_is) -> list[Answer]:
    """The answers as one reader sees them (portal.accounts.privacy decides, through the
    kind's `redactor`)."""
    shown = []
    for answer in answers:
        value = redact(answer.key, answer.value)
        if value is not None:
            shown.append(Answer(answer.key, answer.label, value, answer.page))
    return shown


def revision_changes(application, answers, redact: Redact = _as_is) -> list[Change]:
    """Field-by-field differences between the last two submitted revisions, as the reader may
    see them. `answers` is the presenter of the application's kind, which gives each answer
    its label."""
    snapshots = list(application.snapshots.order_by("-revision")[:2])
    if len(snapshots) < 2:
        return []
    after, before = snapshots[0].data, snapshots[1].data
    labels = {answer.key: answer.label for answer in answers(application)}
    changes = []
    for key, value in after.items():
        old, new = redact(key, before.get(key, "")), redact(key, value)
        if new is not None and old != new:
            changes.append(Change(labels.get(key, key), old or "", new))
    return changes


@dataclass(frozen=True)
class Flag:
    label: str
    colour: str  # an NHS.UK tag colour


def snapshot_of(answers):
    """What a submission's snapshot records: each answer's value by its key."""
    return lambda application: {row.key: row.value for row in answers(application)}
