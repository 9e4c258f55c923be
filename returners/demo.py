"""The demo's return-to-training plans (see trainees/demo.py), around the demo supervisor: a
meeting due, meetings overdue, one held and waiting for sign-off, a plan signed off from start to
end, and KIT days. Each step runs the real services on the day it happened (`happening_on`)."""

from datetime import date, time, timedelta

from portal.accounts.models import User
from portal.core.workingdays import is_working_day
from returners import services
from returners.models import Absence, AbsenceReason, KitDayKind, MeetingKind, ParentalLeave
from trainees.demo import happening_on, register_story
from trainees.models import ProgrammeMembership

SUPERVISOR = "supervisor@example.nhs.uk"

PRE_ABSENCE = {
    "return_place": "The same trust and department",
    "keep_in_touch": "Personal email, and a call every six weeks",
    "consent_to_contact": "YES",
    "keeping_up_to_date": "Three KIT days: two clinics and the regional teaching day.",
    "support_needs": "Enhanced supervision and a return course.",
    "concerns": "",
}


def _pre_return(returns_on: date) -> dict:
    return {
        "confirmed_return_date": returns_on.isoformat(),
        "ltft_on_return": "FULL_TIME",
        "mandatory_training": "Resuscitation update",
        "es_choice": "TAKE",
        "es_days": None,
        "es_content": "Supervised ward rounds and clinics for the first two weeks.",
        "es_opt_out_reason": "",
        "assessment_methods": ["SLE", "FEEDBACK"],
        "courses": "Return to practice course (funded by the deanery)",
        "coaching_sessions": 2,
        "supernumerary_days": 0,
        "rota_informed": "YES",
    }


POST_RETURN = {
    "progress": "Enhanced supervision completed; two case-based discussions signed off.",
    "ready_for_normal_duties": "YES",
    "confidence_notes": "Settled back well and confident on the ward.",
    "outstanding_needs": [],
    "ltft_status": "FULL_TIME",
    "arcp_plan": "Complete the outstanding assessments before the ARCP in June.",
}


def _hold(absence: Absence, kind: str, held_on: date, content: dict, *, sign=True, ack=True):
    supervisor = absence.membership.educational_supervisor
    meeting = absence.plan.meetings.get(kind=kind)
    with happening_on(held_on, time(16, 0)):
        meeting = services.meeting_log(
            meeting=meeting, actor=supervisor, held_on=held_on, content=content
        )
        if sign:
            meeting = services.meeting_sign_off(meeting=meeting, actor=supervisor)
    if sign and ack:
        with happening_on(held_on + timedelta(days=2), time(19, 30)):
            services.meeting_acknowledge(
                meeting=meeting, actor=absence.membership.trainee.user, comment="Thank you."
            )


def _absence(membership, logged: date, **details) -> Absence:
    with happening_on(logged, time(11, 0)):
        return services.absence_create(
            trainee=membership.trainee,
            membership=membership,
            actor=membership.educational_supervisor,
            **details,
        )


@register_story
def return_plans(today: date) -> None:
    memberships = {
        int(m.trainee.gmc_number) - 7100000: m
        for m in ProgrammeMembership.objects.filter(
            educational_supervisor__email=SUPERVISOR
        ).select_related("trainee__user", "educational_supervisor")
    }
    if Absence.objects.filter(membership__in=memberships.values()).exists():
        return  # loaded already
    supervisor = User.objects.get(email=SUPERVISOR)

    def ago(days):
        return today - timedelta(days=days)

    # On maternity leave: pre-absence meeting signed off, KIT days, the pre-return one due.
    leave = _absence(
        memberships[7],
        ago(100),
        reason=AbsenceReason.PARENTAL,
        parental_leave=ParentalLeave.MATERNITY,
        starts_on=ago(70),
        expected_return_on=today + timedelta(days=42),
        planned=True,
    )
    _hold(leave, MeetingKind.PRE_ABSENCE, ago(90), PRE_ABSENCE)
    for days in (40, 26, 12):
        worked = ago(days)
        while not is_working_day(worked):  # KIT days are working days
            worked -= timedelta(days=1)
        with happening_on(worked, time(17, 0)):
            services.kit_day_log(absence=leave, actor=supervisor, kind=KitDayKind.KIT, on=worked)

    # Back from sickness leave with no meeting held: two overdue, the post-return one due.
    sick = _absence(
        memberships[11],
        ago(145),
        reason=AbsenceReason.SICKNESS,
        sickness_details="Recovering from surgery; a phased return is advised.",
        starts_on=ago(150),
        expected_return_on=ago(25),
        planned=False,
    )
    with happening_on(ago(24), time(10, 0)):
        services.absence_record_return(absence=sick, actor=supervisor, returned_on=ago(25))

    # Carer's leave from start to end: every meeting held, signed off and acknowledged.
    carer = _absence(
        memberships[13],
        ago(290),
        reason=AbsenceReason.CARER,
        starts_on=ago(250),
        expected_return_on=ago(130),
        planned=True,
    )
    _hold(carer, MeetingKind.PRE_ABSENCE, ago(270), PRE_ABSENCE)
    _hold(carer, MeetingKind.PRE_RETURN, ago(175), _pre_return(ago(130)))
    with happening_on(ago(129), time(9, 0)):
        services.absence_record_return(absence=carer, actor=supervisor, returned_on=ago(130))
    _hold(carer, MeetingKind.POST_RETURN, ago(112), POST_RETURN)

    # Shared parental leave ahead: the pre-absence meeting held yesterday, to sign off.
    upcoming = _absence(
        memberships[17],
        ago(10),
        reason=AbsenceReason.PARENTAL,
        parental_leave=ParentalLeave.SHARED,
        starts_on=today + timedelta(days=35),
        expected_return_on=today + timedelta(days=200),
        planned=True,
    )
    _hold(upcoming, MeetingKind.PRE_ABSENCE, ago(1), PRE_ABSENCE, sign=False)
