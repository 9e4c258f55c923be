"""The audit log (docs/security.md §7).

- every create, update, transition and delete of applications, plans, meetings and files
  writes a row naming the actor, the action, the object, the time and the source address;
- every view or download of special-category data writes a row;
- failed sign-ins, lockouts and refused access are written too;
- no row holds a sensitive value;
- admins can search the log, and cannot change it.
"""

import json
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.signals import user_login_failed
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record, scrub
from portal.core.workingdays import add_working_days
from requests_ltft.services import applications, ltft, oopp
from returners import services as supportt
from returners.models import AbsenceReason, Meeting, MeetingKind
from tests.factories import PASSWORD, MembershipFactory, ProgrammeFactory, local_office
from tests.requests_ltft.factories import PDF
from tests.returners.factories import log_absence
from tests.security.conftest import AFTER, AUDIT_MIDDLEWARE

pytestmark = pytest.mark.django_db

SECRETS = [
    PASSWORD,
    "Needs a phased return after surgery",  # sickness details (world.py)
    "Occupational health advise a phased return",  # health notes (world.py)
    "wrong-password-123",
]


def rows(action, obj=None, **filters):
    events = AuditEvent.objects.filter(action=action, **filters)
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return events


def assert_one(action, obj, actor=None, system=None):
    events = list(rows(action, obj))
    assert events, f"no {action} row for {obj._meta.label_lower} {obj.pk}"
    event = events[-1]
    if actor is not None:
        assert event.actor == actor
        assert event.actor_label == actor.email
    if system is not None:
        assert event.actor is None
        assert event.actor_label == f"system:{system}"
    assert abs(event.occurred_at - timezone.now()) < timedelta(minutes=1)
    assert event.occurred_at.utcoffset() == timedelta(0)  # stored and read back in UTC
    return event


# The configuration ---------------------------------------------------------------------------


def test_the_audit_middleware_is_installed_after_authentication():
    """Refused access is only logged, and rows only get their source address, with the
    middleware in the settings (portal/settings/base.py, after the OTP middleware)."""
    middleware = django_settings.MIDDLEWARE
    assert AUDIT_MIDDLEWARE in middleware, f"add {AUDIT_MIDDLEWARE!r} to MIDDLEWARE"
    assert middleware.index(AUDIT_MIDDLEWARE) > middleware.index(AFTER)


def test_a_row_needs_someone():
    with pytest.raises(ValueError):
        audit_record(action="x.y")


# Every write ---------------------------------------------------------------------------------


def test_every_write_to_applications_and_their_files_is_recorded(world):
    w = world
    owner, tpd, deanery, supervisor = w.owner, w.tpd, w.deanery, w.supervisor

    second = MembershipFactory(
        trainee=w.owner_trainee,
        programme=ProgrammeFactory(local_office=local_office("HENW"), tpds=[tpd]),
    )
    started = ltft.ltft_application_start(trainee=w.owner_trainee, membership=second, actor=owner)
    assert_one("ltft.create", started, actor=owner)

    app = w.ltft
    app = ltft.ltft_draft_update(application=app, actor=owner, proposed_percent=60)
    event = assert_one("ltft.update", app, actor=owner)
    assert event.detail == {"fields": ["proposed_percent"]}

    upload = SimpleUploadedFile("gp-letter.pdf", PDF, content_type="application/pdf")
    added = applications.application_evidence_add(application=app, actor=owner, upload=upload)
    assert_one("evidence.upload", added, actor=owner)
    added_pk = added.pk
    applications.application_evidence_remove(evidence=added, actor=owner)
    assert rows("evidence.delete", object_id=str(added_pk), actor=owner).exists()

    applications.application_declarations_confirm(application=app, actor=owner)
    assert_one("ltft.declarations_confirm", app, actor=owner)
    app = ltft.ltft_submit(application=app, actor=owner)
    assert_one("ltft.submit", app, actor=owner)
    app = ltft.ltft_return_for_changes(application=app, actor=tpd, reason="Add the dates")
    assert_one("ltft.return_for_changes", app, actor=tpd)
    app = ltft.ltft_submit(application=app, actor=owner)
    assert_one("ltft.resubmit", app, actor=owner)
    app = ltft.ltft_tpd_support(application=app, actor=tpd)
    assert_one("ltft.tpd_support", app, actor=tpd)
    applications.application_assign_case_owner(application=app, actor=deanery, owner=deanery)
    assert_one("ltft.assign_case_owner", app, actor=deanery)
    ltft.ltft_visa_override(application=app, actor=deanery, reason="Dean agreed on 1 May")
    assert_one("ltft.visa_override", app, actor=deanery)
    app = ltft.ltft_approve(application=app, actor=deanery)
    assert_one("ltft.approve", app, actor=deanery)
    app = ltft.ltft_activate(application=app)
    assert_one("ltft.activate", app, system="scheduled_transitions")

    application = w.oopp
    oopp.oopp_supervisor_opinion_record(
        application=application, actor=supervisor, view="SUPPORT", comment=""
    )
    assert_one("oopp.supervisor_view", application, actor=supervisor)
    application = oopp.oopp_tpd_support(application=application, actor=tpd)
    assert_one("oopp.tpd_support", application, actor=tpd)
    application = oopp.oopp_reject(application=application, actor=deanery, reason="No cover")
    assert_one("oopp.reject", application, actor=deanery)

    withdrawn = ltft.ltft_submit(application=w.other_ltft, actor=w.other_trainee)
    withdrawn = ltft.ltft_withdraw(application=withdrawn, actor=w.other_trainee, reason="Moved")
    assert_one("ltft.withdraw", withdrawn, actor=w.other_trainee)


