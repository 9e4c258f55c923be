"""The access-control matrix (docs/security.md §2).

Every URL pattern of the project is walked from the resolver, so a view added anywhere cannot
escape: a pattern with no row in `MATRIX` (or, under the Django admin, a model missing from
`ADMIN_MODELS`) fails `test_every_url_pattern_has_a_row`. Each pattern is requested as the ten
people of the security world (tests/security/world.py) and every answer must be the one in the
table. Patterns that name an object are built from the world's objects, all of which belong to
the owner trainee.

The answers:

    200  the page              403  seen, but a read-only role for this write
    302  redirected elsewhere  404  out of scope, or not for this role (existence not revealed)
     W   a POST that wrote     405  wrong method (GET on a POST-only URL)
     L   redirected to sign in

Every POST answered with 2xx or 3xx is checked against the database: "W" means it changed
something, 200 and 302 mean it changed nothing (so a refused write is a refusal even when the
portal answers it with a redirect and a message, as the application pages do).

Columns: owner, other trainee, supervisor, other supervisor, TPD, other programme's TPD,
deanery, other office's deanery, admin, anonymous.
"""

import re
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.security.fingerprint import changes, snapshot
from tests.security.url_walk import admin_patterns, all_patterns, portal_patterns, url_for
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

L, W = "L", "W"
SIGN_IN_PATHS = ("/accounts/sign-in/", "/django-admin/login/")


def row(*answers):
    assert len(answers) == len(ROLES), answers
    return dict(zip(ROLES, answers, strict=True))


