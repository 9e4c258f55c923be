"""The staff file: `Email, Name, Role, Local Office Code, Programme Numbers`."""
# ruff: noqa: E501  (the table of bad rows reads best one case a line)

import io

import pytest
from django.core.management import call_command

from portal.accounts.models import Role, User
from tests.factories import local_office, user_with_role
from tests.trainees.tis_files import as_csv, people, staff, staff_csv
from trainees.importing.people_writes import import_people
from trainees.importing.staff import import_staff
from trainees.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes():
    """NWN001 and NWN002 of HENW, as a trainees' file creates them."""
    office = local_office("HENW")
    import_people(as_csv(people(2)), offices={"HENW": office}, home=office, dry_run=False)


def run(content, *, dry_run=False, may_grant_admin=False, offices=("HENW",)):
    found = {code: local_office(code) for code in offices}
    return import_staff(content, offices=found, dry_run=dry_run, may_grant_admin=may_grant_admin)


def test_a_staff_file_creates_people_with_roles_and_programmes_directed(programmes):
    outcome = run(
        staff_csv(
            [
                staff("tam.tpd@nhs.net", "Tam Tpd", "TPD", programmes="NWN001; NWN002"),
                staff("dee.rev@nhs.net", "Dee Reviewer", "Deanery reviewer"),
                staff("eve.es@nhs.net", "Eve Supervisor", "educational supervisor"),
            ]
        )
    )

    assert outcome.errors == [] and len(outcome.created) == 3
    tpd = User.objects.get(email="tam.tpd@nhs.net")
    assert (tpd.first_name, tpd.last_name) == ("Tam", "Tpd")
    assert not tpd.has_usable_password()  # they choose one from an invitation
    assert tpd.roles.get().kind == Role.Kind.TPD
    assert sorted(
        Programme.objects.filter(tpds=tpd).values_list("programme_number", flat=True)
    ) == [
        "NWN001",
        "NWN002",
    ]
    assert User.objects.get(email="dee.rev@nhs.net").roles.get().kind == Role.Kind.DEANERY
    assert str(outcome.new_user_ids[0]) == str(tpd.pk)


def test_the_same_staff_file_again_changes_nothing(programmes):
    content = staff_csv([staff("tam.tpd@nhs.net", "Tam Tpd", "TPD", programmes="NWN001")])
    run(content)

    again = run(content)

    assert (again.created, again.changed, again.unchanged) == ([], [], 1)


def test_a_staff_dry_run_writes_nothing_and_describes_a_new_role(programmes):
    user_with_role(Role.Kind.SUPERVISOR, local_office("HENW"), email="sam@nhs.net",
                   first_name="Sam", last_name="Sup")  # fmt: skip
    content = staff_csv([staff("sam@nhs.net", "Sam Sup", "TPD", programmes="NWN001")])

    outcome = run(content, dry_run=True)

    assert outcome.changed[0]["changes"] == [
        {
            "field": "Roles",
            "old": "Educational supervisor in HENW",
            "new": "Educational supervisor in HENW; Training programme director in HENW",
        },
        {"field": "Directs", "old": "(not directed)", "new": "North West Paediatrics 1 (NWN001)"},
    ]
    assert not Role.objects.filter(kind=Role.Kind.TPD).exists()
    assert not Programme.objects.filter(tpds__email="sam@nhs.net").exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (staff("x@nhs.net", "X Y", "Consultant"), "row 2: Role: must be TPD, Educational supervisor, Deanery reviewer or Admin"),
        (staff("x@nhs.net", "X Y", "Admin"), "row 2: Role: only an admin can give the Admin role"),
        (staff("x@nhs.net", "X Y", "TPD", office="HEYHD"), "row 2: Local Office Code: HEYHD is not HENW, the office this file is imported for"),
        (staff("x@nhs.net", "X Y", "TPD", programmes="NWN999"), "row 2: Programme Numbers: NWN999 is not a programme of HENW; import the trainees' file first"),
        (staff("x@nhs.net", "X Y", "Deanery reviewer", programmes="NWN001"), "row 2: Programme Numbers: only a TPD directs programmes"),
        (staff("not-an-email", "X Y", "TPD"), "row 2: Email: is not a valid email address, like name@nhs.net"),
        (staff("x@nhs.net", "=HYPERLINK(\"http://evil\")", "TPD"), "row 2: Name: starts with =, which a spreadsheet runs as a formula; remove the = at the start"),
    ],
)  # fmt: skip
def test_a_bad_staff_row_names_its_row_and_column_and_writes_nothing(programmes, row, expected):
    outcome = run(staff_csv([row]))

    assert [str(error) for error in outcome.errors] == [expected]
    assert not User.objects.filter(email="x@nhs.net").exists()


def test_an_admin_may_give_the_admin_role():
    outcome = run(staff_csv([staff("ada@nhs.net", "Ada Admin", "Admin")]), may_grant_admin=True)

    assert outcome.errors == []
    assert User.objects.get(email="ada@nhs.net").roles.get().kind == Role.Kind.ADMIN


def test_two_rows_for_the_same_person_and_role_fail_the_second(programmes):
    outcome = run(
        staff_csv([staff("tam@nhs.net", "Tam Tpd", "TPD"), staff("tam@nhs.net", "Tam Tpd", "tpd")])
    )

    assert [str(error) for error in outcome.errors] == [
        "row 3: Email: the same person and role as row 2"
    ]


def test_the_command_with_staff_dry_run_reports_and_fails_on_a_row_error(programmes, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(
        staff_csv([staff("tam@nhs.net", "Tam Tpd", "TPD", programmes="NWN001"),
                   staff("x@nhs.net", "X Y", "Registrar")])
    )  # fmt: skip
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("import_people", str(path), office="HENW", staff=True, dry_run=True,
                     stdout=out, stderr=err)  # fmt: skip

    assert exit_.value.code == 1
    assert out.getvalue().startswith("Dry run, nothing written: 2 rows read, 1 to create")
    assert err.getvalue().strip().startswith("row 3: Role: must be TPD")
    assert not User.objects.filter(email="tam@nhs.net").exists()


def test_the_command_with_staff_imports_and_exits_cleanly(programmes, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(staff_csv([staff("tam@nhs.net", "Tam Tpd", "TPD", programmes="NWN001")]))
    out = io.StringIO()

    call_command("import_people", str(path), office="HENW", staff=True, stdout=out)

    assert out.getvalue().startswith("Imported: 1 rows read, 1 to create")
    assert Programme.objects.get(programme_number="NWN001").tpds.get().email == "tam@nhs.net"


def test_a_row_creating_a_tpd_counts_once_as_created(programmes):
    content = staff_csv([staff("new.tpd@nhs.net", "New Tpd", "TPD", programmes="NWN001")])

    outcome = run(content, dry_run=True)

    assert outcome.changed == []
    assert outcome.created == [
        {
            "row": 2,
            "what": "New Tpd (new.tpd@nhs.net); role Training programme director in HENW; "
            "directs North West Paediatrics 1 (NWN001)",
        }
    ]
