"""The demo's LTFT and OOPP applications (see trainees/demo.py): some waiting on the demo TPD and
on the demo deanery reviewer now, one of each other status, and a history over the last four
complete quarters large enough for the report page to show its figures.

Every application is played through the real services on the days it happened (`happening_on`),
so its history rows, snapshots, revisions and messages are those the portal writes.
"""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import Role, User
from portal.core.dates import add_months
from portal.reports.periods import latest_complete_quarter, quarter_of, quarter_period
from requests_ltft.choices import LtftReason, Status
from requests_ltft.kinds import LTFT, OOPP
from requests_ltft.models import LtftApplication, OoppApplication, SupervisorView
from requests_ltft.services import ltft as ltft_services
from requests_ltft.services import oopp as oopp_services
from requests_ltft.services.applications import (
    application_declarations_confirm,
    application_evidence_add,
)
from trainees.demo import FIRST_NAMES, LAST_NAMES, demo_trainee, happening_on, register_story
from trainees.models import Programme, ProgrammeMembership

DEMO_TRAINEE = "trainee@example.nhs.uk"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

RETURN_REASON = (
    "Please say how your on-call shifts will work at the new hours, and which days you will "
    "not be at work, so the rota coordinator can plan."
)
REJECT_REASON = (
    "The department cannot keep safe staffing at these hours during the winter rota. Please "
    "talk to your TPD about starting at the next rotation instead."
)
WITHDRAW_REASON = "My circumstances have changed, so I will stay at my current hours for now."

# Moves after submission, as (days after submission, move).
APPROVED = ((6, "support"), (19, "approve"))
RETURNED_THEN_APPROVED = ((5, "return"), (9, "resubmit"), (14, "support"), (27, "approve"))
REJECTED = ((6, "support"), (21, "reject"))
WITHDRAWN = ((8, "withdraw"),)
OOPP_APPROVED = ((2, "es_view"), *APPROVED)
OOPP_REJECTED = ((2, "es_view"), *REJECTED)


@dataclass(frozen=True)
class Case:
    kind: str  # "ltft" or "oopp"
    membership: ProgrammeMembership
    submitted: date | None  # None: still a draft
    moves: tuple = ()
    percent: int = 80
    reasons: tuple = (LtftReason.WELLBEING,)
    lasts_weeks: int | None = None  # an LTFT change with an end date; None: until completion


def _people(membership):
    office = membership.programme.local_office
    deanery = User.objects.filter(roles__kind=Role.Kind.DEANERY, roles__local_office=office)
    return {
        "trainee": membership.trainee.user,
        "tpd": membership.programme.tpds.order_by("email").first(),
        "deanery": deanery.order_by("email").first(),
        "supervisor": membership.educational_supervisor,
    }


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _draft(case: Case, people):
    membership, trainee = case.membership, people["trainee"]
    if case.kind == "ltft":
        start = case.submitted + timedelta(weeks=18)
        application = ltft_services.ltft_application_start(
            trainee=membership.trainee, membership=membership, actor=trainee
        )
        if LtftReason.CARING in case.reasons:
            application_evidence_add(
                application=application, actor=trainee, upload=_pdf("caring-letter.pdf")
            )
        application = ltft_services.ltft_draft_update(
            application=application,
            actor=trainee,
            proposed_percent=case.percent,
            start_date=start,
            end_date=start + timedelta(weeks=case.lasts_weeks) if case.lasts_weeks else None,
            reasons=[str(reason) for reason in case.reasons],
            supporting_information="Working fewer days would let me keep up with my training "
            "and look after myself and my family.",
            tpd_name=people["tpd"].get_full_name(),
            tpd_email=people["tpd"].email,
            skilled_worker_visa=False,
        )
    else:
        start = add_months(case.submitted, 3) + timedelta(days=21)
        end = add_months(start, 6) - timedelta(days=1)
        application = oopp_services.oopp_application_start(
            trainee=membership.trainee, membership=membership, actor=trainee, post_secured=True
        )
        application_evidence_add(
            application=application, actor=trainee, upload=_pdf("offer-letter.pdf")
        )
        application = oopp_services.oopp_draft_update(
            application=application,
            actor=trainee,
            start_date=start,
            end_date=end,
            intended_return_date=end + timedelta(days=1),
            post_title="Clinical fellow in paediatric emergency medicine",
            post_employer="Manchester University NHS Foundation Trust",
            post_location="Royal Manchester Children's Hospital",
            post_supervisor_name="Dr Amir Haddad",
            post_supervisor_email="amir.haddad@example.nhs.uk",
            scope_of_practice="Emergency department shifts, supervised by a consultant.",
            capabilities_to_gain="Leadership of resuscitation; safeguarding assessments.",
            plan_for_return="Return in the next rotation with a meeting to plan catching up.",
            indemnity="Covered by the trust's NHS indemnity (CNST).",
        )
    application_declarations_confirm(application=application, actor=trainee)
    return application