def test_every_write_to_absences_plans_and_meetings_is_recorded(world):
    w = world
    owner, supervisor, deanery = w.owner, w.supervisor, w.deanery
    today = timezone.localdate()

    short = log_absence(
        w.other_ltft.membership,
        reason=AbsenceReason.CARER,
        starts_on=today + timedelta(days=300),
        expected_return_on=today + timedelta(days=310),
        actor=deanery,
    )
    assert_one("supportt.absence_create", short, actor=deanery)
    plan = supportt.return_plan_opt_in(absence=short, actor=deanery)
    assert_one("supportt.plan_opt_in", plan, actor=deanery)
    short = supportt.absence_update_dates(
        absence=short,
        actor=deanery,
        starts_on=today + timedelta(days=300),
        expected_return_on=today + timedelta(days=320),
    )
    assert_one("supportt.absence_update", short, actor=deanery)

    long = log_absence(
        w.other_ltft.membership,
        starts_on=today + timedelta(days=400),
        expected_return_on=today + timedelta(days=600),
        actor=deanery,
    )
    assert_one("supportt.plan_create", long.plan, actor=deanery)

    absence, plan = w.absence, w.absence.plan
    supportt.enhanced_supervision_extend(plan=plan, actor=supervisor, days=5, reason="Rota gap")
    assert_one("supportt.es_extend", plan, actor=supervisor)

    logged = w.meeting_logged
    action = supportt.meeting_action_add(
        meeting=logged, actor=supervisor, description="Shadow a list", owner="TRAINEE"
    )
    assert_one("supportt.meeting_action_add", logged, actor=supervisor)
    supportt.meeting_action_remove(meeting=logged, actor=supervisor, action_id=action.pk)
    assert_one("supportt.meeting_action_remove", logged, actor=supervisor)
    supportt.meeting_sign_off(meeting=logged, actor=supervisor)
    assert_one("supportt.meeting_sign_off", logged, actor=supervisor)
    assert_one("supportt.plan_update", plan, actor=supervisor)

    signed = w.meeting_signed
    supportt.meeting_acknowledge(meeting=signed, actor=owner, comment="Thanks")
    assert_one("supportt.meeting_acknowledge", signed, actor=owner)
    supportt.meeting_addendum_add(meeting=signed, actor=owner, text="One correction")
    assert_one("supportt.meeting_addendum", signed, actor=owner)

    absence = supportt.absence_record_return(absence=absence, actor=supervisor, returned_on=today)
    assert_one("supportt.absence_return", absence, actor=supervisor)
    post = Meeting.objects.get(plan=plan, kind=MeetingKind.POST_RETURN)
    supportt.meeting_schedule(
        meeting=post,
        actor=supervisor,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
        location="Room 1",
    )
    assert_one("supportt.meeting_schedule", post, actor=supervisor)
    supportt.meeting_log(meeting=post, actor=supervisor, held_on=today, content={})
    assert_one("supportt.meeting_log", post, actor=supervisor)
    supportt.meeting_sign_off(meeting=post, actor=supervisor)
    assert_one("supportt.plan_close", plan, actor=supervisor)

    kit_absence = log_absence(
        w.other_ltft.membership,
        starts_on=today - timedelta(days=700),
        expected_return_on=today - timedelta(days=500),
        actor=deanery,
    )
    # KIT days are working days (docs/rules.md §7): the first one after 600 days ago.
    worked = add_working_days(today - timedelta(days=600), 1)
    day = supportt.kit_day_log(absence=kit_absence, actor=deanery, kind="KIT", on=worked)
    assert_one("supportt.kit_day_log", kit_absence, actor=deanery)
    day = supportt.kit_day_update(
        day=day, actor=deanery, kind="KIT", on=add_working_days(worked, 1), note="Teaching"
    )
    assert_one("supportt.kit_day_update", kit_absence, actor=deanery)
    supportt.kit_day_remove(day=day, actor=deanery)
    assert_one("supportt.kit_day_remove", kit_absence, actor=deanery)

    settings = supportt.supportt_settings_update(
        office=local_office("HENW"), actor=deanery, es_days=12
    )
    event = assert_one("office_settings.supportt", settings.local_office, actor=deanery)
    assert event.detail == {"es_days": [10, 12]}


