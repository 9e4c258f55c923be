"""The scale seed for the benchmarks, the benchmark command itself (on PostgreSQL), and the
section registry's tolerance of a section whose app is not there yet."""

import io

import pytest
from django.core.management import call_command

from portal.reports import sections
from portal.reports.periods import quarter_period
from portal.reports.scale import MARK, seed_scale_applications
from requests_ltft.models import LtftApplication, LtftStatusChange
from trainees.scale import seed_scale

pytestmark = pytest.mark.django_db


def _seed(applications=120):
    seed_scale(30, lambda done, total: None)
    return seed_scale_applications(applications, lambda done, total: None, financial_year=2025)


def test_the_seed_adds_applications_with_their_history_inside_one_financial_year():
    assert _seed() == 120
    assert LtftApplication.objects.filter(supporting_information=MARK).count() == 120
    year = quarter_period("2025-Q1").start_at, quarter_period("2025-Q4").end_before
    history = LtftStatusChange.objects.filter(system_actor="seed")
    assert history.filter(transition="submit").count() == 120
    assert not history.exclude(created_at__gte=year[0], created_at__lt=year[1]).exists()
    assert _seed() == 0  # a second run tops up to the count asked for: nothing to add


@pytest.mark.postgres
def test_the_benchmark_prints_the_ratio_memory_and_page_time():
    _seed()
    out = io.StringIO()
    call_command("reports_benchmark", "--financial-year", "2025", stdout=out)
    text = out.getvalue()
    assert "120 rows" in text
    assert "ratio" in text
    assert "memory" in text
    assert "queries" in text


def test_a_section_whose_app_is_missing_is_left_out(monkeypatch, client, world):
    from tests.factories import sign_in

    monkeypatch.setattr(
        sections, "SECTION_MODULES", [*sections.SECTION_MODULES, "portal.reports.sections.nope"]
    )
    assert [s.key for s in sections.available_sections()] == ["ltft", "oopp", "supportt"]
    sign_in(client, world.admin)
    assert client.get("/reports/", {"quarter": "2025-Q1"}).status_code == 200