# fmt: off
#                                              own  oth  sup  osup tpd  otpd dean odean adm  anon
MATRIX = {
    "home": {
        "GET":                             row(302, 302, 302, 302, 302, 302, 302, 302, 302, L)},
    "health": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "security_txt": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "accessibility": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "privacy": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    # Signing in and out, two-factor, password reset: open to anyone, or about oneself.
    "accounts:login": {
        "GET":                             row(302, 302, 302, 302, 302, 302, 302, 302, 302, 200),
        "POST":                            row(302, 302, 302, 302, 302, 302, 302, 302, 302, 200)},
    "accounts:logout": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        "POST":                            row(L,   L,   L,   L,   L,   L,   L,   L,   L,   L)},
    "accounts:mfa": {
        "GET":                             row(302, 302, 302, 302, 302, 302, 302, 302, 302, L),
        "POST":                            row(302, 302, 302, 302, 302, 302, 302, 302, 302, L)},
    "accounts:password_reset": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST":                            row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "accounts:password_reset_done": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "accounts:password_reset_confirm": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST":                            row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    "accounts:password_reset_complete": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)},
    # The trainee's own pages, and their profile as the people around them see it.
    "trainees:home": {
        "GET":                             row(200, 200, 404, 404, 404, 404, 404, 404, 404, L)},
    "trainees:my_profile": {
        "GET":                             row(200, 200, 404, 404, 404, 404, 404, 404, 404, L)},
    "trainees:profile": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    # Importing people (deanery reviewers for their office, admins) and inviting them. An
    # invitation link that does not work answers 410 to anyone, saying what to do next.
    "trainees:import_start": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 200, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 200, 200, 200, L)},
    "trainees:import_detail": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L)},
    "trainees:import_confirm": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, W,   404, W,   L)},
    "trainees:import_end_missing": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, W,   404, W,   L)},
    "trainees:import_invite": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, W,   404, W,   L)},
    "trainees:import_errors": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L)},
    "accounts:invitation_accept": {
        "GET":                             row(410, 410, 410, 410, 410, 410, 410, 410, 410, 410),
        "POST":                            row(410, 410, 410, 410, 410, 410, 410, 410, 410, 410)},
    "people:invitations": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 200, L)},
    "people:invitation_send": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, W,   404, W,   L)},
    "people:invitation_revoke": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, W,   404, W,   L)},
    # Supervisor pages. The TPD may record meetings too; the trainee, the deanery and the
    # admin can see the meeting but not write to it (403).
    "supervisors:home": {
        "GET":                             row(404, 404, 200, 200, 404, 404, 404, 404, 404, L)},
    "supervisors:meeting_schedule": {
        "GET":                             row(403, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(403, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    "supervisors:meeting_cancel": {
        "GET":                             row(403, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(403, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    "supervisors:meeting_log": {
        "GET":                             row(403, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(403, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    "supervisors:action_add": {
        "GET":                             row(403, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(403, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    "supervisors:action_remove": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(403, 404, W,   404, W,   404, 403, 404, 403, L)},
    "supervisors:meeting_sign_off": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(403, 404, W,   404, W,   404, 403, 404, 403, L)},
    # Reviewers' queues.
    "requests_ltft:tpd_home": {
        "GET":                             row(404, 404, 404, 404, 200, 200, 404, 404, 404, L)},
    "requests_ltft:deanery_home": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 404, L)},
    # LTFT (a draft with an evidence file). A draft is its owner's alone (docs/rules.md §11):
    # everyone else gets 404 on every page and file of it, as if it did not exist. The
    # submitted application's rules are in test_privacy_rules.py.
    "requests_ltft:ltft_start": {
        "GET":                             row(200, 200, 404, 404, 404, 404, 404, 404, 404, L),
        # Both trainees already have an open LTFT application: refused with a message.
        "POST":                            row(302, 302, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_list": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, L)},
    "requests_ltft:ltft_detail": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_step": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_check": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_submitted": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_cct_preview": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    # "withdraw" needs a reason: the form is shown to anyone in scope, and the engine decides
    # who may make the move when a reason is posted.
    "requests_ltft:ltft_action": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_case_owner": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(302, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_visa_override": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_evidence_download": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:ltft_evidence_delete": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(W,   404, 404, 404, 404, 404, 404, 404, 404, L)},
    # OOPP (submitted, waiting for the TPD). The supervisor gives a view; the deanery records
    # the return and the ARCP decision; a job offer is seen by everyone in scope.
    "requests_ltft:oopp_start": {
        "GET":                             row(200, 200, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 200, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_supervision": {
        "GET":                             row(404, 404, 200, 200, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_supervisor_view": {
        "GET":                             row(404, 404, 200, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(404, 404, 200, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_return": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 404, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 200, 404, 404, L)},
    "requests_ltft:oopp_recognition": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 404, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 200, 404, 404, L)},
    "requests_ltft:oopp_list": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, L)},
    "requests_ltft:oopp_detail": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    # Submitted, so no longer editable: back to the application.
    "requests_ltft:oopp_step": {
        "GET":                             row(302, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(302, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_check": {
        "GET":                             row(302, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(302, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_submitted": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    "requests_ltft:oopp_cct_preview": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    # "tpd_support": only the programme's TPD moves it; anyone else in scope is refused.
    # tpd_support: a move only the TPD can make; for every other role it is out of scope.
    "requests_ltft:oopp_action": {
        "GET":                             row(404, 404, 404, 404, 302, 404, 404, 404, 404, L),
        "POST":                            row(404, 404, 404, 404, W,   404, 404, 404, 404, L)},
    "requests_ltft:oopp_case_owner": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        "POST":                            row(302, 404, 302, 404, 302, 404, W,   404, 302, L)},
    "requests_ltft:oopp_evidence_download": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    "requests_ltft:oopp_evidence_delete": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, L),
        # Submitted: files can no longer be removed (refused with a message).
        "POST":                            row(302, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    # Return to training (a sickness absence with a plan). The trainee, their supervisor and
    # their deanery manage the absence; the supervisor and the TPD record meetings; health
    # details are for those named roles and never for admins.
    "returners:plan_list": {
        "GET":                             row(404, 404, 200, 200, 200, 200, 200, 200, 200, L)},
    # The returners dashboard: a deanery reviewer's own office, or an admin's.
    "returners:dashboard": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 200, L)},
    "returners:absence_create": {
        "GET":                             row(404, 404, 200, 200, 404, 404, 200, 200, 404, L),
        "POST":                            row(404, 404, 200, 200, 404, 404, 200, 200, 404, L)},
    "returners:my_absence_create": {
        "GET":                             row(200, 200, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(200, 200, 404, 404, 404, 404, 404, 404, 404, L)},
    "returners:absence_detail": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    "returners:absence_change": {
        "GET":                             row(200, 404, 200, 404, 403, 404, 200, 404, 403, L),
        "POST":                            row(200, 404, 200, 404, 403, 404, 200, 404, 403, L)},
    "returners:absence_return": {
        "GET":                             row(200, 404, 200, 404, 403, 404, 200, 404, 403, L),
        "POST":                            row(200, 404, 200, 404, 403, 404, 200, 404, 403, L)},
    "returners:plan_opt_in": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        # The absence already has its plan: asking again changes nothing but the owner's
        # message about the absence, now read (the task is done).
        "POST":                            row(W,   404, 302, 404, 403, 404, 302, 404, 403, L)},
    "returners:kit_day_add": {
        "GET":                             row(200, 404, 200, 404, 403, 404, 200, 404, 403, L),
        "POST":                            row(200, 404, 200, 404, 403, 404, 200, 404, 403, L)},
    "returners:kit_day_change": {
        "GET":                             row(200, 404, 200, 404, 403, 404, 200, 404, 403, L),
        "POST":                            row(200, 404, 200, 404, 403, 404, 200, 404, 403, L)},
    "returners:kit_day_remove": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        "POST":                            row(W,   404, W,   404, 403, 404, W,   404, 403, L)},
    "returners:es_extend": {
        "GET":                             row(403, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(403, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    "returners:health_detail": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 403, L)},
    "returners:meeting_detail": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    "returners:meeting_ics": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 200, 404, 200, L)},
    "returners:meeting_acknowledge": {
        "GET":                             row(200, 404, 403, 404, 403, 404, 403, 404, 403, L),
        "POST":                            row(W,   404, 403, 404, 403, 404, 403, 404, 403, L)},
    "returners:meeting_addendum_add": {
        "GET":                             row(200, 404, 200, 404, 200, 404, 403, 404, 403, L),
        "POST":                            row(200, 404, 200, 404, 200, 404, 403, 404, 403, L)},
    # The returners' survey is the returner's alone. The world's absence has not ended, so its
    # start page says when the survey opens and the question pages lead back to it.
    "returners:survey_start": {
        "GET":                             row(200, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    # What returners wrote: deanery reviewers, each of their own office only.
    "returners:survey_comments": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 404, L)},
    "returners:survey_step": {
        "GET":                             row(302, 404, 404, 404, 404, 404, 404, 404, 404, L),
        "POST":                            row(302, 404, 404, 404, 404, 404, 404, 404, 404, L)},
    # The local office's settings: its own deanery reviewers and admins. The world's office is
    # HENW; the other reviewer is in another office. An empty POST is refused with the form.
    "office:settings_home": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 302, 302, 200, L)},
    "office:settings": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L)},
    "office:section": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 404, 200, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 200, 404, 200, L)},
    # Reports: the deanery (their office) and admins. A background export is its requester's.
    "reports:home": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 200, 200, 200, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 405, 405, 405, L)},
    "reports:export": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 405, 405, 405, L),
        "POST":                            row(404, 404, 404, 404, 404, 404, 200, 200, 200, L)},
    "reports:export_status": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 404, 404, 200, L)},
    "reports:export_download": {
        "GET":                             row(404, 404, 404, 404, 404, 404, 404, 404, 200, L)},
    # Notifications: one's own only.
    "notifications:list": {
        "GET":                             row(200, 200, 200, 200, 200, 200, 200, 200, 200, L)},
    # Writes only for those with unread messages: the trainees (their absences were logged)
    # and the supervisor (told of the meeting they scheduled). Each marks only their own.
    "notifications:mark_all_read": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        "POST":                            row(W,   W,   W,   302, 302, 302, 302, 302, 302, L)},
    "notifications:mark_read": {
        "GET":                             row(405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        "POST":                            row(W,   404, 404, 404, 404, 404, 404, 404, 404, L)},
}
# fmt: on

