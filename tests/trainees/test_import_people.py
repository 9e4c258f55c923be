"""Importing trainees and programme memberships from a TIS export (docs/rules.md §2)."""

from datetime import date
from decimal import Decimal

import pytest

from portal.accounts.models import Role, User
from tests.factories import TraineeFactory, UserFactory, local_office, user_with_role
from tests.trainees.tis_files import as_csv, as_xlsx, people, person
from trainees.importing.outcome import Outcome
from trainees.importing.people_writes import end_memberships, import_people
from trainees.importing.reading import FileRejected
from trainees.models import Programme, ProgrammeMembership, Trainee

pytestmark = pytest.mark.django_db


def run(content, *, dry_run=False, offices=("HENW",)):
    found = {code: local_office(code) for code in offices}
    return import_people(content, offices=found, home=local_office("HENW"), dry_run=dry_run)


def test_a_file_creates_trainees_programmes_memberships_and_supervisors():
    outcome = run(as_csv(people(3)))

    assert outcome.errors == []
    assert len(outcome.created) == 3
    membership = ProgrammeMembership.objects.get(trainee__gmc_number="7000001")
    assert membership.programme.programme_number == "NWN001"
    assert membership.programme.local_office.code == "HENW"
    assert membership.cct_date == date(2029, 7, 31)
    assert membership.wte == Decimal("1.00")
    assert membership.educational_supervisor.email == "es1@import.nhs.uk"
    assert membership.educational_supervisor.roles.filter(kind=Role.Kind.SUPERVISOR).exists()
    assert not membership.trainee.user.has_usable_password()


def test_importing_the_same_file_again_changes_nothing():
    content = as_csv(people(20))
    run(content)
    counts = (User.objects.count(), Trainee.objects.count(), ProgrammeMembership.objects.count())

    again = run(content)

    assert again.created == [] and again.changed == []
    assert again.unchanged == 20
    assert counts == (
        User.objects.count(), Trainee.objects.count(), ProgrammeMembership.objects.count()
    )  # fmt: skip


def test_a_dry_run_writes_nothing_and_describes_changes_field_by_field():
    run(as_csv([person(1)]))
    changed = as_csv([person(1, WTE="80", Grade="ST4", **{"Programme End Date": "2030-01-31"})])

    outcome = run(changed, dry_run=True)

    assert outcome.changed[0]["changes"] == [
        {"field": "Grade", "old": "ST3", "new": "ST4"},
        {"field": "Programme End Date", "old": "31/07/2029", "new": "31/01/2030"},
        {"field": "WTE", "old": "1.00", "new": "0.80"},
    ]
    assert ProgrammeMembership.objects.get().wte == Decimal("1.00")

    run(changed)
    assert ProgrammeMembership.objects.get().wte == Decimal("0.80")


def test_a_dry_run_of_a_new_file_creates_nothing():
    outcome = run(as_csv(people(5)), dry_run=True)

    assert len(outcome.created) == 5
    assert (
        not Trainee.objects.exists()
        and not Programme.objects.filter(programme_number__startswith="NWN").exists()
    )


# Twenty kinds of bad row, each a fault a person could make in a spreadsheet.
BAD_CELLS = [
    {"GMC Number": "123456"},
    {"GMC Number": "12345678"},
    {"Email": "not-an-address"},
    {"Forenames": ""},
    {"Surname": '=HYPERLINK("http://evil.example")'},
    {"Programme Number": "@SUM(A1)"},
    {"Programme Name": ""},
    {"Local Office Code": "HEYHD"},
    {"Specialty": "Astrology"},
    {"Grade": "XX9"},
    {"Programme Start Date": "2025-02-30"},
    {"Programme Start Date": "31/02/2025"},
    {"Programme End Date": "2023-01-01"},
    {"Programme End Date": "2024-08-07"},
    {"WTE": "1.5"},
    {"WTE": "lots"},
    {"WTE": "0.755"},
    {"Educational Supervisor Email": "nope"},
    {"Educational Supervisor Email": "", "Educational Supervisor Name": "Sam Someone"},
    {"Training Number": "+44"},
]


def test_500_rows_with_20_bad_ones_import_480_and_name_exactly_the_20():
    rows = people(500)
    bad = dict(zip(range(10, 500, 25), BAD_CELLS, strict=True))  # index in `rows` → fault
    for index, cells in bad.items():
        rows[index].update(cells)

    outcome = run(as_csv(rows))

    # Row numbers as a spreadsheet shows them: the header is row 1, rows[0] is row 2.
    assert outcome.failed_rows == sorted(index + 2 for index in bad)
    assert len(outcome.errors) == 20
    assert str(outcome.errors[0]) == "row 12: GMC Number: must be 7 digits, like 1234567"
    assert str(outcome.errors[-1]).startswith("row 487: Training Number: starts with +, which")
    assert len(outcome.created) == 480
    assert Trainee.objects.count() == 480 and ProgrammeMembership.objects.count() == 480
    assert not Trainee.objects.filter(gmc_number__in=[rows[i]["GMC Number"] for i in bad]).exists()


