"""The OOPP pages through the test client: eligibility on the start page, the form pages and
their errors, scope, the supervisor's pages and the deanery's after-the-pause pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.core.dates import add_months
from requests_ltft.choices import Status
from requests_ltft.models import OoppApplication
from requests_ltft.services import oopp as services
from tests.requests_ltft.factories import PDF
from tests.signing_in import sign_in
from trainees.models import ArcpOutcome, ArcpOutcomeCode, Grade

pytestmark = pytest.mark.django_db


def url(name, app, *extra):
    return reverse(f"requests_ltft:{name}", args=[app.pk, *extra])


def dates(start, end, back):
    data = {}
    for name, day in [("start_date", start), ("end_date", end), ("intended_return_date", back)]:
        data.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return data


def test_the_start_page_shows_the_eligibility_and_starts_a_draft(client, oopp_people):
    oopp_people.application.delete()
    sign_in(client, oopp_people.trainee)
    page = client.get(reverse("requests_ltft:oopp_start"))
    assert b"None yet: you can apply" in page.content
    assert b"Have you secured a post for your pause?" in page.content
    response = client.post(reverse("requests_ltft:oopp_start"), {"post_secured": "yes"})
    app = OoppApplication.objects.get()
    assert response.url == url("oopp_step", app, "dates")


def test_the_start_page_asks_about_the_post(client, oopp_people):
    oopp_people.application.delete()
    sign_in(client, oopp_people.trainee)
    response = client.post(reverse("requests_ltft:oopp_start"), {"post_secured": ""})
    assert b"Select yes if you have secured a post for your pause" in response.content
    assert response.content.count(b"<title>Error: ") == 1
    response = client.post(reverse("requests_ltft:oopp_start"), {"post_secured": "no"})
    assert b"You need a confirmed post before you apply" in response.content
    assert not OoppApplication.objects.exists()


def test_an_f2_trainee_sees_why_and_cannot_start(client, oopp_people):
    oopp_people.application.delete()
    oopp_people.membership.grade = Grade.objects.get(code="F2")
    oopp_people.membership.save()
    sign_in(client, oopp_people.trainee)
    page = client.get(reverse("requests_ltft:oopp_start"))
    assert b"You are in F2, a foundation year" in page.content
    assert b"Start application" not in page.content
    response = client.post(reverse("requests_ltft:oopp_start"), {"post_secured": "yes"})
    assert b"You are in F2, a foundation year" in response.content
    assert not OoppApplication.objects.exists()


def test_an_arcp_outcome_3_is_explained_on_the_start_page(client, oopp_people):
    membership = oopp_people.membership
    ArcpOutcome.objects.create(
        trainee=membership.trainee,
        programme=membership.programme,
        outcome=ArcpOutcomeCode.objects.get(code="3"),
        awarded_on=timezone.localdate(),
    )
    sign_in(client, oopp_people.trainee)
    page = client.get(reverse("requests_ltft:oopp_start"))
    assert b"Your latest ARCP outcome is 3" in page.content


def test_the_dates_page_refuses_13_months_beside_the_return_date(client, oopp_people):
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    back = add_months(app.start_date, 13)
    response = client.post(
        url("oopp_step", app, "dates"), dates(app.start_date, back - timedelta(days=1), back)
    )
    assert response.status_code == 200
    assert b"An OOPP can last at most 12 months" in response.content
    assert b'href="#id_intended_return_date_0"' in response.content


def test_the_dates_page_saves_and_asks_for_a_reason_when_notice_is_short(client, oopp_people):
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    soon = add_months(timezone.localdate(), 2)
    response = client.post(
        url("oopp_step", app, "dates"),
        dates(soon, soon + timedelta(days=89), soon + timedelta(days=90)),
    )
    assert response.url == url("oopp_step", app, "notice")
    page = client.get(response.url)
    assert b"asks for 3 months" in page.content
    response = client.post(url("oopp_step", app, "notice"), {"exceptional_explanation": ""})
    assert b"Select the exceptional reason for the short notice" in response.content
    response = client.post(
        url("oopp_step", app, "notice"),
        {"exceptional_reason": "BULLYING", "exceptional_explanation": "I must move placement."},
    )
    assert response.url == url("oopp_step", app, "post")
    app.refresh_from_db()
    assert (app.start_date, app.exceptional_reason) == (soon, "BULLYING")


def test_with_full_notice_the_notice_page_is_skipped(client, oopp_people):
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    response = client.post(
        url("oopp_step", app, "dates"),
        dates(app.start_date, app.end_date, app.intended_return_date),
    )
    assert response.url == url("oopp_step", app, "post")


def test_the_post_page_needs_the_supervisor_in_post(client, oopp_people):
    sign_in(client, oopp_people.trainee)
    response = client.post(
        url("oopp_step", oopp_people.application, "post"),
        {"post_title": "Fellow", "post_employer": "A trust", "post_location": "Leeds"},
    )
    assert b"Enter the name of your supervisor in the post" in response.content


def test_the_post_confirmation_is_checked_by_content(client, db, media):
    from tests.requests_ltft.factories import OoppApplicationFactory

    app = OoppApplicationFactory(confirmation=False)
    sign_in(client, app.trainee.user)
    fake = SimpleUploadedFile("offer.pdf", b"<html>no</html>", "application/pdf")
    response = client.post(url("oopp_step", app, "confirmation"), {"file": fake})
    assert b"is not a real PDF file" in response.content
    real = SimpleUploadedFile("offer.pdf", PDF, "application/pdf")
    response = client.post(url("oopp_step", app, "confirmation"), {"file": real})
    assert response.status_code == 302
    assert app.evidence.get().original_name == "offer.pdf"


def test_the_live_preview_adds_the_whole_pause(client, oopp_people):
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    response = client.post(
        url("oopp_cct_preview", app), dates(app.start_date, app.end_date, app.intended_return_date)
    )
    length = (app.intended_return_date - app.start_date).days
    expected = app.membership.cct_date + timedelta(days=length)
    assert f"{expected:%-d %B %Y}".encode() in response.content
    assert b"Provisional" in response.content


def test_a_start_after_the_completion_date_is_refused_on_the_page_panel_and_check(
    client, oopp_people
):
    """Issue 15 item 8 for OOPP: 1 9 2099 was accepted and the panel showed a date."""
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    completion = f"{app.membership.cct_date:%-d %B %Y}"
    refused = f"The start date must be before your completion date, {completion}"
    late = dates(
        app.membership.cct_date + timedelta(days=30),
        app.membership.cct_date + timedelta(days=120),
        app.membership.cct_date + timedelta(days=121),
    )
    page = client.post(url("oopp_step", app, "dates"), late)
    assert page.status_code == 200
    assert refused in page.content.decode()
    panel = client.post(url("oopp_cct_preview", app), late)
    assert refused in panel.content.decode()
    services.oopp_draft_update(
        application=app,
        actor=oopp_people.trainee,
        start_date=app.membership.cct_date + timedelta(days=30),
        end_date=app.membership.cct_date + timedelta(days=120),
        intended_return_date=app.membership.cct_date + timedelta(days=121),
    )
    check = client.get(url("oopp_check", app))
    assert refused in check.content.decode()


def test_the_check_page_lists_problems_and_warnings_then_submits(client, oopp_people):
    app = oopp_people.application
    sign_in(client, oopp_people.trainee)
    app.indemnity = ""
    app.save()
    page = client.get(url("oopp_check", app))
    assert b"Describe your indemnity arrangements for the post" in page.content
    assert b"You have no ARCP outcome yet" in page.content
    assert b"With the whole pause added" in page.content
    services.oopp_draft_update(application=app, actor=oopp_people.trainee, indemnity="CNST")
    declarations = {"information_correct": "on", "discussed": "on", "understand_cct": "on"}
    response = client.post(url("oopp_check", app), declarations)
    assert response.url == url("oopp_submitted", app)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainee", 200),
        ("supervisor", 200),
        ("tpd", 200),
        ("deanery", 200),
        ("other_tpd", 404),
        ("other_deanery", 404),
        ("other_trainee", 404),
        ("other_supervisor", 404),
    ],
)
def test_the_application_page_answers_404_outside_scope(client, oopp_people, who, status):
    services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    sign_in(client, getattr(oopp_people, who))
    assert client.get(url("oopp_detail", oopp_people.application)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("trainee", 200), ("supervisor", 200), ("tpd", 200), ("deanery", 200), ("other_tpd", 404)],
)
def test_the_post_confirmation_opens_for_everyone_deciding(client, oopp_people, who, status):
    app = services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    sign_in(client, getattr(oopp_people, who))
    response = client.get(url("oopp_evidence_download", app, app.evidence.get().pk))
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(action="evidence.view").count() == 1


def test_the_supervisor_sees_their_supervisees_and_gives_a_view(client, oopp_people):
    app = services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    sign_in(client, oopp_people.supervisor)
    listing = client.get(reverse("requests_ltft:oopp_supervision"))
    assert app.trainee.user.get_full_name().encode() in listing.content
    detail = client.get(url("oopp_detail", app))
    assert b"Give your view as supervisor" in detail.content
    response = client.post(url("oopp_supervisor_view", app), {"view": "CONCERNS"})
    assert b"Describe your concerns so the TPD and the deanery can weigh them" in response.content
    response = client.post(
        url("oopp_supervisor_view", app), {"view": "CONCERNS", "comment": "Rota gaps in May"}
    )
    assert response.url == url("oopp_detail", app)
    app.refresh_from_db()
    assert (app.es_view, app.es_comment) == ("CONCERNS", "Rota gaps in May")


def test_the_supervision_list_is_for_supervisors_only(client, oopp_people):
    sign_in(client, oopp_people.trainee)
    assert client.get(reverse("requests_ltft:oopp_supervision")).status_code == 404
    sign_in(client, oopp_people.other_supervisor)
    services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    listing = client.get(reverse("requests_ltft:oopp_supervision"))
    assert b"None of the trainees you supervise" in listing.content


def test_the_tpd_sees_what_changed_between_revisions(client, oopp_people):
    app = services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    app = services.oopp_return_for_changes(
        application=app, actor=oopp_people.tpd, reason="Which hospital?"
    )
    app = services.oopp_draft_update(
        application=app, actor=oopp_people.trainee, post_location="North Manchester General"
    )
    services.oopp_submit(application=app, actor=oopp_people.trainee)
    sign_in(client, oopp_people.tpd)
    page = client.get(url("oopp_detail", app))
    assert b"What changed since the last submission" in page.content
    assert b"North Manchester General" in page.content
    assert b"Support application" in page.content


def test_the_deanery_records_the_arcp_decision_from_the_page(client, oopp_people):
    app = services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    app = services.oopp_tpd_support(application=app, actor=oopp_people.tpd)
    app = services.oopp_approve(application=app, actor=oopp_people.deanery)
    services.oopp_apply_due_transitions(today=app.intended_return_date)
    sign_in(client, oopp_people.deanery)
    detail = client.get(url("oopp_detail", app))
    assert b"Record the ARCP decision on capabilities" in detail.content
    response = client.post(url("oopp_recognition", app), {"days": "-3"})
    assert b"Enter 0 or more days" in response.content
    response = client.post(url("oopp_recognition", app), {"days": "90"})
    assert response.url == url("oopp_detail", app)
    detail = client.get(response.url)
    assert b"After the ARCP decision" in detail.content
    assert b"90 days of capabilities recognised" in detail.content


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("tpd", "oopp_recognition"),
        ("supervisor", "oopp_recognition"),
        ("trainee", "oopp_return"),
        ("tpd", "oopp_supervisor_view"),
        ("deanery", "oopp_supervisor_view"),
    ],
)
def test_the_after_the_pause_and_supervisor_pages_are_404_for_other_roles(
    client, oopp_people, who, page
):
    app = services.oopp_submit(application=oopp_people.application, actor=oopp_people.trainee)
    sign_in(client, getattr(oopp_people, who))
    assert client.get(url(page, app)).status_code == 404
    assert client.post(url(page, app), {"days": "10"}).status_code == 404
