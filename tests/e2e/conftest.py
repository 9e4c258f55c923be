"""Browser journeys: Playwright drives Debian's Chromium against the live test server, and
axe-core checks every page the journey reaches."""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        yield None  # the autouse marker fixture skips or fails the test with the reason
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Browser tests run in transactional tests, whose flush empties the reference tables."""


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


_axe = Axe()


def assert_accessible(page):
    """Zero axe violations at WCAG 2.2 A/AA (and best practice), one h1, a real title."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
    assert page.title().strip(), f"{page.url} has no title"
