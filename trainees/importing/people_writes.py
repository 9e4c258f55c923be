"""Working out, and then writing, what a checked TIS export changes.

One pass serves both the dry run and the import: for each row it compares the file with the
records and either only describes the difference (`dry_run`) or also writes it. Each row is
written in its own savepoint, so a row that fails part-way leaves no half-written trainee or
membership while the rows before it stay.
"""

from collections.abc import Callable
from datetime import date

from django.db import DatabaseError, transaction

from portal.accounts.models import Role, User
from trainees.importing.outcome import Outcome, RowError
from trainees.importing.people import PeopleRow, Plan, check_people
from trainees.models import LocalOffice, Programme, ProgrammeMembership, Trainee

# Rows per transaction: a few hundred keeps each commit short without paying for 5,000.
BATCH = 200


def import_people(
    content: bytes,
    *,
    offices: dict[str, LocalOffice],
    home: LocalOffice,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    plan = check_people(content, offices=offices, home=home)
    outcome = plan.outcome
    seen = set()
    # Progress counts the file's rows: those with errors were finished when they were checked.
    checked_already = outcome.rows - len(plan.rows)
    for start in range(0, len(plan.rows), BATCH):
        with transaction.atomic():
            for row in plan.rows[start : start + BATCH]:
                seen.add(row.membership_key)
                _one_row(plan, row, dry_run=dry_run)
        if progress is not None:
            progress(checked_already + min(start + BATCH, len(plan.rows)), outcome.rows)
    outcome.errors.sort(key=lambda error: error.row)
    outcome.not_in_file = [
        {"id": str(m.pk), "what": f"{m.trainee.user.get_full_name()} ({key[0]}) in "
         f"{m.programme.name} ({key[2]}) from {key[3]:%d/%m/%Y}"}
        for key, m in plan.memberships.items()
        if key not in seen and key[0] not in plan.gmcs_of_failed_rows and key[1] == home.pk
        and m.end_date is None and not m._state.adding
    ]  # fmt: skip
    return outcome


def _one_row(plan: Plan, row: PeopleRow, *, dry_run: bool) -> None:
    outcome = plan.outcome
    changes: list[dict] = []
    created: list[str] = []
    try:
        with transaction.atomic():
            trainee = _trainee(plan, row, changes, created, dry_run)
            supervisor = _supervisor(plan, row, created, dry_run)
            programme = _programme(plan, row, created, dry_run)
            _membership(plan, row, trainee, programme, supervisor, changes, created, dry_run)
    except DatabaseError as error:
        outcome.errors.append(RowError(row.row, "Row", f"could not be saved ({error})"))
        return
    if created:
        outcome.created.append({"row": row.row, "what": "; ".join(created)})
    if changes:
        outcome.changed.append({"row": row.row, "what": row.describe(), "changes": changes})
    if not created and not changes:
        outcome.unchanged += 1


def _change(changes, label, old, new):
    if old != new:
        changes.append({"field": label, "old": _shown(old), "new": _shown(new)})
    return old != new


def _shown(value) -> str:
    if value is None:
        return "(none)"
    if value == "":
        return "(blank)"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _trainee(plan, row, changes, created, dry_run) -> Trainee | None:
    trainee = plan.trainees.get(row.gmc)
    if trainee is None:
        created.append(f"trainee {row.forenames} {row.surname} ({row.gmc})")
        if dry_run:
            trainee = Trainee(gmc_number=row.gmc, user=User(email=row.email))
        else:
            user = User.objects.create_user(  # no password: they choose one from an invitation
                row.email, first_name=row.forenames, last_name=row.surname
            )
            Role.objects.get_or_create(user=user, kind=Role.Kind.TRAINEE, local_office=row.office)
            trainee = Trainee.objects.create(user=user, gmc_number=row.gmc)
            plan.outcome.new_user_ids.append(str(user.pk))
        plan.trainees[row.gmc] = trainee
        plan.users_by_email[row.email] = trainee.user
        return trainee
    user = trainee.user
    if _change(changes, "Email", user.email, row.email):
        user.email = row.email
        if not dry_run:
            user.save(update_fields=["email"])
    return trainee


def _supervisor(plan, row, created, dry_run) -> User | None:
    if not row.es_email:
        return None
    user = plan.users_by_email.get(row.es_email)
    if user is None:
        created.append(f"educational supervisor {row.es_email}")
        first, _, last = (row.es_name or row.es_email.split("@")[0]).rpartition(" ")
        user = User(email=row.es_email, first_name=first or last, last_name=last if first else "")
        if not dry_run:
            user = User.objects.create_user(
                user.email, first_name=user.first_name, last_name=user.last_name
            )
            Role.objects.create(user=user, kind=Role.Kind.SUPERVISOR, local_office=row.office)
            plan.outcome.new_user_ids.append(str(user.pk))
        plan.users_by_email[row.es_email] = user
        plan.supervisors_checked.add(row.es_email)
    elif not dry_run and row.es_email not in plan.supervisors_checked:
        Role.objects.get_or_create(user=user, kind=Role.Kind.SUPERVISOR, local_office=row.office)
        plan.supervisors_checked.add(row.es_email)
    return user


def _programme(plan, row, created, dry_run) -> Programme:
    key = (row.office.pk, row.programme_number)
    programme = plan.programmes.get(key)
    if programme is None:
        created.append(f"programme {row.programme_name} ({row.programme_number})")
        programme = Programme(
            name=row.programme_name, programme_number=row.programme_number,
            specialty=row.specialty, local_office=row.office,
        )  # fmt: skip
        if not dry_run:
            # A programme typed in by hand before imports existed has no number yet: adopt it.
            existing = Programme.objects.filter(
                local_office=row.office, name=row.programme_name, programme_number=""
            ).first()
            if existing is not None:
                existing.programme_number = row.programme_number
                existing.save(update_fields=["programme_number"])
                programme = existing
            else:
                programme.save()
        plan.programmes[key] = programme
    return programme


def _membership(plan, row, trainee, programme, supervisor, changes, created, dry_run):
    membership = plan.memberships.get(row.membership_key)
    if membership is None:
        created.append(f"membership of {row.programme_name} from {row.start:%d/%m/%Y}")
        membership = ProgrammeMembership(
            trainee=trainee, programme=programme, grade=row.grade, start_date=row.start,
            cct_date=row.end, wte=row.wte, ntn=row.ntn, educational_supervisor=supervisor,
        )  # fmt: skip
        if not dry_run:
            membership.save()
        plan.memberships[row.membership_key] = membership
        return
    fields = []
    for label, attr, new in (
        ("Grade", "grade", row.grade),
        ("Programme End Date", "cct_date", row.end),
        ("WTE", "wte", row.wte),
        ("Training Number", "ntn", row.ntn),
        # A membership the file lists is current: one ended by mistake opens again.
        ("End date", "end_date", None),
    ):
        if _change(changes, label, getattr(membership, attr), new):
            setattr(membership, attr, new)
            fields.append(attr)
    old_es = membership.educational_supervisor
    if _change(
        changes, "Educational Supervisor Email", old_es and old_es.email, row.es_email or None
    ):
        membership.educational_supervisor = supervisor
        fields.append("educational_supervisor")
    if fields and not dry_run:
        membership.save(update_fields=[*fields, "updated_at"])


def end_memberships(*, office: LocalOffice, ids: list[str], on: date) -> int:
    """End, on `on`, the office's open memberships a full export no longer lists."""
    return ProgrammeMembership.objects.filter(
        pk__in=ids, programme__local_office=office, end_date__isnull=True, start_date__lte=on
    ).update(end_date=on)
