"""Browser journeys: Playwright drives Debian's Chromium against the live test server, and
axe-core checks every page the journey reaches."""

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Browser tests run in transactional tests, whose flush empties the reference tables."""


_axe = Axe()


def assert_accessible(page):
    """Zero axe violations at WCAG 2.2 A/AA (and best practice), one h1, a real title."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
    assert page.title().strip(), f"{page.url} has no title"
