"""Every move in the LTFT table, allowed and refused, through the services people use."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.core.exceptions import ApplicationError
from portal.notifications.models import Notification
from portal.workflow.services import AlreadyDone, TransitionNotAllowed
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication
from requests_ltft.services import ltft as services

pytestmark = pytest.mark.django_db


def submitted(people):
    return services.ltft_submit(application=people.application, actor=people.trainee)


def supported(people):
    return services.ltft_tpd_support(application=submitted(people), actor=people.tpd)


def history(app):
    return [(c.from_status, c.to_status, c.actor_role) for c in app.status_changes.all()]


def test_the_happy_path_writes_one_history_row_per_step(people):
    app = supported(people)
    app = services.ltft_approve(application=app, actor=people.deanery)
    assert app.status == Status.APPROVED
    assert history(app) == [
        ("DRAFT", "SUBMITTED", "OWNER"),
        ("SUBMITTED", "TPD_SUPPORTED", "TPD"),
        ("TPD_SUPPORTED", "APPROVED", "DEANERY"),
    ]
    assert app.snapshots.count() == 1
    assert app.decided_at is not None


def test_submit_records_notice_and_the_provisional_cct_date(people):
    app = submitted(people)
    membership = app.membership
    assert app.short_notice is False
    assert app.cct_date_before == membership.cct_date
    assert app.provisional_cct_date > membership.cct_date


def test_submit_notifies_the_tpd_and_the_trainee_through_the_outbox(people):
    submitted(people)
    emails = Notification.objects.filter(channel=Notification.Channel.EMAIL)
    assert {n.recipient for n in emails} == {people.tpd, people.trainee}
    assert all(n.status == Notification.Status.PENDING for n in emails)


def test_an_approved_message_is_sent_only_at_the_final_decision(people):
    supported(people)
    assert not Notification.objects.filter(subject__icontains="approved").exists()
    services.ltft_approve(application=LtftApplication.objects.get(), actor=people.deanery)
    assert Notification.objects.filter(
        recipient=people.trainee, subject__icontains="has been approved"
    ).exists()


def test_return_for_changes_needs_a_reason_and_starts_a_new_revision(people):
    app = submitted(people)
    with pytest.raises(TransitionNotAllowed, match="Enter a reason"):
        services.ltft_return_for_changes(application=app, actor=people.tpd, reason="  ")
    app = services.ltft_return_for_changes(
        application=app, actor=people.tpd, reason="Start in August"
    )
    assert (app.status, app.revision) == (Status.UNSUBMITTED, 2)
    app = services.ltft_draft_update(application=app, actor=people.trainee, proposed_percent=60)
    app = services.ltft_submit(application=app, actor=people.trainee)
    assert app.status == Status.SUBMITTED
    assert list(app.snapshots.values_list("revision", flat=True)) == [1, 2]
    assert history(app)[-1] == ("UNSUBMITTED", "SUBMITTED", "OWNER")


def test_the_deanery_can_return_for_changes_too(people):
    app = supported(people)
    app = services.ltft_return_for_changes(
        application=app, actor=people.deanery, reason="Evidence is missing"
    )
    assert app.status == Status.UNSUBMITTED


def test_reject_needs_a_reason(people):
    app = supported(people)
    with pytest.raises(TransitionNotAllowed, match="Enter a reason"):
        services.ltft_reject(application=app, actor=people.deanery, reason="")
    app = services.ltft_reject(application=app, actor=people.deanery, reason="No capacity")
    assert app.status == Status.REJECTED
    assert app.status_changes.last().reason == "No capacity"


@pytest.mark.parametrize("stage", ["submitted", "returned", "supported"])
def test_the_trainee_can_withdraw_with_a_reason_until_the_decision(people, stage):
    app = submitted(people)
    if stage == "returned":
        app = services.ltft_return_for_changes(application=app, actor=people.tpd, reason="x")
    if stage == "supported":
        app = services.ltft_tpd_support(application=app, actor=people.tpd)
    with pytest.raises(TransitionNotAllowed, match="Enter a reason"):
        services.ltft_withdraw(application=app, actor=people.trainee, reason="")
    app = services.ltft_withdraw(application=app, actor=people.trainee, reason="Changed plans")
    assert app.status == Status.WITHDRAWN


def test_an_approved_application_cannot_be_withdrawn(people):
    app = services.ltft_approve(application=supported(people), actor=people.deanery)
    with pytest.raises(TransitionNotAllowed, match="now approved"):
        services.ltft_withdraw(application=app, actor=people.trainee, reason="Too late")


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("trainee", "support"),
        ("other_tpd", "support"),
        ("deanery", "support"),
        ("supervisor", "support"),
        ("other_trainee", "withdraw"),
        ("tpd", "withdraw"),
    ],
)
def test_the_wrong_role_is_refused(people, who, action):
    app = submitted(people)
    actor = getattr(people, who)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        if action == "support":
            services.ltft_tpd_support(application=app, actor=actor)
        else:
            services.ltft_withdraw(application=app, actor=actor, reason="because")
    assert LtftApplication.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["tpd", "other_deanery", "trainee", "admin"])
def test_only_the_offices_deanery_decides(people, who):
    app = supported(people)
    with pytest.raises(TransitionNotAllowed):
        services.ltft_approve(application=app, actor=getattr(people, who))


def test_a_second_submit_says_it_is_already_done(people):
    app = submitted(people)
    with pytest.raises(AlreadyDone) as done:
        services.ltft_submit(application=app, actor=people.trainee)
    assert done.value.by_same_actor
    assert app.status_changes.count() == 1


def test_a_second_approval_by_someone_else_names_who_did_it(people):
    app = supported(people)
    services.ltft_approve(application=app, actor=people.deanery)
    from portal.accounts.models import Role
    from tests.factories import local_office, user_with_role

    colleague = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    with pytest.raises(AlreadyDone, match=people.deanery.get_full_name()):
        services.ltft_approve(application=app, actor=colleague)
    assert app.status_changes.filter(to_status=Status.APPROVED).count() == 1


def test_an_incomplete_draft_cannot_be_submitted(people):
    app = services.ltft_draft_update(
        application=people.application, actor=people.trainee, reasons=[], supporting_information=""
    )
    with pytest.raises(ApplicationError) as refused:
        services.ltft_submit(application=app, actor=people.trainee)
    messages = [m for _, m in refused.value.extra["problems"]]
    assert "Select at least one reason for applying" in messages
    assert "Enter your supporting information" in messages


def test_short_notice_needs_an_exceptional_reason(people):
    soon = timezone.localdate() + timedelta(weeks=4)
    app = services.ltft_draft_update(
        application=people.application, actor=people.trainee, start_date=soon
    )
    with pytest.raises(ApplicationError) as refused:
        services.ltft_submit(application=app, actor=people.trainee)
    assert any("less than 16 weeks" in m for _, m in refused.value.extra["problems"])
    app = services.ltft_draft_update(
        application=app,
        actor=people.trainee,
        exceptional_reason="PERSONAL_SAFETY",
        exceptional_explanation="I need to move quickly",
    )
    assert services.ltft_submit(application=app, actor=people.trainee).short_notice


def test_a_visa_holder_below_80_percent_needs_the_deans_override(people):
    services.ltft_draft_update(
        application=people.application,
        actor=people.trainee,
        skilled_worker_visa=True,
        proposed_percent=60,
    )
    app = supported(people)
    with pytest.raises(ApplicationError, match="Skilled Worker visa"):
        services.ltft_approve(application=app, actor=people.deanery)
    services.ltft_visa_override(
        application=app, actor=people.deanery, reason="Salary still meets the threshold"
    )
    app.refresh_from_db()
    assert services.ltft_approve(application=app, actor=people.deanery).status == "APPROVED"


def test_one_open_application_per_programme(people):
    with pytest.raises(ApplicationError, match="already have an open application"):
        services.ltft_application_start(
            trainee=people.application.trainee,
            membership=people.application.membership,
            actor=people.trainee,
        )


def test_a_new_application_is_allowed_after_withdrawal(people):
    app = submitted(people)
    services.ltft_withdraw(application=app, actor=people.trainee, reason="Changed plans")
    fresh = services.ltft_application_start(
        trainee=app.trainee, membership=app.membership, actor=people.trainee
    )
    assert fresh.status == Status.DRAFT


def test_start_and_end_dates_move_it_to_active_then_completed(people):
    start = timezone.localdate() + timedelta(weeks=20)
    services.ltft_draft_update(
        application=people.application,
        actor=people.trainee,
        start_date=start,
        end_date=start + timedelta(days=364),
    )
    app = services.ltft_approve(application=supported(people), actor=people.deanery)
    cct_before = app.membership.cct_date
    assert services.ltft_apply_due_transitions(today=start - timedelta(days=1)) == 0
    assert services.ltft_apply_due_transitions(today=start) == 1
    app.refresh_from_db()
    membership = app.membership
    assert app.status == Status.ACTIVE
    assert membership.wte == app.proposed_wte
    assert membership.cct_date == app.provisional_cct_date > cct_before
    assert services.ltft_apply_due_transitions(today=start) == 0
    services.ltft_apply_due_transitions(today=start + timedelta(days=365))
    app.refresh_from_db()
    assert app.status == Status.COMPLETED
    assert app.membership.wte == 1
    assert app.status_changes.last().system_actor == "scheduled_transitions"


def test_drafts_cannot_be_edited_once_submitted(people):
    app = submitted(people)
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        services.ltft_draft_update(application=app, actor=people.trainee, proposed_percent=60)


def test_the_deanery_cannot_approve_before_the_tpd_supports(people):
    app = submitted(people)
    with pytest.raises(TransitionNotAllowed, match="now submitted"):
        services.ltft_approve(application=app, actor=people.deanery)


def test_people_cannot_make_the_scheduled_moves(people):
    from portal.workflow.services import workflow_transition

    app = services.ltft_approve(application=supported(people), actor=people.deanery)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        workflow_transition(instance=app, name="activate", actor=people.deanery)


def test_a_tpds_deputy_can_support_while_deputising(people):
    from portal.accounts.models import Role
    from tests.factories import deputy, user_with_role

    stand_in = user_with_role(Role.Kind.SUPERVISOR)
    today = timezone.localdate()
    deputy(tpd=people.tpd, deputy_user=stand_in, starts_on=today, ends_on=today)
    app = services.ltft_tpd_support(application=submitted(people), actor=stand_in)
    assert app.status == Status.TPD_SUPPORTED
    assert app.status_changes.last().actor == stand_in


def test_an_inactive_tpd_or_deputy_gets_no_transition_email(people):
    """The submission email goes to the people the reminders would chase: a TPD whose account
    is deactivated, and a deputy whose account is, receive neither."""
    from portal.accounts.models import Role
    from tests.factories import deputy, user_with_role

    today = timezone.localdate()
    stand_in = user_with_role(Role.Kind.TPD)
    deputy(tpd=people.tpd, deputy_user=stand_in, starts_on=today, ends_on=today)
    gone = user_with_role(Role.Kind.TPD, is_active=False)
    people.application.programme.tpds.add(gone)
    gone_stand_in = user_with_role(Role.Kind.TPD, is_active=False)
    deputy(tpd=people.tpd, deputy_user=gone_stand_in, starts_on=today, ends_on=today)

    submitted(people)

    emailed = {
        n.recipient
        for n in Notification.objects.filter(
            channel=Notification.Channel.EMAIL, subject__icontains="waiting for your support"
        )
    }
    assert emailed == {people.tpd, stand_in}
