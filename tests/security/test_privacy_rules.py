"""Who sees health and religion data, and drafts (docs/security.md §1-2, issue 14), for each of
the ten people of the security world, on the pages, downloads, exports, emails and the Django
admin that carry it. `portal.accounts.privacy` decides; these tests hold it to each rule.

The world's LTFT application is a draft (tests/security/world.py); `submitted` submits it with
the reason "Disability or illness", which is what the TPD, the deanery and admins meet.
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.accounts import privacy
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.reports.periods import quarter_of
from requests_ltft.choices import LtftReason, Status
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.services import ltft as ltft_services
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

L = "L"
DISABILITY = LtftReason.DISABILITY.label
WELLBEING = "My own wellbeing after a hard year"
SICKNESS = "Needs a phased return after surgery"  # world.py
OH_NOTES = "Occupational health advise a phased return"  # world.py


def row(*answers):
    assert len(answers) == len(ROLES), answers
    return dict(zip(ROLES, answers, strict=True))


@pytest.fixture
def submitted(world):
    LtftApplication.objects.filter(pk=world.ltft.pk).update(reasons=[LtftReason.DISABILITY])
    world.ltft.refresh_from_db()
    ltft_services.ltft_submit(application=world.ltft, actor=world.owner)
    world.ltft.refresh_from_db()
    assert world.ltft.status == Status.SUBMITTED
    return world


def status(response):
    if response.status_code == 302 and "/sign-in/" in response["Location"]:
        return L
    return response.status_code


def check(role_clients, url, expected: dict, *, shows=None, hides=None):
    """Each role's answer, and for those who get the page, whether `shows`/`hides` is on it."""
    wrong = []
    for role in ROLES:
        response = role_clients.request(role, "GET", url)
        got = status(response)
        if got != expected[role]:
            wrong.append(f"{role}: expected {expected[role]}, got {got}")
            continue
        body = getattr(response, "content_bytes", None) or response.content
        if got == 200 and shows and role in shows:
            for text, present in shows[role].items():
                if (text.encode() in body) != present:
                    wrong.append(f"{role}: {text!r} {'missing' if present else 'shown'}")
    assert not wrong, f"{url}:\n  " + "\n  ".join(wrong)


# Rule 1: the LTFT reasons "Disability or illness" and "Religious commitment" ---------------


#                         own  oth  sup  osup tpd  otpd dean odean adm  anon
SUBMITTED_LTFT = row(200, 404, 404, 404, 200, 404, 200, 404, 200, L)


@pytest.mark.parametrize("shared", [False, True])
def test_a_special_reason_is_for_the_deanery_and_for_the_tpd_only_if_shared(
    submitted, role_clients, shared
):
    LtftApplication.objects.filter(pk=submitted.ltft.pk).update(reasons_shared_with_tpd=shared)
    url = reverse("requests_ltft:ltft_detail", args=[submitted.ltft.pk])
    sees = {DISABILITY: True, privacy.WITHHELD_REASON: False}
    withheld = {DISABILITY: False, privacy.WITHHELD_REASON: True}
    # An admin is not told the reason was kept to the deanery, which may not be so.
    for_admins = {
        DISABILITY: False,
        privacy.WITHHELD_REASON: False,
        privacy.WITHHELD_FROM_ADMINS: True,
    }
    check(
        role_clients,
        url,
        SUBMITTED_LTFT,
        shows={
            "owner": sees,
            "deanery": sees,
            "tpd": sees if shared else withheld,
            "admin": for_admins,
        },
    )


def test_what_changed_keeps_a_special_reason_from_the_tpd(submitted, role_clients):
    application = ltft_services.ltft_return_for_changes(
        application=submitted.ltft, actor=submitted.tpd, reason="Say more about caring"
    )
    application = ltft_services.ltft_draft_update(
        application=application,
        actor=submitted.owner,
        reasons=[LtftReason.DISABILITY, LtftReason.CARING],
    )
    ltft_services.ltft_submit(application=application, actor=submitted.owner)
    url = reverse("requests_ltft:ltft_detail", args=[submitted.ltft.pk])
    tpd = role_clients.request("tpd", "GET", url).content.decode()
    assert "What changed since the last submission" in tpd
    assert LtftReason.CARING.label in tpd
    assert DISABILITY not in tpd
    assert DISABILITY in role_clients.request("deanery", "GET", url).content.decode()


