"""The per-person limit on exports and downloads (docs/security.md §5): past it, a "Too many
requests" page that says when to try again; no file and no audit row of an export."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.reports import tasks
from portal.reports.models import ReportExport
from tests.reports.test_reports_background import ask, small_threshold  # noqa: F401
from tests.reports.test_reports_exports import export
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_exports_an_hour(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (2, 60 * 60)}


def test_past_the_limit_an_export_gets_the_too_many_requests_page(client, world):
    sign_in(client, world.admin)
    assert export(client, "summary:csv").status_code == 200
    assert export(client, "summary:xlsx").status_code == 200
    refused = export(client, "summary:csv")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 65 * 60
    page = refused.content.decode()
    assert "<h1>Too many requests</h1>" in page
    assert "You have asked for 2 downloads in the last hour." in page
    assert "No file was made for this request." in page
    assert "Try again after" in page
    assert AuditEvent.objects.filter(action="reports.export").count() == 2

    # Someone else's downloads are their own.
    sign_in(client, world.henw_admin)
    assert export(client, "summary:csv").status_code == 200


def test_downloading_a_prepared_file_counts_towards_the_limit(client, world, small_threshold):  # noqa: F811
    sign_in(client, world.admin)
    ask(client)
    prepared = ReportExport.objects.get()
    assert tasks.report_export_build.run(str(prepared.pk)) == "ready"
    link = reverse("reports:export_download", args=[prepared.pk])
    assert client.get(link).status_code == 200
    refused = client.get(link)
    assert refused.status_code == 429
    assert b"Too many requests" in refused.content
    assert AuditEvent.objects.filter(action="reports.export_download").count() == 1
