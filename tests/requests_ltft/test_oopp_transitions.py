"""OOPP through its services: eligibility at the start and at submission, every move on the
shared engine, the supervisor's view, the scheduled start and return, and the ARCP decision."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.core.dates import add_months
from portal.core.exceptions import ApplicationError
from portal.notifications.models import Notification
from portal.workflow.services import AlreadyDone, TransitionNotAllowed
from requests_ltft.choices import Status
from requests_ltft.models import OoppApplication
from requests_ltft.services import ltft as ltft_services
from requests_ltft.services import oopp as services
from returners.models import Absence, ReturnPlan
from returners.services import absence_create
from tests.factories import MembershipFactory
from tests.requests_ltft.factories import (
    LtftApplicationFactory,
    OoppApplicationFactory,
    oopp_start,
)
from trainees.models import ArcpOutcome, ArcpOutcomeCode, Grade

pytestmark = pytest.mark.django_db


def award(membership, code, days_ago=30):
    return ArcpOutcome.objects.create(
        trainee=membership.trainee,
        programme=membership.programme,
        outcome=ArcpOutcomeCode.objects.get(code=code),
        awarded_on=timezone.localdate() - timedelta(days=days_ago),
    )


def problems_of(refused) -> list[str]:
    return [message for _, message in refused.value.extra["problems"]]


def submitted(p):
    return services.oopp_submit(application=p.application, actor=p.trainee)


def approved(p):
    app = services.oopp_tpd_support(application=submitted(p), actor=p.tpd)
    return services.oopp_approve(application=app, actor=p.deanery)


def history(app):
    return [(c.from_status, c.to_status, c.actor_role) for c in app.status_changes.all()]


# Eligibility when starting ------------------------------------------------------------------


def start(p, **kwargs):
    return services.oopp_application_start(
        trainee=p.membership.trainee,
        membership=p.membership,
        actor=p.trainee,
        post_secured=kwargs.get("post_secured", True),
    )


def test_an_eligible_trainee_starts_a_draft(oopp_people):
    oopp_people.application.delete()
    award(oopp_people.membership, "1")
    app = start(oopp_people)
    assert (app.status, app.post_secured) == (Status.DRAFT, True)
    assert AuditEvent.objects.filter(action="oopp.create").exists()


def test_an_f2_trainee_is_refused_at_the_start(oopp_people):
    oopp_people.application.delete()
    oopp_people.membership.grade = Grade.objects.get(code="F2")
    oopp_people.membership.save()
    with pytest.raises(ApplicationError, match="You are in F2, a foundation year"):
        start(oopp_people)
    assert not OoppApplication.objects.exists()


def test_an_st1_trainee_is_refused_at_the_start(oopp_people):
    oopp_people.application.delete()
    oopp_people.membership.grade = Grade.objects.get(code="ST1")
    oopp_people.membership.save()
    with pytest.raises(ApplicationError, match="apply when you are in ST2 or above"):
        start(oopp_people)


def test_arcp_outcome_3_is_refused_at_the_start(oopp_people):
    oopp_people.application.delete()
    award(oopp_people.membership, "1", days_ago=400)
    award(oopp_people.membership, "3")
    with pytest.raises(ApplicationError, match="Your latest ARCP outcome is 3"):
        start(oopp_people)


def test_no_post_no_application(oopp_people):
    oopp_people.application.delete()
    with pytest.raises(ApplicationError, match="You need a confirmed post"):
        start(oopp_people, post_secured=False)


def test_one_open_oopp_per_trainee_and_programme(oopp_people):
    with pytest.raises(ApplicationError, match="already have an open application"):
        start(oopp_people)


# Eligibility again at submission ------------------------------------------------------------


def test_an_f2_trainee_is_refused_at_submission_too(oopp_people):
    oopp_people.membership.grade = Grade.objects.get(code="F2")
    oopp_people.membership.save()
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any("You are in F2, a foundation year" in m for m in problems_of(refused))
    assert OoppApplication.objects.get().status == Status.DRAFT


def test_an_arcp_outcome_3_awarded_since_the_start_is_refused_at_submission(oopp_people):
    award(oopp_people.membership, "3")
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any(m.startswith("Your latest ARCP outcome is 3") for m in problems_of(refused))


def test_13_months_is_refused(oopp_people):
    app = oopp_people.application
    back = add_months(app.start_date, 13)
    services.oopp_draft_update(
        application=app,
        actor=oopp_people.trainee,
        end_date=back - timedelta(days=1),
        intended_return_date=back,
    )
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any("An OOPP can last at most 12 months" in m for m in problems_of(refused))


def test_2_months_notice_is_refused_without_an_exceptional_reason(oopp_people):
    soon = add_months(timezone.localdate(), 2)
    services.oopp_draft_update(
        application=oopp_people.application, actor=oopp_people.trainee, start_date=soon
    )
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any(
        m.startswith("Your start date is less than 3 months away") for m in problems_of(refused)
    )


def test_the_exceptional_notice_path_is_accepted_and_flagged(oopp_people):
    soon = add_months(timezone.localdate(), 2)
    services.oopp_draft_update(
        application=oopp_people.application,
        actor=oopp_people.trainee,
        start_date=soon,
        exceptional_reason="PERSONAL_SAFETY",
        exceptional_explanation="I need to leave my current placement quickly.",
    )
    app = submitted(oopp_people)
    assert app.status == Status.SUBMITTED
    assert app.short_notice


def test_the_notice_period_is_the_local_offices_setting(oopp_people):
    office = oopp_people.membership.programme.local_office
    office.oopp_notice_months = 6
    office.save()
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any("less than 6 months away" in m for m in problems_of(refused))


def test_dates_overlapping_another_oopp_are_refused(oopp_people):
    app = oopp_people.application
    other_programme = MembershipFactory(trainee=app.trainee)
    OoppApplicationFactory(
        membership=other_programme,
        status=Status.APPROVED,
        start_date=app.end_date - timedelta(days=10),
    )
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any(m.startswith("These dates overlap your other OOPP") for m in problems_of(refused))


def test_dates_overlapping_an_ltft_change_are_refused(oopp_people):
    app = oopp_people.application
    change = LtftApplicationFactory(
        membership=MembershipFactory(trainee=app.trainee),
        start_date=app.start_date + timedelta(days=30),
        end_date=app.start_date + timedelta(days=200),
    )
    ltft_services.ltft_submit(application=change, actor=oopp_people.trainee)
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any(
        m.startswith("These dates overlap your change to 80% of full time")
        for m in problems_of(refused)
    )


def test_dates_overlapping_another_absence_are_refused(oopp_people):
    app = oopp_people.application
    absence_create(
        trainee=app.trainee,
        reason="OOPE",
        starts_on=app.start_date - timedelta(days=100),
        expected_return_on=app.start_date + timedelta(days=1),
        planned=True,
        actor=oopp_people.deanery,
    )
    with pytest.raises(ApplicationError) as refused:
        submitted(oopp_people)
    assert any("overlap your out of programme experience" in m for m in problems_of(refused))


def test_the_post_confirmation_must_be_attached(db, media):
    app = OoppApplicationFactory(confirmation=False)
    with pytest.raises(ApplicationError) as refused:
        services.oopp_submit(application=app, actor=app.trainee.user)
    assert "Attach the job offer or confirmation of your post from the employer" in [
        m for _, m in refused.value.extra["problems"]
    ]


def test_submission_records_the_cct_dates_and_the_reviewers_flags(oopp_people):
    app = submitted(oopp_people)
    membership = app.membership
    length = (app.intended_return_date - app.start_date).days
    assert app.cct_date_before == membership.cct_date
    assert app.provisional_cct_date == membership.cct_date + timedelta(days=length)
    assert app.arcp_outcome_expected  # no ARCP yet: allowed, flagged
    assert not app.little_training_left
    assert app.snapshots.get().data["post_confirmation"] == "offer-letter.pdf"


def test_little_training_left_is_a_warning_not_a_block(oopp_people):
    membership = oopp_people.membership
    # With the whole pause added, completion comes 20 days after the return.
    membership.cct_date = oopp_people.application.start_date + timedelta(days=20)
    membership.save()
    award(membership, "1")
    app = submitted(oopp_people)
    assert app.status == Status.SUBMITTED
    assert app.little_training_left
    assert not app.arcp_outcome_expected


# The moves ----------------------------------------------------------------------------------


def test_the_happy_path_on_the_shared_engine(oopp_people):
    app = approved(oopp_people)
    assert app.status == Status.APPROVED
    assert history(app) == [
        ("DRAFT", "SUBMITTED", "OWNER"),
        ("SUBMITTED", "TPD_SUPPORTED", "TPD"),
        ("TPD_SUPPORTED", "APPROVED", "DEANERY"),
    ]
    assert app.decided_at is not None


def test_submission_tells_the_tpd_the_supervisor_and_the_trainee(oopp_people):
    submitted(oopp_people)
    emails = Notification.objects.filter(channel=Notification.Channel.EMAIL)
    assert {n.recipient for n in emails} == {
        oopp_people.tpd,
        oopp_people.supervisor,
        oopp_people.trainee,
    }


@pytest.mark.parametrize(
    ("who", "move"),
    [
        ("supervisor", "oopp_tpd_support"),
        ("trainee", "oopp_tpd_support"),
        ("other_tpd", "oopp_tpd_support"),
        ("deanery", "oopp_tpd_support"),
    ],
)
def test_only_the_tpd_supports(oopp_people, who, move):
    app = submitted(oopp_people)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        getattr(services, move)(application=app, actor=getattr(oopp_people, who))


@pytest.mark.parametrize("who", ["tpd", "supervisor", "other_deanery", "trainee"])
def test_only_the_offices_deanery_approves(oopp_people, who):
    app = services.oopp_tpd_support(application=submitted(oopp_people), actor=oopp_people.tpd)
    with pytest.raises(TransitionNotAllowed):
        services.oopp_approve(application=app, actor=getattr(oopp_people, who))


def test_the_deanery_cannot_approve_before_the_tpd_supports(oopp_people):
    app = submitted(oopp_people)
    with pytest.raises(TransitionNotAllowed, match="now submitted"):
        services.oopp_approve(application=app, actor=oopp_people.deanery)


def test_return_for_changes_then_resubmit_makes_a_new_revision(oopp_people):
    app = services.oopp_return_for_changes(
        application=submitted(oopp_people), actor=oopp_people.tpd, reason="Add the supervisor"
    )
    assert (app.status, app.revision) == (Status.UNSUBMITTED, 2)
    app = services.oopp_draft_update(
        application=app, actor=oopp_people.trainee, post_title="Clinical fellow"
    )
    app = services.oopp_submit(application=app, actor=oopp_people.trainee)
    assert app.status == Status.SUBMITTED
    assert list(app.snapshots.values_list("revision", flat=True)) == [1, 2]


def test_reject_and_withdraw_need_reasons(oopp_people):
    app = services.oopp_tpd_support(application=submitted(oopp_people), actor=oopp_people.tpd)
    with pytest.raises(TransitionNotAllowed, match="Enter a reason"):
        services.oopp_reject(application=app, actor=oopp_people.deanery, reason="")
    with pytest.raises(TransitionNotAllowed, match="Enter a reason"):
        services.oopp_withdraw(application=app, actor=oopp_people.trainee, reason=" ")
    app = services.oopp_withdraw(
        application=app, actor=oopp_people.trainee, reason="The post fell through"
    )
    assert app.status == Status.WITHDRAWN
    withdrawn = Notification.objects.filter(
        subject__endswith="has withdrawn their OOPP application"
    )
    # The deanery hears because the application had reached it.
    assert oopp_people.deanery in {n.recipient for n in withdrawn}


def test_a_second_approval_is_already_done(oopp_people):
    app = approved(oopp_people)
    with pytest.raises(AlreadyDone) as done:
        services.oopp_approve(application=app, actor=oopp_people.deanery)
    assert done.value.by_same_actor


# The supervisor's view --------------------------------------------------------------------------


def test_the_supervisor_supports_beside_the_workflow(oopp_people):
    app = submitted(oopp_people)
    app = services.oopp_supervisor_opinion_record(
        application=app, actor=oopp_people.supervisor, view="SUPPORT", comment=""
    )
    assert (app.status, app.es_view, app.es_revision) == (Status.SUBMITTED, "SUPPORT", 1)
    assert app.es_recorded_by == oopp_people.supervisor
    told = Notification.objects.filter(subject__contains="has given their view")
    assert {n.recipient for n in told} == {oopp_people.tpd, oopp_people.trainee}
    # Saying the same again changes nothing and tells nobody twice.
    services.oopp_supervisor_opinion_record(
        application=app, actor=oopp_people.supervisor, view="SUPPORT", comment=""
    )
    assert told.count() == 4


def test_concerns_need_a_comment_and_do_not_stop_the_tpd(oopp_people):
    app = submitted(oopp_people)
    with pytest.raises(ApplicationError, match="Describe your concerns"):
        services.oopp_supervisor_opinion_record(
            application=app, actor=oopp_people.supervisor, view="CONCERNS", comment=""
        )
    services.oopp_supervisor_opinion_record(
        application=app, actor=oopp_people.supervisor, view="CONCERNS", comment="Rota gaps"
    )
    app = services.oopp_tpd_support(application=app, actor=oopp_people.tpd)
    assert app.status == Status.TPD_SUPPORTED


@pytest.mark.parametrize("who", ["other_supervisor", "tpd", "trainee"])
def test_only_the_trainees_supervisor_gives_the_view(oopp_people, who):
    app = submitted(oopp_people)
    with pytest.raises(ApplicationError, match="Only the trainee's educational supervisor"):
        services.oopp_supervisor_opinion_record(
            application=app, actor=getattr(oopp_people, who), view="SUPPORT"
        )


def test_the_view_is_given_while_the_application_is_being_decided(oopp_people):
    with pytest.raises(ApplicationError, match="It is draft now"):
        services.oopp_supervisor_opinion_record(
            application=oopp_people.application, actor=oopp_people.supervisor, view="SUPPORT"
        )


# Start, return and the ARCP decision ----------------------------------------------------------


def test_the_start_date_makes_it_active_with_an_absence_and_a_return_plan(oopp_people):
    app = approved(oopp_people)
    before = app.membership.cct_date
    assert services.oopp_apply_due_transitions(today=app.start_date - timedelta(days=1)) == 0
    assert services.oopp_apply_due_transitions(today=app.start_date) == 1
    app.refresh_from_db()
    length = (app.intended_return_date - app.start_date).days
    assert app.status == Status.ACTIVE
    assert app.status_changes.last().system_actor == "scheduled_transitions"
    assert app.cct_days_added == length
    assert app.membership.cct_date == before + timedelta(days=length)
    absence = app.absence
    assert (absence.reason, absence.starts_on, absence.expected_return_on) == (
        "OOPP",
        app.start_date,
        app.intended_return_date,
    )
    assert absence.planned and absence.logged_by_system == "oopp_activation"
    plan = ReturnPlan.objects.get(absence=absence)
    pre_return = plan.meetings.get(kind="PRE_RETURN")
    assert pre_return.due_on < app.end_date
    # Running the job again finds nothing to do.
    assert services.oopp_apply_due_transitions(today=app.start_date) == 0


def test_a_short_pause_still_gets_a_return_plan(oopp_people):
    app = oopp_people.application
    services.oopp_draft_update(
        application=app,
        actor=oopp_people.trainee,
        end_date=app.start_date + timedelta(days=40),
        intended_return_date=app.start_date + timedelta(days=41),
    )
    app = approved(oopp_people)
    services.oopp_apply_due_transitions(today=app.start_date)
    app.refresh_from_db()
    assert ReturnPlan.objects.get(absence=app.absence).opted_in


def test_a_start_that_clashes_with_an_absence_logged_since_is_left_for_the_deanery(oopp_people):
    app = approved(oopp_people)
    absence_create(
        trainee=app.trainee,
        reason="SICKNESS",
        starts_on=app.start_date - timedelta(days=5),
        expected_return_on=app.start_date + timedelta(days=5),
        planned=False,
        actor=oopp_people.supervisor,
    )
    assert services.oopp_apply_due_transitions(today=app.start_date) == 0
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    assert not Absence.objects.filter(reason="OOPP").exists()


def test_the_return_date_ends_it_and_90_days_recognised_bring_the_cct_back(oopp_people):
    app = approved(oopp_people)
    services.oopp_apply_due_transitions(today=app.start_date)
    app.refresh_from_db()
    with_pause = app.membership.cct_date
    assert services.oopp_apply_due_transitions(today=app.end_date) == 0
    assert services.oopp_apply_due_transitions(today=app.intended_return_date) == 1
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    app = services.oopp_recognition_record(application=app, actor=oopp_people.deanery, days=90)
    assert app.membership.cct_date == with_pause - timedelta(days=90)
    assert (app.cct_date_before_recognition, app.cct_date_after_recognition) == (
        with_pause,
        with_pause - timedelta(days=90),
    )
    assert app.recognised_days == 90
    event = AuditEvent.objects.get(action="oopp.recognition")
    assert event.detail["cct_before"] == with_pause.isoformat()
    with pytest.raises(ApplicationError, match="already recorded"):
        services.oopp_recognition_record(application=app, actor=oopp_people.deanery, days=10)


def test_recognition_cannot_exceed_the_pause_and_needs_the_deanery(oopp_people):
    app = approved(oopp_people)
    services.oopp_apply_due_transitions(today=app.intended_return_date)
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    length = (app.intended_return_date - app.start_date).days
    with pytest.raises(ApplicationError, match=f"between 0 and {length}"):
        services.oopp_recognition_record(
            application=app, actor=oopp_people.deanery, days=length + 1
        )
    with pytest.raises(ApplicationError, match="Only the deanery"):
        services.oopp_recognition_record(application=app, actor=oopp_people.tpd, days=10)


def test_recognition_waits_for_the_return(oopp_people):
    app = approved(oopp_people)
    with pytest.raises(ApplicationError, match="once the trainee has returned"):
        services.oopp_recognition_record(application=app, actor=oopp_people.deanery, days=10)


def test_the_deanery_records_an_early_return_and_the_cct_date_follows(oopp_people):
    app = approved(oopp_people)
    services.oopp_apply_due_transitions(today=app.start_date)
    app.refresh_from_db()
    with_pause = app.membership.cct_date
    early = app.start_date + timedelta(days=100)
    with time_machine.travel(early + timedelta(days=1), tick=False):
        with pytest.raises(ApplicationError, match="cannot be in the future"):
            services.oopp_return(
                application=app, actor=oopp_people.deanery, returned_on=early + timedelta(days=2)
            )
        app = services.oopp_return(application=app, actor=oopp_people.deanery, returned_on=early)
    assert (app.status, app.actual_return_date) == (Status.RETURNED, early)
    days_not_taken = (app.intended_return_date - early).days
    assert app.membership.cct_date == with_pause - timedelta(days=days_not_taken)
    app.absence.refresh_from_db()
    assert app.absence.actual_return_on == early
    assert app.status_changes.last().actor_role == "DEANERY"


def test_the_due_transitions_use_today_by_default(oopp_people):
    app = approved(oopp_people)
    assert services.oopp_apply_due_transitions() == 0
    with time_machine.travel(app.start_date, tick=False):
        assert services.oopp_apply_due_transitions() == 1


def test_factory_dates_give_full_notice():
    assert oopp_start() > add_months(timezone.localdate(), 3)
