"""A deanery brings in its people and invites them, in a real browser, axe-checked on every page
and error state: upload, preview, confirm, progress, result and error report; then a newly
imported trainee and a new TPD accept their invitations (docs/rules.md §13)."""

import csv
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.notifications.services import notifications_send_due
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_ltft_journey import open_page  # noqa: F401  (a fixture)
from tests.e2e.test_sign_in_journeys import enrol_second_factor
from tests.signing_in import sign_in_browser
from tests.trainees.tis_files import as_csv, people, person, staff, staff_csv
from trainees.demo import seed_demo
from trainees.models import ImportRun
from trainees.tasks import import_run_task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

FORMULA_MESSAGE = "starts with =, which a spreadsheet runs as a formula; remove the = at the start"
PASSWORD = "plum orbit kettle meadow"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def choose_file(page, name, content, *, kind="Trainees and programme memberships"):
    page.goto("/trainee/imports/")
    page.get_by_label(kind).check()
    # The NHS.UK file upload component puts a button over the input; the input takes the file.
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Check the file").click()


def refused_with(page, message):
    assert page.title().startswith("Error: ")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(message)
    assert_accessible(page)


def invitation_path(email) -> str:
    notifications_send_due()  # the outbox, as the worker would send it
    message = [m for m in mail.outbox if email in m.to][-1]
    return re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def choose_password(page, password):
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Confirm your new password").fill(password)
    page.get_by_role("button", name="Save password").click()


def run_the_background_job():
    """What the Celery worker does with the queued run (there is none beside the live server)."""
    for run in ImportRun.objects.filter(status=ImportRun.Status.QUEUED):
        import_run_task(str(run.pk))