# Special-category data -----------------------------------------------------------------------


def submit(world):
    """The world's LTFT application is a draft, which only its owner may open: submit it."""
    ltft.ltft_submit(application=world.ltft, actor=world.owner)


def test_each_download_of_evidence_is_recorded_with_the_source_address(world, role_clients):
    submit(world)
    url = reverse(
        "requests_ltft:ltft_evidence_download", args=[world.ltft.pk, world.ltft_evidence.pk]
    )
    response = role_clients.client("deanery").get(url, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = assert_one("evidence.view", world.ltft_evidence, actor=world.deanery)
    assert event.source_ip == "10.1.2.3"


@pytest.mark.parametrize("role", ["owner", "supervisor", "tpd", "deanery"])
def test_each_view_of_sickness_and_health_notes_is_recorded(world, role_clients, role):
    url = reverse("returners:health_detail", args=[world.absence.pk])
    response = role_clients.client(role).get(url)
    assert response.status_code == 200
    assert b"Needs a phased return after surgery" in response.content
    assert_one("supportt.health_view", world.absence, actor=world.users[role])


def test_reopening_a_meeting_record_with_health_notes_is_recorded(world, role_clients):
    url = reverse("supervisors:meeting_log", args=[world.meeting_logged.pk])
    response = role_clients.client("tpd").get(url)
    assert response.status_code == 200
    assert_one("supportt.health_view", world.meeting_logged, actor=world.tpd)


# Refused access ------------------------------------------------------------------------------


def refusals(actor):
    return AuditEvent.objects.filter(action="access.refused", actor=actor)


def test_reaching_for_someone_elses_record_is_recorded_with_the_record(world, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    response = role_clients.client("other_trainee").get(url, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 404
    event = refusals(world.other_trainee).get()
    assert event.object_type == "requests_ltft.ltftapplication"
    assert event.object_id == str(world.ltft.pk)
    assert event.source_ip == "10.9.9.9"
    assert event.detail == {
        "why": "out_of_scope",
        "status": 404,
        "method": "GET",
        "path": url,
        "view": "requests_ltft:ltft_detail",
    }


def test_a_missing_record_is_recorded_without_one(world, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=["00000000-0000-4000-8000-000000000000"])
    assert role_clients.client("other_trainee").get(url).status_code == 404
    event = refusals(world.other_trainee).get()
    assert event.object_id == ""
    assert event.detail["why"] == "not_found_or_not_for_role"


def test_a_page_for_another_role_is_recorded(world, role_clients):
    response = role_clients.client("owner").get(reverse("reports:home"))
    assert response.status_code == 404
    assert refusals(world.owner).get().detail["view"] == "reports:home"


def test_a_read_only_role_trying_to_write_is_recorded(world, role_clients):
    url = reverse("returners:absence_change", args=[world.absence.pk])
    assert role_clients.client("admin").post(url, {}).status_code == 403
    event = refusals(world.admin).get()
    assert event.detail["why"] == "not_allowed_for_role"
    assert event.detail["status"] == 403
    assert event.detail["method"] == "POST"


def test_evidence_refused_to_a_tpd_is_recorded_although_the_view_rolls_back(world, role_clients):
    submit(world)
    url = reverse(
        "requests_ltft:ltft_evidence_download", args=[world.ltft.pk, world.ltft_evidence.pk]
    )
    assert role_clients.client("tpd").get(url).status_code == 404
    event = refusals(world.tpd).get()
    assert event.detail["why"] == "evidence_not_for_role"
    assert event.object_id == str(world.ltft.pk)
    assert not rows("evidence.view").exists()


def test_a_draft_refused_to_the_tpd_is_recorded_as_private(world, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    assert role_clients.client("tpd").get(url).status_code == 404
    event = refusals(world.tpd).get()
    assert event.detail["why"] == "private"
    assert event.object_id == str(world.ltft.pk)


def test_a_refusal_never_logs_the_query_string(world, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    role_clients.client("other_trainee").get(url, {"gmc": "7100000"})
    event = refusals(world.other_trainee).get()
    assert "7100000" not in json.dumps(event.detail)


# Authentication --------------------------------------------------------------------------------


def post_sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_sign_in_failures_lockouts_and_sign_ins_are_recorded(world, client):
    email = world.owner.email
    assert post_sign_in(client, email, PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(action="auth.login", actor=world.owner).latest("pk")
    assert event.source_ip == "127.0.0.1"
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action="auth.logout", actor=world.owner).exists()

    for _ in range(5):
        post_sign_in(client, email.upper(), "wrong-password-123")
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    assert failures.count() == 5
    failure = failures.first()
    assert failure.actor is None
    assert failure.actor_label == "anonymous"
    assert failure.detail["username"] == email
    assert failure.object_id == str(world.owner.pk)  # the account that was tried
    assert AuditEvent.objects.filter(action="auth.lockout", object_id=str(world.owner.pk)).exists()

    # While locked, even the right password is refused, and that is recorded too.
    assert post_sign_in(client, email, PASSWORD).status_code == 429
    assert failures.count() == 6


def test_a_failed_sign_in_for_nobody_is_recorded_without_an_account(db, client):
    post_sign_in(client, "nobody@example.nhs.uk", "whatever-it-is")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.object_id == ""
    assert event.detail == {"username": "nobody@example.nhs.uk"}


def test_typed_input_cannot_forge_lines_in_the_log(db):
    # The sign-in form only lets an email address through; any other way in must not either.
    user_login_failed.send(
        sender=__name__,
        credentials={"username": "a@b.c\r\n2026-01-01 auth.login admin@example.nhs.uk"},
        request=None,
    )
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert "\n" not in event.detail["username"]
    assert "\r" not in event.detail["username"]


# No sensitive values -------------------------------------------------------------------------


def test_no_row_holds_a_password_or_health_details(world, role_clients, client):
    # A failed sign-in, health details viewed, a record logged with health notes: then look
    # at every row the log holds.
    post_sign_in(client, world.owner.email, "wrong-password-123")
    role_clients.client("owner").get(reverse("returners:health_detail", args=[world.absence.pk]))
    role_clients.client("supervisor").get(
        reverse("supervisors:meeting_log", args=[world.meeting_logged.pk])
    )
    supportt.absence_create(
        trainee=world.other_ltft.trainee,
        reason=AbsenceReason.SICKNESS,
        sickness_details="Needs a phased return after surgery",
        starts_on=timezone.localdate() + timedelta(days=900),
        expected_return_on=timezone.localdate() + timedelta(days=1000),
        planned=True,
        actor=world.deanery,
    )
    everything = json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)
    assert AuditEvent.objects.count() > 10
    for secret in SECRETS:
        assert secret not in everything


def test_scrub_drops_sensitive_keys_and_control_characters():
    cleaned = scrub(
        {
            "password": "x",
            "health_notes": "x",
            "sickness_details": "x",
            "comment": "x",
            "nested": {"token": "x", "days": 3, "name": "a\r\nb"},
            "fields": ["proposed_percent"],
            "long": "y" * 500,
        }
    )
    assert cleaned == {
        "nested": {"days": 3, "name": "a??b"},
        "fields": ["proposed_percent"],
        "long": "y" * 200,
    }


# Searching it ----------------------------------------------------------------------------------


def test_admins_can_search_and_filter_the_log(world, role_clients):
    role_clients.client("other_trainee").get(
        reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    )
    base = "/django-admin/audit/auditevent/"
    found = role_clients.client("admin").get(base, {"q": str(world.ltft.pk)})
    assert found.status_code == 200
    assert b"access.refused" in found.content
    by_action = role_clients.client("admin").get(base, {"action": "access.refused"})
    assert by_action.status_code == 200
    assert world.other_trainee.email.encode() in by_action.content
    by_type = role_clients.client("admin").get(
        base, {"object_type": "requests_ltft.ltftapplication"}
    )
    assert by_type.status_code == 200


def test_people_without_the_admin_cannot_read_the_log(world, role_clients):
    for role in ("deanery", "tpd", "owner"):
        response = role_clients.client(role).get("/django-admin/audit/auditevent/")
        assert response.status_code == 404