def test_the_trainee_answers_the_question_on_the_reasons_page(world, role_clients):
    url = reverse("requests_ltft:ltft_step", args=[world.ltft.pk, "reasons"])
    page = role_clients.request("owner", "GET", url)
    assert privacy.SHARE_QUESTION.encode() in page.content
    assert b'value="no" checked' in page.content or b'checked value="no"' in page.content
    client = role_clients.client("owner")
    answers = {
        "reasons": [LtftReason.DISABILITY],
        "supporting_information": "A long-term condition",
        "reasons_shared_with_tpd": "yes",
    }
    assert client.post(url, answers).status_code == 302
    world.ltft.refresh_from_db()
    assert world.ltft.reasons_shared_with_tpd is True
    client.post(url, {**answers, "reasons_shared_with_tpd": "no"})
    world.ltft.refresh_from_db()
    assert world.ltft.reasons_shared_with_tpd is False


def _export_url() -> str:
    """The export for the quarter holding today, when the world's application was submitted."""
    return f"{reverse('reports:export')}?quarter={quarter_of(timezone.localdate())}"


def _export(role_clients, role):
    return role_clients.request(role, "POST", _export_url(), {"export": "rows:ltft:csv"})


def _csv(response) -> str:
    assert response.streaming, response.content.decode()[:3000]
    return response.content_bytes.decode("utf-8-sig")


def test_row_level_exports_carry_special_reasons_for_the_deanery_only_and_audit_it(
    submitted, role_clients
):
    expected = row(404, 404, 404, 404, 404, 404, 200, 200, 200, L)
    bodies = {}
    for role in ROLES:
        response = _export(role_clients, role)
        assert status(response) == expected[role], role
        if response.status_code == 200:
            bodies[role] = _csv(response)
    reasons = {
        role: [r[-1] for r in csv.reader(io.StringIO(body))][1:] for role, body in bodies.items()
    }
    assert reasons["deanery"] == [DISABILITY]
    assert reasons["admin"] == [privacy.WITHHELD_FROM_ADMINS]
    assert reasons["other_deanery"] == []  # another office: not in their file at all
    # Each export is audited, naming the special-category data the file carried.
    client = role_clients.client("deanery")
    client.post(_export_url(), {"export": "rows:ltft:csv"})
    event = AuditEvent.objects.filter(action="reports.export").latest("pk")
    assert event.detail["special_category"] == [privacy.LTFT_SPECIAL_REASONS.key]
    role_clients.client("admin").post(_export_url(), {"export": "rows:ltft:csv"})
    event = AuditEvent.objects.filter(action="reports.export").latest("pk")
    assert event.detail["special_category"] == []


def test_emails_about_an_ltft_application_never_name_a_special_reason(submitted):
    emails = Notification.objects.filter(channel=Notification.Channel.EMAIL)
    assert emails.exists()
    for email in emails:
        assert DISABILITY not in email.body_text + email.subject


# Rule 2: LTFT evidence files ---------------------------------------------------------------


def test_ltft_evidence_is_for_the_trainee_and_their_deanery_only(submitted, role_clients):
    url = reverse(
        "requests_ltft:ltft_evidence_download",
        args=[submitted.ltft.pk, submitted.ltft_evidence.pk],
    )
    check(role_clients, url, row(200, 404, 404, 404, 404, 404, 200, 404, 404, L))


def test_the_ltft_page_links_the_evidence_only_for_those_who_may_open_it(submitted, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=[submitted.ltft.pk])
    link = reverse(
        "requests_ltft:ltft_evidence_download",
        args=[submitted.ltft.pk, submitted.ltft_evidence.pk],
    )
    check(
        role_clients,
        url,
        SUBMITTED_LTFT,
        shows={
            role: {link: role in ("owner", "deanery")}
            for role in ("owner", "tpd", "deanery", "admin")
        },
    )


# Rule 3: sickness details and occupational health notes -----------------------------------


def test_health_details_are_for_the_named_roles_and_not_admins(world, role_clients):
    health = reverse("returners:health_detail", args=[world.absence.pk])
    shown = {SICKNESS: True, OH_NOTES: True}
    check(
        role_clients,
        health,
        row(200, 404, 200, 404, 200, 404, 200, 404, 403, L),
        shows={role: shown for role in ("owner", "supervisor", "tpd", "deanery")},
    )
    absence = reverse("returners:absence_detail", args=[world.absence.pk])
    check(
        role_clients,
        absence,
        row(200, 404, 200, 404, 200, 404, 200, 404, 200, L),
        shows={"admin": {SICKNESS: False, OH_NOTES: False}},
    )