def test_a_deanery_imports_its_people_and_they_accept_their_invitations(open_page):  # noqa: F811
    seed_demo()
    reviewer = open_page("deanery@example.nhs.uk", needs_code=True)
    reviewer.get_by_role("link", name="Import people").click()
    expect(reviewer.locator("h1")).to_have_text("Import people from TIS")
    assert_accessible(reviewer)

    # Rough input first: each refused with what to do, nothing kept.
    reviewer.get_by_role("button", name="Check the file").click()
    refused_with(reviewer, "Choose the file to import")
    choose_file(reviewer, "export.csv", PNG)
    refused_with(reviewer, "The file is not a CSV or XLSX file")
    choose_file(reviewer, "export.csv", as_csv(people(2)).replace(b"Surname", b"Surnmae"))
    refused_with(reviewer, "The header row (row 1) is missing Surname")
    choose_file(reviewer, "export.csv", b"")
    refused_with(reviewer, "The file is empty")
    assert not ImportRun.objects.exists()

    # A file with one bad row: the preview, nothing saved yet.
    rows = [*people(3, start=801), person(804, Forenames='=HYPERLINK("http://x.example","go")')]
    choose_file(reviewer, "tis.csv", as_csv(rows))
    expect(reviewer.locator("h1")).to_have_text("Check the import")
    expect(reviewer.get_by_text("Nothing has been saved yet.")).to_be_visible()
    expect(reviewer.locator("main")).to_contain_text(f"row 5: Forenames: {FORMULA_MESSAGE}")
    expect(reviewer.locator("main")).not_to_contain_text("HYPERLINK")
    assert_accessible(reviewer)

    reviewer.get_by_role("button", name="Import the file without the 1 row with errors").click()
    expect(reviewer.locator("h1")).to_have_text("Importing tis.csv")
    expect(reviewer.get_by_text("0 of 4 rows done.")).to_be_visible()
    # The bar spans the content, so how far it has got can be read at a glance.
    bar = reviewer.locator("progress").bounding_box()
    assert bar["width"] >= 0.9 * reviewer.locator("main").bounding_box()["width"] - 64
    assert_accessible(reviewer)
    run_the_background_job()
    # The page follows the job by itself and shows the result when it ends.
    expect(reviewer.locator("h1")).to_have_text("Import result", timeout=15_000)
    assert_accessible(reviewer)
    with reviewer.expect_download() as download:
        reviewer.get_by_role("link", name="Download the errors as a CSV file").click()
    with open(download.value.path(), newline="") as report:
        header, *problems = list(csv.reader(report))
    assert header == ["Row", "Column", "Problem"]
    assert problems == [["5", "Forenames", FORMULA_MESSAGE]]

    # The demo's memberships were not in this (partial) file: ending them asks first, on a
    # page listing them all and saying it is only right for a full export.
    reviewer.get_by_role("link", name=re.compile(r"Review all \d+ and end them")).click()
    expect(reviewer.locator("h1")).to_contain_text("not in tis.csv")
    expect(reviewer.locator("main")).to_contain_text("Only for a full export")
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="Go back without ending them").click()
    expect(reviewer.locator("h1")).to_have_text("Import result")

    # The staff file: a TPD for the programme the trainees just joined.
    tpd_row = staff("new.tpd@import.nhs.uk", "Tara Director", "TPD", programmes="NWN003")
    choose_file(reviewer, "staff.csv", staff_csv([tpd_row]), kind="Staff")
    expect(reviewer.locator("main")).to_contain_text("Tara Director (new.tpd@import.nhs.uk)")
    assert_accessible(reviewer)
    reviewer.get_by_role("button", name="Import the file").click()
    run_the_background_job()
    expect(reviewer.locator("h1")).to_have_text("Import result", timeout=15_000)

    # Invitations: everyone the staff import created at once, then a trainee found by search.
    reviewer.get_by_role("link", name="Invite the 1 person this import created").click()
    expect(reviewer.locator("h1")).to_have_text("Invite the people you imported")
    expect(reviewer.locator("tbody tr")).to_have_count(1)
    assert_accessible(reviewer)
    reviewer.get_by_role("button", name="Invite everyone here who has not been invited yet").click()
    expect(reviewer.locator("main")).to_contain_text("1 invitation sent.")
    reviewer.get_by_role("link", name="Invite people", exact=True).click()
    reviewer.get_by_label("Search by name, email or GMC number").fill("Alex801")
    reviewer.get_by_role("button", name="Search").click()
    expect(reviewer.locator("tbody tr")).to_have_count(1)
    assert_accessible(reviewer)
    email = "trainee801@import.nhs.uk"
    reviewer.get_by_role("button", name=f"Send invitation to {email}").click()
    expect(reviewer.locator("main")).to_contain_text(f"Invitation sent to {email}")
    assert_accessible(reviewer)

    # The trainee opens the link, is refused a weak password, chooses one and signs in.
    trainee = reviewer.context.browser.new_context(base_url=reviewer.url.split("/trainee")[0])
    page = trainee.new_page()
    path = invitation_path("trainee801@import.nhs.uk")
    page.goto(path)
    expect(page.locator("h1")).to_contain_text("Choose your password")
    assert_accessible(page)
    choose_password(page, "short")
    refused_with(page, "This password is too short")
    choose_password(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("My training")
    page.get_by_role("button", name="Sign out").click()
    sign_in_browser(page, "trainee801@import.nhs.uk", PASSWORD)
    expect(page.locator("h1")).to_have_text("My training")
    expect(page.locator("main")).to_contain_text("North West Paediatrics 3")
    assert_accessible(page)
    # The used link says what to do next.
    page.goto(path)
    expect(page.locator("h1")).to_have_text("This invitation link has already been used")
    assert_accessible(page)
    trainee.close()

    # The TPD chooses a password, then enrols a second factor before any staff page.
    tpd = reviewer.context.browser.new_context(base_url=reviewer.url.split("/trainee")[0])
    page = tpd.new_page()
    page.goto(invitation_path("new.tpd@import.nhs.uk"))
    choose_password(page, PASSWORD)
    enrol_second_factor(page)
    expect(page.locator("h1")).to_have_text("Programme queue")
    assert_accessible(page)
    tpd.close()
