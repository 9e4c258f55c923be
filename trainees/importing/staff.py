"""The staff file: `Email, Name, Role, Local Office Code, Programme Numbers`.

A person is found by email (created without a password when new: they choose one from an
invitation); the role is added for the row's office; a TPD is added to each programme listed
(numbers separated by `;`). Nothing is taken away: a role or programme missing from the file
stays until someone removes it in the portal.
"""

from django.db import DatabaseError, transaction

from portal.accounts.models import Role, User
from trainees.importing import columns as c
from trainees.importing.outcome import Outcome, RowError
from trainees.importing.reading import read_table
from trainees.models import LocalOffice, Programme

ROLES = {
    "tpd": Role.Kind.TPD,
    "educational supervisor": Role.Kind.SUPERVISOR,
    "deanery reviewer": Role.Kind.DEANERY,
    "admin": Role.Kind.ADMIN,
}


def import_staff(
    content: bytes, *, offices: dict[str, LocalOffice], dry_run: bool, may_grant_admin: bool
) -> Outcome:
    table = read_table(
        content,
        required=c.STAFF_REQUIRED,
        other_kind=("Trainees and programme memberships", c.PEOPLE_REQUIRED),
    )
    outcome = Outcome(rows=len(table))
    users = {u.email: u for u in User.objects.filter(roles__local_office__in=offices.values())}
    programmes = {
        (p.local_office_id, p.programme_number): p
        for p in Programme.objects.filter(local_office__in=offices.values())
        .exclude(programme_number="")
        .prefetch_related("tpds")
    }
    seen = {}
    for number, cells in table.numbered_rows():
        parsed = _parse(number, cells, offices, programmes, may_grant_admin, outcome.errors)
        if parsed is None:
            continue
        email, name, kind, office, directed = parsed
        if (email, kind, office.pk) in seen:
            outcome.errors.append(
                RowError(
                    number,
                    c.EMAIL,
                    f"the same person and role as row {seen[email, kind, office.pk]}",
                )
            )
            continue
        seen[email, kind, office.pk] = number
        try:
            with transaction.atomic():
                _write(outcome, number, users, email, name, kind, office, directed, dry_run)
        except DatabaseError as error:
            outcome.errors.append(RowError(number, "Row", f"could not be saved ({error})"))
    return outcome


def _parse(number, cells, offices, programmes, may_grant_admin, errors):
    before = len(errors)
    values = {}
    for column, parse in (
        (c.EMAIL, c.email),
        (c.NAME, c.text),
        (c.ROLE, c.text),
        (c.OFFICE, c.text),
    ):
        try:
            values[column] = parse(
                cells.get(column), **({} if column == c.EMAIL else {"required": True})
            )
        except c.CellError as error:
            errors.append(RowError(number, column, str(error)))
    kind = ROLES.get(values.get(c.ROLE, "").casefold())
    if c.ROLE in values and kind is None:
        errors.append(
            RowError(
                number, c.ROLE, "must be TPD, Educational supervisor, Deanery reviewer or Admin"
            )
        )
    if kind == Role.Kind.ADMIN and not may_grant_admin:
        errors.append(RowError(number, c.ROLE, "only an admin can give the Admin role"))
    office = offices.get(values.get(c.OFFICE, ""))
    if c.OFFICE in values and office is None:
        errors.append(
            RowError(
                number,
                c.OFFICE,
                f"{values[c.OFFICE]} is not {' or '.join(offices)}, the office this file is "
                "imported for",
            )
        )
    directed = []
    try:
        numbers = c.text(cells.get(c.PROGRAMME_NUMBERS), required=False, max_length=2000)
    except c.CellError as error:
        errors.append(RowError(number, c.PROGRAMME_NUMBERS, str(error)))
        numbers = ""
    wanted = [n.strip() for n in numbers.split(";") if n.strip()]
    if wanted and kind != Role.Kind.TPD:
        errors.append(RowError(number, c.PROGRAMME_NUMBERS, "only a TPD directs programmes"))
    for programme_number in wanted if office is not None else []:
        programme = programmes.get((office.pk, programme_number))
        if programme is None:
            errors.append(
                RowError(
                    number,
                    c.PROGRAMME_NUMBERS,
                    f"{programme_number} is not a programme of {office.code}; "
                    "import the trainees' file first",
                )
            )
        directed.append(programme)
    if len(errors) > before:
        return None
    return values[c.EMAIL], values[c.NAME], kind, office, directed


def _write(outcome, number, users, email, name, kind, office, directed, dry_run):
    first, _, last = name.rpartition(" ")
    first, last = (first, last) if first else (last, "")
    created, changes = [], []
    user = users.get(email) or User.objects.filter(email=email).first()
    if user is None:
        created.append(f"{name} ({email})")
        user = User(email=email, first_name=first, last_name=last)
        if not dry_run:
            user = User.objects.create_user(email, first_name=first, last_name=last)
            outcome.new_user_ids.append(str(user.pk))
        users[email] = user
    elif (user.first_name, user.last_name) != (first, last):
        changes.append({"field": "Name", "old": user.get_full_name(), "new": name})
        if not dry_run:
            User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    has_role = (
        not user._state.adding
        and Role.objects.filter(user=user, kind=kind, local_office=office).exists()
    )
    if not has_role:
        role = f"{Role(kind=kind).get_kind_display()} in {office.code}"
        if created:
            created.append(f"role {role}")
        else:
            # The roles kept, then the one added: a role is added, never swapped.
            current = [
                f"{r.get_kind_display()} in {getattr(r.local_office, 'code', 'any office')}"
                for r in Role.objects.filter(user=user).select_related("local_office")
            ]
            changes.append(
                {
                    "field": "Roles",
                    "old": "; ".join(current) or "(none)",
                    "new": "; ".join([*current, role]),
                }
            )
        if not dry_run:
            Role.objects.get_or_create(user=user, kind=kind, local_office=office)
    for programme in directed:
        if not any(t.pk == user.pk for t in programme.tpds.all()):
            directs = f"{programme.name} ({programme.programme_number})"
            if created:  # one row, one entry: a new person's programmes are part of creating them
                created.append(f"directs {directs}")
            else:
                changes.append({"field": "Directs", "old": "(not directed)", "new": directs})
            if not dry_run:
                programme.tpds.add(user)
    if created:
        outcome.created.append({"row": number, "what": "; ".join(created)})
    if changes:
        outcome.changed.append({"row": number, "what": f"{name} ({email})", "changes": changes})
    if not created and not changes:
        outcome.unchanged += 1
