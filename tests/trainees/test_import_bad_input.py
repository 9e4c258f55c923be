"""Bad input to the people import: a clear message, and nothing written."""
# ruff: noqa: E501  (the table of bad cells reads best one case a line)

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.accounts.models import User
from tests.factories import TraineeFactory, UserFactory, local_office
from tests.trainees.tis_files import as_csv, as_xlsx, people, person
from trainees.importing.outcome import error_report_csv
from trainees.importing.people_writes import import_people
from trainees.importing.reading import MAX_BYTES, FileRejected
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def run(content):
    office = local_office("HENW")
    return import_people(content, offices={"HENW": office}, home=office, dry_run=False)


def errors_of(content):
    return [str(error) for error in run(content).errors]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\xef\xbb\xbf", "The file is empty"),
        (as_csv([])[:0] + b"GMC Number,Forenames\n", "missing Surname, Email"),
        (as_csv(people(1)).replace(b"Surname", b"Last name"), "missing Surname"),
        (as_csv([]), "no rows under it"),
        (b"%PDF-1.7\n\x00\x01binary", "not a CSV or XLSX file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV or XLSX file"),
        ("GMC Number\n\xe9".encode("latin-1"), "saved as UTF-8"),
        (b"PK\x03\x04 a zip that is no workbook", "not a CSV or XLSX file"),
        (b"x" * (MAX_BYTES + 1), "larger than 20 MB"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_whole(content, message):
    with pytest.raises(FileRejected, match=message):
        run(content)
    assert not Trainee.objects.exists()


def test_the_file_type_comes_from_the_content_not_the_name(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(as_xlsx(people(2)))  # an XLSX named .csv still imports

    call_command("import_people", str(path), office="HENW", stdout=io.StringIO())

    assert Trainee.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"GMC Number": "123456"}, "row 2: GMC Number: must be 7 digits, like 1234567"),
        ({"Email": "not-an-address"}, "row 2: Email: is not a valid email address"),
        ({"Surname": ""}, "row 2: Surname: is empty"),
        ({"Programme Start Date": "2025-02-30"}, "row 2: Programme Start Date: 2025-02-30 is not a date that exists"),
        ({"Programme Start Date": "31/02/2025"}, "row 2: Programme Start Date: 31/02/2025 is not a date that exists"),
        ({"Programme Start Date": "Aug 2024"}, "row 2: Programme Start Date: must be a date like"),
        ({"Programme End Date": "2024-01-01"}, "row 2: Programme End Date: must be after the programme start date"),
        ({"WTE": "0.1"}, "row 2: WTE: must be between 0.2 and 1.0, or 20 and 100"),
        ({"WTE": "lots"}, "row 2: WTE: must be a number"),
        ({"Grade": "XX9"}, "row 2: Grade: XX9 is not a grade code"),
        ({"Specialty": "Astrology"}, "row 2: Specialty: Astrology is not a specialty"),
        ({"Educational Supervisor Email": "nope"}, "row 2: Educational Supervisor Email: is not a valid"),
        ({"Forenames": "=HYPERLINK(\"http://x\")"}, "row 2: Forenames: starts with =, which a spreadsheet runs as a formula; remove the = at the start"),
        ({"Surname": "+1"}, "row 2: Surname: starts with +, which a spreadsheet runs as a formula; remove the + at the start"),
        ({"Programme Name": "-cmd"}, "row 2: Programme Name: starts with -, which a spreadsheet runs as a formula; remove the - at the start"),
        ({"Training Number": "@SUM(A1)"}, "row 2: Training Number: starts with @, which a spreadsheet runs as a formula; remove the @ at the start"),
    ],
)  # fmt: skip
def test_a_bad_cell_fails_its_row_with_the_column_named(overrides, expected):
    found = errors_of(as_csv([person(1, **overrides), person(2)]))

    assert len(found) == 1 and found[0].startswith(expected), found
    assert list(Trainee.objects.values_list("gmc_number", flat=True)) == ["7000002"]


def test_a_formula_cell_in_a_workbook_is_text_never_its_computed_value():
    found = errors_of(as_xlsx([person(1, Surname="=1+1")]))

    assert found == [
        "row 2: Surname: starts with =, which a spreadsheet runs as a formula; remove the = at the start"
    ]


def test_the_error_report_escapes_anything_a_spreadsheet_would_run():
    report = error_report_csv(run(as_csv([person(1, **{"Local Office Code": "=cmd"})])).errors)

    assert "=cmd" not in report.replace("'=cmd", "")


def test_a_gmc_number_already_used_by_someone_with_another_name_is_refused():
    TraineeFactory(user=UserFactory(first_name="Jo", last_name="Bloggs"), gmc_number="7000001")

    assert errors_of(as_csv([person(1)])) == [
        "row 2: GMC Number: 7000001 already belongs to Jo Bloggs, not to Alex1 Morgan1"
    ]


def test_two_rows_for_the_same_membership_fail_the_second():
    assert errors_of(as_csv([person(1), person(2), person(1, WTE="0.5")])) == [
        "row 4: Programme Number: the same membership (GMC number, programme, start date) as row 2"
    ]


def test_an_email_that_belongs_to_another_account_is_refused():
    UserFactory(email="trainee1@import.nhs.uk")

    assert errors_of(as_csv([person(1)])) == [
        "row 2: Email: is already used by another person's account"
    ]


def test_blank_lines_keep_the_row_numbers_a_spreadsheet_shows():
    content = as_csv([person(1)]) + b"\r\n" + as_csv([person(2, WTE="7")]).split(b"\r\n", 1)[1]

    assert errors_of(content)[-1].startswith("row 4: WTE:")


def test_the_command_prints_the_summary_and_row_errors_and_fails(tmp_path):
    path = tmp_path / "tis.csv"
    path.write_bytes(as_csv([person(1), person(2, WTE="2")]))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("import_people", str(path), office="HENW", stdout=out, stderr=err)

    assert exit_.value.code == 1
    assert "Imported: 2 rows read, 1 to create" in out.getvalue()
    assert err.getvalue().strip() == "row 3: WTE: must be between 0.2 and 1.0, or 20 and 100"


def test_the_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "tis.csv"
    path.write_bytes(as_csv(people(2)))

    call_command("import_people", str(path), office="HENW", dry_run=True, stdout=io.StringIO())

    assert not Trainee.objects.exists() and not User.objects.exists()


def test_the_command_refuses_an_unusable_file(tmp_path):
    path = tmp_path / "tis.xlsx"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_people", str(path), office="HENW")