# A demo move after submission: the transition it makes in the kind's table, who makes it,
# and what else they give.
TRANSITIONS = {
    "support": ("tpd_support", "tpd", {}),
    "return": ("return_for_changes", "tpd", {"reason": RETURN_REASON}),
    "approve": ("approve", "deanery", {}),
    "reject": ("reject", "deanery", {"reason": REJECT_REASON}),
    "withdraw": ("withdraw", "trainee", {"reason": WITHDRAW_REASON}),
}

# Before resubmitting, the trainee answers what the TPD asked, so the TPD has a change to compare.
RESUBMITTED_ANSWERS = {
    "ltft": {
        "supporting_information": "I will work Monday to Thursday and keep my share of "
        "on-call shifts pro rata; Fridays are my non-working day."
    },
    "oopp": {
        "plan_for_return": "A pre-return meeting with my supervisor, two weeks of "
        "enhanced supervision and a simulation day before my first on-call."
    },
}


def _move(application, move: str, people):
    kind = LTFT if isinstance(application, LtftApplication) else OOPP
    if move == "es_view":
        return oopp_services.oopp_supervisor_opinion_record(
            application=application, actor=people["supervisor"], view=SupervisorView.SUPPORT
        )
    if move == "resubmit":
        trainee = people["trainee"]
        application = kind.draft_update(
            application=application, actor=trainee, **RESUBMITTED_ANSWERS[kind.slug]
        )
        return kind.submit(application=application, actor=trainee)
    if move not in TRANSITIONS:
        raise ValueError(f"Not a demo move: {move}")
    transition, made_by, given = TRANSITIONS[move]
    return kind.moves[transition](application=application, actor=people[made_by], **given)


def _play(case: Case, today: date) -> None:
    people = _people(case.membership)
    drafted = (case.submitted or today) - timedelta(days=3)
    with happening_on(drafted, time(20, 10)):
        application = _draft(case if case.submitted else replace(case, submitted=today), people)
    if case.submitted is None:
        return
    submit = ltft_services.ltft_submit if case.kind == "ltft" else oopp_services.oopp_submit
    with happening_on(case.submitted, time(21, 5)):
        application = submit(application=application, actor=people["trainee"])
    for days, move in case.moves:
        with happening_on(case.submitted + timedelta(days=days), time(9 + days % 8, 40)):
            application = _move(application, move, people)
    _follow_dates(application, today)


def _follow_dates(application, today: date) -> None:
    """What the nightly job would have done since: start the change, and end it."""
    if application.status != Status.APPROVED or application.start_date > today:
        return
    with happening_on(application.start_date, time(2, 0)):
        if isinstance(application, LtftApplication):
            application = ltft_services.ltft_activate(application=application)
        else:
            application = oopp_services.oopp_activate(application=application)
    if isinstance(application, OoppApplication):
        if application.intended_return_date <= today:
            with happening_on(application.intended_return_date, time(2, 0)):
                oopp_services.oopp_return(application=application)
    elif application.end_date and application.end_date < today:
        with happening_on(application.end_date + timedelta(days=1), time(2, 0)):
            ltft_services.ltft_complete(application=application)


def _memberships() -> dict[int, ProgrammeMembership]:
    """The seed's trainees by number (GMC number 7100000 + number)."""
    return {
        int(m.trainee.gmc_number) - 7100000: m
        for m in ProgrammeMembership.objects.filter(
            trainee__user__email__endswith="@example.nhs.uk"
        ).select_related("trainee__user", "programme__local_office", "educational_supervisor")
    }


