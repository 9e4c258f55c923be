"""The report page in a real browser: the demo admin picks a quarter, filters, sees the charts
and downloads the figures as CSV and Excel; axe checks every state."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import MembershipFactory
from tests.reports.factories import at, make_application
from tests.signing_in import sign_in_browser
from trainees.demo import seed_demo
from trainees.models import Programme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
ADMIN = "admin@example.nhs.uk"


def applications():
    """Three applications in Q1 2025 to 2026 (two in the North West), one a year earlier."""
    paeds = Programme.objects.get(name="North West Paediatrics")
    psych = Programme.objects.get(name="Yorkshire General Psychiatry")
    decided = [
        ("submit", at(2025, 4, 2)),
        ("tpd_support", at(2025, 4, 4)),
        ("approve", at(2025, 4, 16)),
    ]
    make_application(MembershipFactory(programme=paeds), reasons=["CARING"], history=decided)
    make_application(
        MembershipFactory(programme=paeds),
        reasons=["=1+1"],  # nonsense a script might send: it must come out harmless
        history=[("submit", at(2025, 5, 2))],
    )
    make_application(MembershipFactory(programme=psych), history=[("submit", at(2025, 6, 2))])
    make_application(MembershipFactory(programme=paeds), history=[("submit", at(2024, 5, 2))])


def figure(page, key):
    return page.locator(f'tr[data-figure="{key}"] td')


def test_an_admin_reports_on_a_quarter_filters_and_downloads(page):
    seed_demo()
    applications()
    sign_in_browser(page, ADMIN, second_factor=True)
    expect(page.locator("h1")).to_have_text("Reports")
    assert_accessible(page)

    page.get_by_label("Quarter").select_option("2025-Q1")
    page.get_by_role("button", name="Show report").click()
    expect(figure(page, "received").nth(0)).to_have_text("3")
    expect(figure(page, "received").nth(1)).to_have_text("1")
    expect(
        page.get_by_role("img", name="Bar chart, Less than full time (LTFT) training: applications")
    ).to_be_visible()
    # LTFT 4, OOPP 1, SuppoRTT 5 (absences that began, plans opened and returns), the
    # returners' survey 1 (confidence and usefulness).
    assert page.locator("figure.report-chart svg").count() == 11
    assert_accessible(page)

    page.get_by_label("Local office", exact=True).select_option(label="North West")
    page.get_by_role("button", name="Show report").click()
    expect(figure(page, "received").nth(0)).to_have_text("2")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("North West")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Summary (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "report-summary-internal-use-2025-Q1.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert ["Local office", "North West"] in rows
    received = next(r for r in rows if r[1:3] == ["Applications", "Applications received"])
    assert received[4:] == ["2", "1"]

    with page.expect_download() as download_info:
        page.get_by_role("button", name="LTFT applications, one row each (Excel)").click()
    book = zipfile.ZipFile(download_info.value.path())
    assert "xl/worksheets/sheet1.xml" in book.namelist()

    # A row-level file marked for sharing is refused, with an error that says why.
    page.get_by_label("This file is for sharing outside the team").check()
    page.get_by_role("button", name="LTFT applications, one row each (CSV)").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Row-level files cannot be shared outside the team"
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)
