"""The import in the portal: upload, preview, confirm, result, error report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.accounts.models import Role
from tests.factories import local_office, user_with_role
from tests.signing_in import sign_in
from tests.trainees.tis_files import as_csv, people, person
from trainees.importing.runs import perform_run
from trainees.models import ImportRun, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    sign_in(client, user)
    return user


def upload(client, content, name="tis.csv"):
    return client.post(
        reverse("trainees:import_start"),
        {"kind": "PEOPLE", "office": "HENW", "file": SimpleUploadedFile(name, content)},
    )


def test_upload_preview_confirm_result_and_error_report(
    client, reviewer, django_capture_on_commit_callbacks
):
    response = upload(client, as_csv([*people(3), person(9, WTE="5")]))
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("trainees:import_detail", args=[run.pk])

    preview = client.get(response["Location"]).content.decode()
    assert "Check the import" in preview and "row 5: WTE: must be between" in preview
    assert not Trainee.objects.exists()

    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("trainees:import_confirm", args=[run.pk]))
    assert "Importing" in client.get(response["Location"]).content.decode()
    perform_run(run.pk)

    result = client.get(response["Location"]).content.decode()
    assert "Import result" in result and Trainee.objects.count() == 3
    report = client.get(reverse("trainees:import_errors", args=[run.pk]))
    assert report.content.decode().splitlines() == [
        "Row,Column,Problem",
        '5,WTE,"must be between 0.2 and 1.0, or 20 and 100"',
    ]


def test_a_file_that_cannot_be_read_re_renders_the_form_with_the_reason(client, reviewer):
    response = upload(client, b"\x00\x01", name="tis.xlsx")

    assert response.status_code == 200
    assert "not a CSV or XLSX file" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_confirming_twice_imports_once(client, reviewer, django_capture_on_commit_callbacks):
    upload(client, as_csv(people(2)))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("trainees:import_confirm", args=[run.pk]))
        again = client.post(reverse("trainees:import_confirm", args=[run.pk]), follow=True)

    assert "already been imported" in again.content.decode()


def imported(client, file) -> ImportRun:
    """`file` uploaded, confirmed and imported, as the worker would."""
    upload(client, file)
    run = ImportRun.objects.get()
    run.status = ImportRun.Status.QUEUED
    run.save()
    perform_run(run.pk)
    return run


def test_ending_the_memberships_missing_from_a_full_export(client, reviewer):
    from trainees.importing.people_writes import import_people

    office = local_office("HENW")
    import_people(as_csv(people(3)), offices={"HENW": office}, home=office, dry_run=False)
    run = imported(client, as_csv(people(2)))

    result = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()
    assert "1 membership of" in result and "End these" not in result
    confirm_url = reverse("trainees:import_end_missing", args=[run.pk])
    confirmation = client.get(confirm_url).content.decode()
    assert "End 1 membership not in tis.csv" in confirmation
    assert "only if tis.csv was the full TIS export" in confirmation
    assert "Alex3 Morgan3 (7000003)" in confirmation

    done = client.post(confirm_url, follow=True).content.decode()

    ended = Trainee.objects.get(gmc_number="7000003").memberships.get()
    assert ended.end_date is not None
    assert Trainee.objects.get(gmc_number="7000001").memberships.get().end_date is None
    assert "1 membership ended today." in done
    assert "that was not in this file was ended on" in done
    assert "open in the portal" not in done and confirm_url not in done
    assert client.get(confirm_url).status_code == 404
    again = client.post(confirm_url, follow=True).content.decode()
    assert "already been ended" in again


def test_the_result_lists_20_missing_memberships_then_says_how_many_more(client, reviewer):
    from trainees.importing.people_writes import import_people

    office = local_office("HENW")
    import_people(as_csv(people(30)), offices={"HENW": office}, home=office, dry_run=False)
    run = imported(client, as_csv(people(2)))

    result = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()
    assert "And 8 more." in result and "Review all 28 and end them" in result
    confirmation = client.get(reverse("trainees:import_end_missing", args=[run.pk]))
    assert confirmation.content.decode().count('<td class="nhsuk-table__cell">Alex') == 28


def test_invite_the_people_you_imported_lists_exactly_them_and_invites_them_all(
    client, reviewer, django_capture_on_commit_callbacks
):
    from portal.accounts.models import Invitation

    user_with_role(Role.Kind.TRAINEE, local_office("HENW"), email="already@nhs.net")
    run = imported(client, as_csv(people(2)))
    result = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()
    invite_url = reverse("trainees:import_invite", args=[run.pk])
    # Two trainees and their two supervisors.
    assert f'href="{invite_url}">Invite the 4 people this import created' in result

    listed = client.get(invite_url).content.decode()
    assert "trainee1@import.nhs.uk" in listed and "already@nhs.net" not in listed

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(invite_url, follow=True).content.decode()
    assert "4 invitations sent." in sent
    assert Invitation.objects.count() == 4
    again = client.post(invite_url, follow=True).content.decode()
    assert "already been invited" in again and Invitation.objects.count() == 4


def test_an_admin_must_choose_the_office_the_file_is_for(client):
    sign_in(client, user_with_role(Role.Kind.ADMIN, None))
    form = client.get(reverse("trainees:import_start")).content.decode()
    office_select = form.split('name="office"')[1].split("</select>")[0]
    assert office_select.count("selected") == 1 and 'value="" selected' in office_select

    response = client.post(
        reverse("trainees:import_start"),
        {"kind": "PEOPLE", "file": SimpleUploadedFile("tis.csv", as_csv(people(1)))},
    )

    assert "Select the local office the file is for" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_progress_never_shows_more_rows_done_than_the_file_has(client, reviewer):
    upload(client, as_csv(people(3)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, rows_done=20, rows_total=3
    )

    page = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()

    assert "3 of 3 rows done." in page and 'value="100"' in page


def test_the_confirm_button_says_row_for_one_row_with_errors(client, reviewer):
    upload(client, as_csv([person(1), person(2, WTE="5")]))
    run = ImportRun.objects.get()

    page = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()

    assert "without the 1 row with errors" in page


def test_a_second_file_waits_until_the_first_has_been_imported(
    client, reviewer, django_capture_on_commit_callbacks
):
    upload(client, as_csv(people(2)), name="first.csv")
    upload(client, as_csv(people(3)), name="second.csv")
    first, second = ImportRun.objects.order_by("created_at")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("trainees:import_confirm", args=[first.pk]))
        refused = client.post(reverse("trainees:import_confirm", args=[second.pk]), follow=True)

    assert "first.csv is still being imported" in refused.content.decode()
    second.refresh_from_db()
    assert second.status == ImportRun.Status.PREVIEWED

    perform_run(first.pk)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("trainees:import_confirm", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == ImportRun.Status.QUEUED


def test_an_import_that_breaks_part_way_says_so_instead_of_running_for_ever(
    client, reviewer, monkeypatch
):
    upload(client, as_csv(people(2)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    # The database refusing a write is outside the import's control; stand it in here.
    monkeypatch.setattr(Trainee.objects, "create", lambda **kwargs: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        perform_run(run.pk)

    page = client.get(reverse("trainees:import_detail", args=[run.pk])).content.decode()
    assert "The import failed" in page and "upload the same file again" in page


def test_an_empty_file_is_refused_with_what_to_do(client, reviewer):
    response = upload(client, b"")

    assert "The file is empty. Choose a CSV or XLSX file with a header row." in (
        response.content.decode()
    )
    assert not ImportRun.objects.exists()


def test_the_progress_poll_asks_for_the_result_page_once_the_run_has_ended(client, reviewer):
    upload(client, as_csv(people(2)))
    run = ImportRun.objects.get()
    url = reverse("trainees:import_detail", args=[run.pk])
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, rows_total=2)

    polled = client.get(url, headers={"HX-Request": "true"})
    assert "0 of 2 rows done" in polled.content.decode() and "HX-Refresh" not in polled

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    perform_run(run.pk)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