def _now_cases(today: date) -> list[Case]:
    """Around the demo accounts now. Trainees 0, 4, 8, 12 and 16 are on the demo TPD's
    programme; everyone but 3, 7, 11, 15 and 19 is in the demo deanery reviewer's office."""
    m = _memberships()

    def ago(days):
        return today - timedelta(days=days)

    return [
        # The demo trainee: returned for changes (revision 2), and an OOPP still a draft.
        Case("ltft", m[0], ago(24), ((6, "return"),), reasons=(LtftReason.TRAINING,)),
        Case("oopp", m[0], None),
        # Waiting on the demo TPD: new, resubmitted with changes, and an OOPP.
        Case("ltft", m[4], ago(5), percent=60, reasons=(LtftReason.NON_MEDICAL,)),
        Case("ltft", m[8], ago(21), ((5, "return"), (13, "resubmit"))),
        Case("oopp", m[12], ago(9)),
        # Waiting on the demo deanery reviewer.
        Case("ltft", m[16], ago(26), ((8, "support"),), reasons=(LtftReason.CARING,)),
        Case("ltft", m[1], ago(33), ((9, "support"),), percent=60),
        Case("oopp", m[2], ago(30), ((4, "es_view"), (12, "support"))),
        # Waiting on another TPD and on the demo supervisor's view.
        Case("oopp", m[14], ago(4)),
        # Decided: withdrawn, rejected, approved and started, approved to start soon.
        Case("ltft", m[5], ago(45), WITHDRAWN, percent=60),
        Case("ltft", m[6], ago(50), ((7, "support"), (20, "reject"))),
        Case("ltft", m[9], ago(160), APPROVED, percent=60),
        Case("ltft", m[10], ago(40), ((5, "support"), (15, "approve")), percent=70),
    ]


def _quarters(today: date) -> list:
    """The last four complete financial quarters, oldest first."""
    periods = [quarter_period(latest_complete_quarter(today))]
    for _ in range(3):
        periods.insert(0, quarter_period(quarter_of(periods[0].start - timedelta(days=1))))
    return periods


def _history_cases(today: date) -> list[Case]:
    """Trainees who each made one application in one of the last four quarters. The last
    quarter has at least five of each outcome, so no figure is too small to show (§10)."""
    programmes = list(
        Programme.objects.filter(local_office__code="HENW", name__startswith="North West")
        .prefetch_related("tpds")
        .order_by("name")
    )
    supervisor = User.objects.get(email="supervisor2@example.nhs.uk")
    percents = [80, 60, 80, 50, 70]
    reasons = [
        (LtftReason.WELLBEING,),
        (LtftReason.TRAINING, LtftReason.UNIQUE),
        (LtftReason.CARING,),
        (LtftReason.NON_MEDICAL,),
    ]
    cases = []
    number = 100
    for index, period in enumerate(_quarters(today)):
        last = index == 3
        ltft = [APPROVED] * 3 + [RETURNED_THEN_APPROVED] * (5 if last else 1)
        ltft += [REJECTED] * (5 if last else 1) + [WITHDRAWN] * (5 if last else 1)
        oopp = [OOPP_APPROVED] * (5 if last else 2) + [OOPP_REJECTED if last else WITHDRAWN]
        plans = [("ltft", moves) for moves in ltft] + [("oopp", moves) for moves in oopp]
        gap = (period.days - 40) / len(plans)
        for position, (kind, moves) in enumerate(plans):
            name = (FIRST_NAMES[number % 20], LAST_NAMES[(number * 7) % 20])
            membership = demo_trainee(
                number=number,
                name=name,
                email=f"{name[0]}.{name[1]}{number}@example.nhs.uk".lower(),
                programme=programmes[number % len(programmes)],
                supervisor=supervisor,
                started=today - timedelta(days=365 * 3),
                wte=Decimal("1.00"),
                today=period.start - timedelta(days=30),
            )
            # Not every case takes the same time: later steps run a few days longer.
            spread = tuple(
                (days + step * (position % 4), move) for step, (days, move) in enumerate(moves)
            )
            cases.append(
                Case(
                    kind,
                    membership,
                    period.start + timedelta(days=2 + int(position * gap)),
                    spread,
                    percent=percents[position % len(percents)],
                    reasons=reasons[position % len(reasons)],
                    # The oldest quarter's first change was for a few months, and has ended.
                    lasts_weeks=20 if (index, position) == (0, 0) else None,
                )
            )
            number += 1
    return cases


@register_story
def applications(today: date) -> None:
    if LtftApplication.objects.filter(trainee__user__email=DEMO_TRAINEE).exists():
        return  # loaded already
    for case in _history_cases(today) + _now_cases(today):
        _play(case, today)
