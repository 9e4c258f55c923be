"""The returners' survey section of the quarterly report (docs/rules.md §14), registered from
`returners.report`.

Answers count in the quarter of the return they are about, beside the same quarter a year
earlier. Invited returners are the returns recorded in the period whose invitation date (with
the earliest timing any office uses) has come. Answers keep the local office and specialty
group only, so a report filtered by programme or grade shows no survey figures. Nothing is
shown for a period with fewer than 5 answers; the usual suppression then applies.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from portal.notifications.thresholds import threshold_values
from portal.reports.sections import register_section
from portal.reports.sections.base import Cell, Figure, FigureTable, Section, SectionReport
from portal.reports.sections.common import within_dates
from returners.models import Absence, Answer3, MeetingKind, ReturnPlan, SurveyAnswer

FEWEST_ANSWERS = 5
UNFILTERABLE = (
    "Survey answers are kept by local office and specialty group only, so no survey figures "
    "are shown for a programme or grade."
)
GOOD = 4  # 4 or 5 on the 1-to-5 scale counts as confident, or as useful


def _specialty_group(specialty) -> str:
    return specialty.school or specialty.name


def _answers_q(filters) -> Q:
    q = Q()
    if filters.scope is not None:
        q &= Q(local_office__in=filters.scope)
    if filters.office is not None:
        q &= Q(local_office=filters.office)
    if filters.specialty is not None:
        q &= Q(specialty_group=_specialty_group(filters.specialty))
    return q


def _invited_q(filters) -> Q:
    path = "membership__programme__"
    q = Q(plan__isnull=False)
    if filters.scope is not None:
        q &= Q(**{f"{path}local_office__in": filters.scope})
    if filters.office is not None:
        q &= Q(**{f"{path}local_office": filters.office})
    if filters.specialty is not None:
        group = _specialty_group(filters.specialty)
        q &= Q(**{f"{path}specialty__school": group}) | Q(
            **{f"{path}specialty__school": "", f"{path}specialty__name": group}
        )
    return q


# Each share: (key, label, who counts as useful, out of whom).
def _shares() -> list[tuple[str, str, Q, Q]]:
    shares = [
        (
            "confident_first_day",
            "Felt confident on the first day back",
            Q(confidence_first_day__gte=GOOD),
            Q(confidence_first_day__isnull=False),
        ),
        (
            "confident_now",
            "Feel confident now",
            Q(confidence_now__gte=GOOD),
            Q(confidence_now__isnull=False),
        ),
    ]
    for kind in MeetingKind:
        prefix = kind.value.lower()
        rated = Q(**{f"{prefix}_happened": Answer3.YES, f"{prefix}_useful__isnull": False})
        shares.append(
            (
                f"{prefix}_useful",
                f"Found the {kind.label.lower()} useful",
                rated & Q(**{f"{prefix}_useful__gte": GOOD}),
                rated,
            )
        )
    es_rated = Q(es_had=Answer3.YES, es_useful__isnull=False)
    shares.append(
        (
            "es_useful",
            "Found enhanced supervision useful",
            es_rated & Q(es_useful__gte=GOOD),
            es_rated,
        )
    )
    return shares


def _share(answers: dict, key: str, when: str) -> Cell:
    return Cell.percent(answers[f"{key}_good_{when}"], answers[f"{key}_rated_{when}"])


def compute(filters) -> SectionReport:
    unfilterable = filters.programme is not None or filters.grade is not None
    shares = _shares()
    aggregates = {}
    for when, period in filters.periods.items():
        in_period = within_dates(period, "return_quarter_starts_on")
        aggregates[f"answered_{when}"] = Count("pk", filter=in_period)
        for key, _label, good, rated in shares:
            aggregates[f"{key}_good_{when}"] = Count("pk", filter=in_period & good)
            aggregates[f"{key}_rated_{when}"] = Count("pk", filter=in_period & rated)
    answers = SurveyAnswer.objects.filter(_answers_q(filters)).aggregate(**aggregates)

    invited_by = timezone.localdate() - timedelta(
        weeks=min(threshold_values("supportt_survey_weeks_after_return"))
    )
    invited = Absence.objects.filter(_invited_q(filters), actual_return_on__lte=invited_by)
    invited = invited.aggregate(
        **{
            f"invited_{when}": Count("pk", filter=within_dates(period, "actual_return_on"))
            for when, period in filters.periods.items()
        }
    )

    def hidden(when) -> bool:
        return unfilterable or answers[f"answered_{when}"] < FEWEST_ANSWERS

    def cell(make, when) -> Cell:
        value = make(when)
        value.suppressed = value.suppressed or hidden(when)
        return value

    def figure(key, label, make) -> Figure:
        return Figure(key, label, cell(make, "current"), cell(make, "previous"))

    response = FigureTable(
        "survey_response",
        "Returners' survey: responses",
        [
            figure("survey_invited", "Returners invited", lambda w: Cell(invited[f"invited_{w}"])),
            figure("survey_answered", "Answered", lambda w: Cell(answers[f"answered_{w}"])),
            figure(
                "survey_rate",
                "Response rate",
                lambda w: Cell.percent(answers[f"answered_{w}"], invited[f"invited_{w}"]),
            ),
        ],
        chart=False,
        hint=UNFILTERABLE
        if unfilterable
        else "Returns recorded in the period. Nothing is shown for fewer than 5 answers.",
    )
    useful = FigureTable(
        "survey_shares",
        "Returners' survey: confidence and what they found useful",
        [
            figure(key, label, lambda w, key=key: _share(answers, key, w))
            for key, label, _good, _rated in shares
        ],
        unit="4 or 5 out of 5",
        hint="Of those who answered the question: confidence, or a meeting or enhanced "
        "supervision they had, rated 4 or 5 out of 5.",
    )
    return SectionReport(
        key="supportt_survey",
        title="Returners' survey",
        tables=[response, useful],
    )


SECTION = register_section(
    Section(
        key="supportt_survey",
        title="Returners' survey",
        is_available=lambda: True,
        compute=compute,
        # No row-level export: a row of answers could be matched with a person.
        invalidated_by=(SurveyAnswer, Absence, ReturnPlan),
    )
)
