"""The scale seed for the benchmarks, the benchmark command itself (on PostgreSQL), and the
section registry: sections come from the apps' `report` modules, and a broken one is loud."""

import pytest

from bench import reports as reports_benchmark
from bench.applications import MARK, seed_scale_applications
from bench.trainees import seed_scale
from portal.reports import sections
from portal.reports.periods import quarter_period
from requests_ltft.models import LtftApplication, LtftStatusChange

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
def test_the_benchmark_prints_the_ratio_memory_and_page_time(capsys):
    _seed()
    reports_benchmark.main(["--financial-year", "2025"])
    text = capsys.readouterr().out
    assert "120 rows" in text
    assert "ratio" in text
    assert "memory" in text
    assert "queries" in text


def test_the_sections_are_found_in_the_apps_in_their_order():
    assert [s.key for s in sections.available_sections()] == [
        "ltft",
        "oopp",
        "supportt",
        "supportt_survey",
    ]


def test_a_report_module_that_cannot_be_imported_stops_the_report(monkeypatch):
    """Not a report missing a section without a word: the page's sections come from here."""
    from django.apps import AppConfig, apps

    broken = AppConfig.create("tests.reports.broken_report_app")
    monkeypatch.setitem(apps.app_configs, broken.label, broken)
    monkeypatch.setattr(sections.registry, "_discovered", False)
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        sections.available_sections()
