"""The LTFT pages through the test client: scope, forms and their errors, and query budgets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from requests_ltft.choices import Status
from requests_ltft.services import ltft as services
from requests_ltft.services import oopp as oopp_services
from requests_ltft.services.applications import application_evidence_add
from tests.factories import MembershipFactory
from tests.requests_ltft.factories import LtftApplicationFactory, OoppApplicationFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, app, *extra):
    return reverse(f"requests_ltft:{name}", args=[app.pk, *extra])


def test_a_trainee_starts_a_draft_and_the_change_page_shows(client, people):
    people.application.delete()
    sign_in(client, people.trainee)
    response = client.post(reverse("requests_ltft:ltft_start"))
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"Your proposed change" in page.content


def test_the_change_page_refuses_the_current_percentage_with_a_clear_error(client, people):
    sign_in(client, people.trainee)
    start = timezone.localdate() + timedelta(weeks=20)
    response = client.post(
        url("ltft_step", people.application, "change"),
        {
            "percent": "100",
            "start_date_0": start.day,
            "start_date_1": start.month,
            "start_date_2": start.year,
        },
    )
    assert response.status_code == 200
    assert b"must differ from your current 100%" in response.content
    assert b"There is a problem" in response.content
    assert response.content.count(b"<title>Error: ") == 1


def test_the_change_page_saves_and_moves_on(client, people):
    sign_in(client, people.trainee)
    start = timezone.localdate() + timedelta(weeks=20)
    response = client.post(
        url("ltft_step", people.application, "change"),
        {
            "percent": "OTHER",
            "bespoke_percent": "65",
            "start_date_0": start.day,
            "start_date_1": start.month,
            "start_date_2": start.year,
        },
    )
    assert response.status_code == 302
    people.application.refresh_from_db()
    assert people.application.proposed_percent == 65
    assert people.application.is_bespoke


def test_the_live_cct_preview_answers_with_the_provisional_date(client, people):
    sign_in(client, people.trainee)
    start = timezone.localdate() + timedelta(weeks=20)
    response = client.post(
        url("ltft_cct_preview", people.application),
        {
            "percent": "50",
            "start_date_0": start.day,
            "start_date_1": start.month,
            "start_date_2": start.year,
        },
    )
    assert b"Provisional" in response.content
    assert b"confirmed at ARCP" in response.content


def test_evidence_is_checked_by_content_not_by_name(client, people):
    sign_in(client, people.trainee)
    fake = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(url("ltft_step", people.application, "evidence"), {"file": fake})
    assert b"is not a real PDF file" in response.content
    real = SimpleUploadedFile("../../etc/letter.pdf", PDF, "application/pdf")
    response = client.post(url("ltft_step", people.application, "evidence"), {"file": real})
    assert response.status_code == 302
    evidence = people.application.evidence.get()
    assert evidence.original_name == "letter.pdf"
    assert "etc" not in evidence.file.name


def test_evidence_opens_for_the_trainee_and_deanery_but_not_the_tpd(client, people):
    upload = SimpleUploadedFile("letter.pdf", PDF, "application/pdf")
    evidence = application_evidence_add(
        application=people.application, actor=people.trainee, upload=upload
    )
    download = url("ltft_evidence_download", people.application, evidence.pk)
    services.ltft_submit(application=people.application, actor=people.trainee)
    for user, expected in [
        (people.trainee, 200),
        (people.deanery, 200),
        (people.tpd, 404),
        (people.supervisor, 404),
        (people.other_trainee, 404),
    ]:
        sign_in(client, user)
        response = client.get(download)
        assert response.status_code == expected, user
        if expected == 200:
            assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="evidence.view").count() == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainee", 200),
        ("tpd", 200),
        ("deanery", 200),
        # LTFT applications are not the supervisor's (docs/rules.md §11).
        ("supervisor", 404),
        ("other_tpd", 404),
        ("other_deanery", 404),
        ("other_trainee", 404),
    ],
)
def test_the_application_page_answers_404_outside_scope(client, people, who, status):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, getattr(people, who))
    assert client.get(url("ltft_detail", people.application)).status_code == status


def test_the_tpd_supports_from_the_page_and_a_second_click_is_explained(client, people):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.tpd)
    client.post(url("ltft_action", people.application, "tpd_support"))
    response = client.post(url("ltft_action", people.application, "tpd_support"), follow=True)
    assert b"already done by you" in response.content
    people.application.refresh_from_db()
    assert people.application.status == Status.TPD_SUPPORTED
    assert people.application.status_changes.count() == 2


def test_return_for_changes_without_a_reason_shows_an_error(client, people):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.tpd)
    response = client.post(
        url("ltft_action", people.application, "return_for_changes"), {"reason": ""}
    )
    assert b"Enter what the trainee needs to change" in response.content
    people.application.refresh_from_db()
    assert people.application.status == Status.SUBMITTED


def test_the_check_page_submits_with_declarations(client, people):
    sign_in(client, people.trainee)
    response = client.post(
        url("ltft_check", people.application),
        {"information_correct": "on", "discussed_with_tpd": "on", "understand_cct": "on"},
    )
    assert response.status_code == 302
    people.application.refresh_from_db()
    assert people.application.status == Status.SUBMITTED


def _fill_queue(people, count):
    """`count` submitted applications of each kind, LTFT and OOPP, in the people's programme."""
    for _ in range(count):
        membership = MembershipFactory(programme=people.application.programme)
        app = LtftApplicationFactory(membership=membership)
        services.ltft_submit(application=app, actor=membership.trainee.user)
        membership = MembershipFactory(programme=people.application.programme)
        app = OoppApplicationFactory(membership=membership)
        oopp_services.oopp_submit(application=app, actor=membership.trainee.user)


@pytest.mark.parametrize(("who", "url_name"), [("tpd", "tpd_home"), ("deanery", "deanery_home")])
def test_the_queues_use_the_same_number_of_queries_for_1_and_50(
    client, people, media, who, url_name
):
    sign_in(client, getattr(people, who))
    queue = reverse(f"requests_ltft:{url_name}")
    _fill_queue(people, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(queue, {"status": "all"}).status_code == 200
    _fill_queue(people, 49)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(queue, {"status": "all"})
    assert response.status_code == 200
    assert response.content.count(b"Clinical fellow in paediatric emergency medicine") == 25
    assert b"50 OOPP applications" in response.content
    assert len(one) == len(fifty)
    assert len(fifty) <= 15