# The Django admin: every model registered with it, and what the admin user may do there.
# "rw": add and delete allowed; "no_add_delete": a view of records the portal writes itself,
# which the admin must not create or delete; "read_only": nothing but view (the audit log).
ADMIN_MODELS = {
    "accounts.user": "rw",
    "accounts.tpddeputy": "rw",
    "auth.group": "rw",
    "otp_totp.totpdevice": "rw",
    "axes.accessattempt": "no_add",
    "axes.accesslog": "no_add",
    "axes.accessfailurelog": "no_add",
    "django_celery_beat.clockedschedule": "rw",
    "django_celery_beat.crontabschedule": "rw",
    "django_celery_beat.intervalschedule": "rw",
    "django_celery_beat.periodictask": "rw",
    "django_celery_beat.solarschedule": "rw",
    "audit.auditevent": "read_only",
    "notifications.notification": "no_add_delete",
    "notifications.remindersent": "no_add_delete",
    "returners.absence": "no_add_delete",
    "returners.returnplan": "no_add_delete",
    "returners.meeting": "no_add_delete",
    "returners.supporttsettings": "read_only",
    "trainees.arcpoutcomecode": "rw",
    "trainees.grade": "rw",
    "trainees.localoffice": "rw",
    "trainees.programme": "rw",
    "trainees.specialty": "rw",
    "trainees.trainee": "rw",
}
# Admin pages that belong to no model, as the admin user sees them without arguments.
ADMIN_SITE_PAGES = {
    "admin:index": 200,
    "admin:login": L,  # the portal's own sign-in (lockout and two-factor)
    "django-admin/login/": L,  # the redirect that puts it there
    "admin:logout": 405,  # POST only
    "admin:password_change": 200,
    "admin:password_change_done": 200,
    "admin:jsi18n": 200,
    "admin:autocomplete": 403,  # needs a field to complete
    "admin:app_list": 200,
    "admin:view_on_site": 404,
    "django-admin/(?P<url>.*)$": 404,
    # A second factor's secret key and QR code are never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": 403,
    "admin:otp_totp_totpdevice_qrcode": 403,
}