def test_the_django_admin_never_shows_health_details(world, role_clients):
    for url in (
        f"/django-admin/returners/absence/{world.absence.pk}/change/",
        f"/django-admin/returners/meeting/{world.meeting_logged.pk}/change/",
    ):
        page = role_clients.request("admin", "GET", url)
        assert page.status_code == 200
        assert SICKNESS.encode() not in page.content
        assert OH_NOTES.encode() not in page.content


def test_the_privacy_notice_says_exactly_what_the_rules_say(role_clients):
    page = role_clients.request("anonymous", "GET", reverse("privacy")).content.decode()
    for line in privacy.notice_rows():
        assert escape(line["what"]) in page
        assert escape(line["who"]) in page
    assert (
        "You, your educational supervisor, your training programme director and the deanery "
        "team of your local office. Not administrators." in page
    )


# Rule 4: the OOPP wellbeing answer; LTFT applications are not the supervisor's -----------------


def test_the_oopp_wellbeing_answer_is_not_for_the_supervisor(world, role_clients):
    OoppApplication.objects.filter(pk=world.oopp.pk).update(wellbeing_rationale=WELLBEING)
    url = reverse("requests_ltft:oopp_detail", args=[world.oopp.pk])
    check(
        role_clients,
        url,
        row(200, 404, 200, 404, 200, 404, 200, 404, 200, L),
        shows={
            "owner": {WELLBEING: True},
            "tpd": {WELLBEING: True},
            "deanery": {WELLBEING: True},
            "supervisor": {WELLBEING: False},
            "admin": {WELLBEING: False},
        },
    )


def test_a_submitted_ltft_application_answers_404_to_supervisors_everywhere(
    submitted, role_clients
):
    pk = submitted.ltft.pk
    urls = [
        reverse("requests_ltft:ltft_detail", args=[pk]),
        reverse("requests_ltft:ltft_action", args=[pk, "withdraw"]),
        reverse("requests_ltft:ltft_visa_override", args=[pk]),
        reverse("requests_ltft:ltft_evidence_download", args=[pk, submitted.ltft_evidence.pk]),
    ]
    for url in urls:
        for role in ("supervisor", "other_supervisor"):
            assert role_clients.request(role, "GET", url).status_code == 404, (url, role)
    # ... and no email about it goes to them.
    supervisors = [submitted.supervisor, submitted.other_supervisor]
    assert not Notification.objects.filter(recipient__in=supervisors, subject__icontains="LTFT")


def test_no_ltft_email_goes_to_a_supervisor_through_the_whole_journey(submitted):
    ltft_services.ltft_tpd_support(application=submitted.ltft, actor=submitted.tpd)
    ltft_services.ltft_approve(application=submitted.ltft, actor=submitted.deanery)
    told = set(
        Notification.objects.filter(subject__icontains="LTFT").values_list("recipient", flat=True)
    )
    assert told  # the trainee, TPD and deanery were told
    assert submitted.supervisor.pk not in told


# Rule 7: drafts are private -----------------------------------------------------------------


def test_a_draft_answers_404_to_all_but_its_owner_until_submitted(world, role_clients):
    url = reverse("requests_ltft:ltft_detail", args=[world.ltft.pk])
    check(role_clients, url, row(200, 404, 404, 404, 404, 404, 404, 404, 404, L))
    ltft_services.ltft_submit(application=world.ltft, actor=world.owner)
    check(role_clients, url, SUBMITTED_LTFT)


def test_a_returned_application_is_not_a_draft(submitted, role_clients):
    ltft_services.ltft_return_for_changes(
        application=submitted.ltft, actor=submitted.tpd, reason="Give a start date in June"
    )
    url = reverse("requests_ltft:ltft_detail", args=[submitted.ltft.pk])
    check(role_clients, url, SUBMITTED_LTFT)


def test_an_oopp_draft_and_its_files_answer_404_to_all_but_its_owner(world, role_clients):
    OoppApplication.objects.filter(pk=world.oopp.pk).update(status=Status.DRAFT)
    detail = reverse("requests_ltft:oopp_detail", args=[world.oopp.pk])
    download = reverse(
        "requests_ltft:oopp_evidence_download", args=[world.oopp.pk, world.oopp_evidence.pk]
    )
    for url in (detail, download):
        check(role_clients, url, row(200, 404, 404, 404, 404, 404, 404, 404, 404, L))
