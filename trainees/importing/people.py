"""Checking a TIS export's rows against each other and the database (see docs/rules.md §2 for
what a membership is used for). `check_people` reads and plans without writing; `writes`
applies the plan."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.accounts.models import User
from trainees.importing import columns as c
from trainees.importing.outcome import Outcome, RowError
from trainees.importing.reading import read_table
from trainees.models import Grade, LocalOffice, Programme, ProgrammeMembership, Specialty, Trainee

CHUNK = 500


@dataclass
class PeopleRow:
    row: int
    gmc: str
    forenames: str
    surname: str
    email: str
    programme_number: str
    programme_name: str
    office: LocalOffice
    specialty: Specialty
    grade: Grade
    start: date
    end: date
    wte: Decimal
    ntn: str
    es_email: str
    es_name: str

    @property
    def membership_key(self):
        return (self.gmc, self.office.pk, self.programme_number, self.start)

    def describe(self) -> str:
        return (
            f"{self.forenames} {self.surname} ({self.gmc}) in {self.programme_name} "
            f"({self.programme_number}) from {self.start:%d/%m/%Y}"
        )


@dataclass
class Plan:
    rows: list[PeopleRow]
    outcome: Outcome
    trainees: dict[str, Trainee]
    users_by_email: dict[str, User]
    programmes: dict[tuple[int, str], Programme]
    memberships: dict[tuple, ProgrammeMembership]
    home: LocalOffice
    supervisors_checked: set = field(default_factory=set)
    gmcs_of_failed_rows: set = field(default_factory=set)


class _Reference:
    """Specialties, grades and offices, read once per file."""

    def __init__(self, offices: dict[str, LocalOffice]):
        self.offices = offices
        self.office_codes = " or ".join(offices)
        self.specialties = {s.name.casefold(): s for s in Specialty.objects.all()}
        self.grades = {g.code.casefold(): g for g in Grade.objects.all()}


def _parse(number: int, cells: dict, ref: _Reference, errors: list[RowError]) -> PeopleRow | None:
    values, before = {}, len(errors)

    def take(column, parse, **kwargs):
        try:
            values[column] = parse(cells.get(column), **kwargs)
        except c.CellError as error:
            errors.append(RowError(number, column, str(error)))

    take(c.GMC, c.gmc_number)
    for column in (c.FORENAMES, c.SURNAME, c.PROGRAMME_NUMBER, c.PROGRAMME_NAME):
        take(column, c.text, required=True, max_length=160 if column == c.PROGRAMME_NAME else 100)
    take(c.NTN, c.text, required=False, max_length=40)
    take(c.ES_NAME, c.text, required=False)
    take(c.EMAIL, c.email)
    take(c.ES_EMAIL, c.email, required=False)
    take(c.START, c.a_date)
    take(c.END, c.a_date)
    take(c.WTE, c.wte)
    for column, table, what in (
        (c.OFFICE, ref.offices, f"is not {ref.office_codes}, the office this file is imported for"),
        (c.SPECIALTY, ref.specialties, "is not a specialty in the portal's reference data"),
        (c.GRADE, ref.grades, "is not a grade code in the portal's reference data, like ST3"),
    ):
        try:
            key = c.text(cells.get(column), required=True)
        except c.CellError as error:
            errors.append(RowError(number, column, str(error)))
            continue
        found = table.get(key if column == c.OFFICE else key.casefold())
        if found is None:
            errors.append(RowError(number, column, f"{key} {what}"))
        values[column] = found
    if c.START in values and c.END in values and values[c.END] <= values[c.START]:
        errors.append(RowError(number, c.END, "must be after the programme start date"))
    if values.get(c.ES_NAME) and values.get(c.ES_EMAIL) == "":
        errors.append(RowError(number, c.ES_EMAIL, "is needed when a supervisor name is given"))
    if len(errors) > before:
        return None
    return PeopleRow(
        row=number, gmc=values[c.GMC], forenames=values[c.FORENAMES],
        surname=values[c.SURNAME], email=values[c.EMAIL],
        programme_number=values[c.PROGRAMME_NUMBER], programme_name=values[c.PROGRAMME_NAME],
        office=values[c.OFFICE], specialty=values[c.SPECIALTY], grade=values[c.GRADE],
        start=values[c.START], end=values[c.END], wte=values[c.WTE], ntn=values[c.NTN],
        es_email=values[c.ES_EMAIL], es_name=values[c.ES_NAME],
    )  # fmt: skip


def _in_chunks(values: list, query: Callable) -> list:
    found = []
    for start in range(0, len(values), CHUNK):
        found.extend(query(values[start : start + CHUNK]))
    return found


def check_people(content: bytes, *, offices: dict[str, LocalOffice], home: LocalOffice) -> Plan:
    """Every row parsed and checked; nothing written. `offices` are the local offices (by
    code) the importer may import for; `home` the one whose memberships the file is the
    full export of."""
    table = read_table(content, required=c.PEOPLE_REQUIRED, other_kind=("Staff", c.STAFF_REQUIRED))
    ref = _Reference(offices)
    outcome = Outcome(rows=len(table))
    parsed = [
        row
        for number, cells in table.numbered_rows()
        if (row := _parse(number, cells, ref, outcome.errors)) is not None
    ]
    gmcs = sorted({row.gmc for row in parsed})
    trainees = {
        t.gmc_number: t
        for t in _in_chunks(
            gmcs, lambda part: Trainee.objects.select_related("user").filter(gmc_number__in=part)
        )
    }
    emails = sorted({row.email for row in parsed} | {row.es_email for row in parsed} - {""})
    users = {u.email: u for u in _in_chunks(emails, lambda p: User.objects.filter(email__in=p))}
    office_ids = {row.office.pk for row in parsed} | {home.pk}
    programmes = {
        (p.local_office_id, p.programme_number): p
        for p in Programme.objects.filter(local_office__in=office_ids).exclude(programme_number="")
    }
    memberships = {
        (m.trainee.gmc_number, m.programme.local_office_id, m.programme.programme_number,
         m.start_date): m
        for m in ProgrammeMembership.objects.filter(programme__local_office__in=office_ids)
        .exclude(programme__programme_number="")
        .select_related("trainee__user", "programme", "grade", "educational_supervisor")
    }  # fmt: skip
    rows = _check_across_rows(parsed, trainees, users, outcome.errors)
    plan = Plan(rows, outcome, trainees, users, programmes, memberships, home)
    plan.gmcs_of_failed_rows = _gmcs_of_failed_rows(table, set(outcome.failed_rows))
    return plan


def _gmcs_of_failed_rows(table, failed: set[int]) -> set[str]:
    """The GMC numbers on rows with errors: such a trainee IS in the file, so none of their
    memberships may be offered for ending as "not in this file"."""
    gmcs = set()
    for number, cells in table.numbered_rows():
        if number in failed:
            try:
                gmcs.add(c.gmc_number(cells.get(c.GMC)))
            except c.CellError:
                continue
    return gmcs


def _check_across_rows(rows, trainees, users, errors) -> list[PeopleRow]:
    """Rows that contradict another row or a record already in the portal. Every problem of
    a row is reported, so one upload shows all there is to correct."""
    good, first_row_of, names_of = [], {}, {}
    for row in rows:
        name = (row.forenames.casefold(), row.surname.casefold())
        trainee = trainees.get(row.gmc)
        problems = []
        if row.membership_key in first_row_of:
            problems.append(RowError(
                row.row, c.PROGRAMME_NUMBER,
                f"the same membership (GMC number, programme, start date) as row "
                f"{first_row_of[row.membership_key]}",
            ))  # fmt: skip
        if (
            trainee is not None
            and (trainee.user.first_name.casefold(), trainee.user.last_name.casefold()) != name
        ):
            problems.append(RowError(
                row.row, c.GMC,
                f"{row.gmc} already belongs to {trainee.user.get_full_name()}, not to "
                f"{row.forenames} {row.surname}",
            ))  # fmt: skip
        elif names_of.setdefault(row.gmc, (name, row.row))[0] != name:
            other_row = names_of[row.gmc][1]
            message = f"{row.gmc} has another name on row {other_row}"
            problems.append(RowError(row.row, c.GMC, message))
        if (owner := users.get(row.email)) is not None and (
            trainee is None or owner.pk != trainee.user_id
        ):
            problems.append(
                RowError(row.row, c.EMAIL, "is already used by another person's account")
            )
        if problems:
            errors.extend(problems)
            continue
        first_row_of[row.membership_key] = row.row
        good.append(row)
    return good