def outcome(response) -> str | int:
    if 300 <= response.status_code < 400:
        if urlparse(response["Location"]).path.startswith(SIGN_IN_PATHS):
            return L
        return W if response.db_changes else response.status_code
    if response.status_code < 300 and response.db_changes:
        return f"{response.status_code}{W}"
    return response.status_code


def _admin_model(pattern) -> str | None:
    """The model an admin page belongs to ("audit.auditevent"), from its route; None for the
    admin site's own pages."""
    if pattern.name in ADMIN_SITE_PAGES:
        return None
    parts = pattern.route.removeprefix("django-admin/").split("/")
    if len(parts) < 3 or not re.fullmatch(r"\w+", parts[0]) or not re.fullmatch(r"\w+", parts[1]):
        return None
    return f"{parts[0]}.{parts[1]}"


# Completeness --------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    missing = [p.name for p in portal_patterns() if p.name not in MATRIX]
    assert not missing, f"URL patterns with no row in MATRIX: {missing}"
    stale = set(MATRIX) - {p.name for p in portal_patterns()}
    assert not stale, f"MATRIX rows for patterns that no longer exist: {sorted(stale)}"
    for p in admin_patterns():
        model = _admin_model(p)
        if model is None:
            assert p.name in ADMIN_SITE_PAGES, f"admin page with no expectation: {p.name}"
        else:
            assert model in ADMIN_MODELS, f"admin model with no expectation: {model} ({p.name})"
    registered = {m._meta.label_lower for m in apps.get_models() if _registered_in_admin(m)}
    assert registered == set(ADMIN_MODELS), registered ^ set(ADMIN_MODELS)


def _registered_in_admin(model) -> bool:
    from django.contrib import admin

    return admin.site.is_registered(model)


def test_the_walk_sees_included_url_patterns():
    """The walker itself: it reaches patterns three includes deep, and the Django admin."""
    names = {p.name for p in all_patterns()}
    assert "requests_ltft:ltft_evidence_download" in names
    assert "admin:audit_auditevent_changelist" in names
    assert len(names) == len(all_patterns())


# The portal's own pages ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(name, world, role_clients):
    pattern = next(p for p in portal_patterns() if p.name == name)
    url = url_for(pattern, world)
    baseline = snapshot()
    wrong = []
    for method, expected in MATRIX[name].items():
        for role in ROLES:
            response = role_clients.request(role, method, url, baseline=baseline)
            got = outcome(response)
            if got != expected[role]:
                detail = response.db_changes or response.get("Location", "")
                wrong.append(f"{method} as {role}: expected {expected[role]}, got {got} {detail}")
    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)