def test_xlsx_with_real_dates_and_number_cells_imports_like_csv():
    row = person(
        1,
        **{"GMC Number": 7000001, "WTE": 0.6, "Programme Start Date": date(2024, 8, 7)},
    )
    outcome = run(as_xlsx([row]))

    assert outcome.errors == []
    membership = ProgrammeMembership.objects.get()
    assert (membership.wte, membership.start_date) == (Decimal("0.60"), date(2024, 8, 7))


def test_a_byte_order_mark_extra_columns_and_any_column_order_are_accepted():
    row = {"Notes": "ignored", **dict(reversed(list(person(1).items())))}
    columns = list(row)
    outcome = run(as_csv([row], columns=columns, bom=True))

    assert outcome.errors == [] and Trainee.objects.filter(gmc_number="7000001").exists()


def test_a_row_for_another_office_is_an_error_for_a_reviewer_of_one_office():
    outcome = run(as_csv([person(1, **{"Local Office Code": "HEYHD"})]))

    assert [str(e) for e in outcome.errors] == [
        "row 2: Local Office Code: HEYHD is not HENW, the office this file is imported for"
    ]


def test_an_admin_imports_only_the_chosen_offices_rows_and_others_are_row_errors():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trainees.importing.runs import confirm_run, perform_run, start_run

    admin = user_with_role(Role.Kind.ADMIN, None)
    file = as_csv([person(1), person(2, **{"Local Office Code": "HEYHD"})])
    started = start_run(
        user=admin, office=local_office("HEYHD"), kind="PEOPLE",
        upload=SimpleUploadedFile("tis.csv", file),
    )  # fmt: skip
    confirm_run(run=started)
    perform_run(started.pk)

    started.refresh_from_db()
    assert [str(e) for e in Outcome.from_json(started.result).errors] == [
        "row 2: Local Office Code: HENW is not HEYHD, the office this file is imported for"
    ]
    assert [m.programme.local_office.code for m in ProgrammeMembership.objects.all()] == ["HEYHD"]


def test_memberships_missing_from_a_full_export_are_listed_not_deleted():
    run(as_csv(people(3)))

    outcome = run(as_csv(people(2)))

    assert [item["what"].split(" (")[0] for item in outcome.not_in_file] == ["Alex3 Morgan3"]
    assert ProgrammeMembership.objects.count() == 3


def test_a_trainee_rejoining_a_programme_later_gets_a_second_membership():
    run(as_csv([person(1)]))
    later = person(1, **{"Programme Start Date": "2026-02-04"})

    outcome = run(as_csv([person(1), later]))

    assert outcome.errors == [] and ProgrammeMembership.objects.count() == 2


def test_an_existing_trainee_added_by_hand_is_matched_by_gmc_number():
    user = UserFactory(first_name="Alex1", last_name="Morgan1", email="old@nhs.net")
    TraineeFactory(user=user, gmc_number="7000001")

    outcome = run(as_csv([person(1)]))

    assert outcome.changed[0]["changes"] == [
        {"field": "Email", "old": "old@nhs.net", "new": "trainee1@import.nhs.uk"}
    ]
    assert Trainee.objects.count() == 1


def test_a_membership_ended_by_mistake_opens_again_when_its_row_is_imported():
    run(as_csv(people(1)))
    membership = ProgrammeMembership.objects.get()
    end_memberships(office=local_office("HENW"), ids=[membership.pk], on=date(2026, 12, 3))

    preview = run(as_csv(people(1)), dry_run=True)
    assert preview.changed[0]["changes"] == [
        {"field": "End date", "old": "03/12/2026", "new": "(none)"}
    ]
    run(as_csv(people(1)))

    membership.refresh_from_db()
    assert membership.end_date is None


def test_a_row_with_an_error_is_in_the_file_so_its_memberships_are_not_missing_from_it():
    run(as_csv(people(3)))

    outcome = run(as_csv([*people(2), person(3, Forenames="Someone", WTE="5")]))

    assert outcome.failed_rows == [4]
    assert outcome.not_in_file == []


def test_blank_rows_are_skipped_and_later_rows_keep_their_spreadsheet_numbers():
    blank = dict.fromkeys(person(1), "")
    outcome = run(as_csv([person(1), blank, person(2, WTE="5"), blank, blank]))

    assert [str(e) for e in outcome.errors] == [
        "row 4: WTE: must be between 0.2 and 1.0, or 20 and 100"
    ]
    assert outcome.rows == 2


def test_a_row_that_repeats_a_membership_and_conflicts_on_name_reports_both():
    outcome = run(as_csv([person(1), person(1, Forenames="Other")]))

    assert [str(e) for e in outcome.errors] == [
        "row 3: Programme Number: the same membership (GMC number, programme, start date) as row 2",
        "row 3: GMC Number: 7000001 has another name on row 2",
    ]


def test_a_staff_file_uploaded_as_trainees_is_told_to_choose_staff():
    staff_file = b"Email,Name,Role,Local Office Code\r\nx@nhs.net,X Y,TPD,HENW\r\n"

    with pytest.raises(FileRejected, match="Choose 'Staff'"):
        run(staff_file)


def test_progress_counts_the_files_rows_and_never_passes_them():
    seen = []
    rows = [*people(450), person(999, WTE="5")]
    office = local_office("HENW")
    import_people(
        as_csv(rows), offices={"HENW": office}, home=office, dry_run=False,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip

    assert seen == [(201, 451), (401, 451), (451, 451)]