def test_refused_answers_do_not_reveal_the_record(world, role_clients):
    """Out of scope and missing look the same: same status, same page."""
    url = reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    missing = reverse("requests_ltft:ltft_detail", args=["00000000-0000-4000-8000-000000000000"])
    theirs = role_clients.request("other_trainee", "GET", url)
    nothing = role_clients.request("other_trainee", "GET", missing)
    assert theirs.status_code == nothing.status_code == 404
    assert _without_csrf(theirs.content) == _without_csrf(nothing.content)


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


# The Django admin ----------------------------------------------------------------------------


def _existing_pk(pattern):
    """The id of a row of the page's model, if the world has one."""
    model = _admin_model(pattern)
    if model is None:
        return None
    return apps.get_model(model)._default_manager.values_list("pk", flat=True).first()


def _admin_url(pattern) -> str:
    """The pattern with its arguments filled in: a real row of the model where there is one,
    an id nobody has otherwise."""
    pk = _existing_pk(pattern)

    def fill(match):
        return "0" if pk is None else str(pk)

    route = pattern.route.replace("(?P<url>.*)$", "anything/")
    route = re.sub(r"\^\(\?P<app_label>[^)]*\)/\$", "audit/", route)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def _admin_expected(pattern) -> int | str:
    """What the admin user gets: a rule per page kind, from the model's entry in
    ADMIN_MODELS."""
    if pattern.name in ADMIN_SITE_PAGES:
        return ADMIN_SITE_PAGES[pattern.name]
    model = _admin_model(pattern)
    kind = ADMIN_MODELS[model]
    prefix = "admin:" + model.replace(".", "_") + "_"
    # Unnamed: <id>/, which redirects to <id>/change/; a page of the model's own keeps its name.
    page = "object" if pattern.name == pattern.route else pattern.name.removeprefix(prefix)
    exists = _existing_pk(pattern) is not None
    if page == "changelist":
        return 200
    if page == "add":
        return 200 if kind == "rw" else 403
    if page == "delete" and kind in ("no_add_delete", "read_only"):
        return 403
    if page == "object":
        return 302
    # change (a read-only view where changing is refused), history, delete's confirmation
    # and a model's own pages; for a model with no rows, back to the admin index.
    return 200 if exists else 302


def test_only_the_admin_user_reaches_the_django_admin(world, role_clients):
    wrong = []
    for pattern in admin_patterns():
        url = _admin_url(pattern)
        for role in ROLES:
            if role == "admin":
                expected = _admin_expected(pattern)
            elif role != "anonymous" and ADMIN_SITE_PAGES.get(pattern.name) != L:
                expected = 404  # the admin's sign-in would send them straight back
            elif pattern.name == "admin:logout":
                expected = 302  # back to the admin index, which sends them to sign in
            else:
                expected = L
            got = outcome(role_clients.request(role, "GET", url))
            if got != expected:
                wrong.append(f"{pattern.name} {url} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_the_audit_log_in_the_admin_is_read_only(world, role_clients):
    event = AuditEvent.objects.order_by("pk").first()
    base = "/django-admin/audit/auditevent/"
    view = role_clients.request("admin", "GET", f"{base}{event.pk}/change/")
    assert view.status_code == 200
    assert b'name="_save"' not in view.content
    posted = role_clients.request("admin", "POST", f"{base}{event.pk}/change/", {"action": "x"})
    assert posted.status_code == 403
    assert role_clients.request("admin", "POST", f"{base}{event.pk}/delete/").status_code == 403
    bulk = role_clients.request(
        "admin", "POST", base, {"action": "delete_selected", "_selected_action": [event.pk]}
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# Field level -----------------------------------------------------------------------------------


def test_a_page_marks_read_only_the_visitors_own_messages(world, role_clients):
    """The matrix leaves out the requester's own messages being marked read (the one write a
    GET may make); here that write is seen, and nobody else's message is touched."""
    from portal.notifications.models import Notification

    url = reverse("returners:absence_detail", args=[world.absence.pk])
    baseline = snapshot()
    client = role_clients.client("owner")
    with transaction.atomic():
        assert client.get(url).status_code == 200
        found = changes(baseline, snapshot())["notifications.notification"]
        touched = Notification.objects.filter(pk__in=found["changed"])
        assert touched.exists()
        assert set(touched.values_list("recipient", flat=True)) == {world.users["owner"].pk}
        assert not found["added"] and not found["removed"]
        transaction.set_rollback(True)
