"""What a report covers: the period, the offices the reader may see, and the chosen filters,
turned into query conditions that every section applies the same way."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from portal.accounts.models import Role
from portal.accounts.scopes import office_ids
from portal.reports.periods import Period
from trainees.models import Grade, LocalOffice, Programme, ProgrammeMembership, Specialty


def office_scope(user) -> tuple[int, ...] | None:
    """The local offices `user` may report on: None for all of them (an admin without an
    office), otherwise the offices of their admin and deanery roles (possibly none)."""
    admin = office_ids(user, Role.Kind.ADMIN)
    if None in admin:
        return None
    deanery = office_ids(user, Role.Kind.DEANERY)
    return tuple(sorted({*admin, *deanery}))


@dataclass(frozen=True)
class ReportFilters:
    period: Period
    scope: tuple[int, ...] | None
    office: LocalOffice | None = None
    specialty: Specialty | None = None
    grade: Grade | None = None
    programme: Programme | None = None
    # How the offices in scope read when no single office is chosen ("All local offices", or a
    # deanery reviewer's own office).
    scope_label: str = "All local offices"

    @property
    def previous(self) -> Period:
        return self.period.year_earlier()

    @property
    def periods(self) -> dict[str, Period]:
        """The two periods every figure is worked out for, by the key used in results."""
        return {"current": self.period, "previous": self.previous}

    def _programme_q(self, path: str) -> Q:
        q = Q()
        if self.scope is not None:
            q &= Q(**{f"{path}__local_office__in": self.scope})
        if self.office is not None:
            q &= Q(**{f"{path}__local_office": self.office})
        if self.specialty is not None:
            q &= Q(**{f"{path}__specialty": self.specialty})
        if self.programme is not None:
            q &= Q(**{path: self.programme})
        return q

    def application_q(self, prefix: str = "") -> Q:
        """Conditions on an LTFT or OOPP application reached through `prefix` ("" for the
        application itself, "application__" from its history)."""
        q = self._programme_q(f"{prefix}programme")
        if self.grade is not None:
            # The grade is on the programme membership, one per trainee and programme.
            q &= Q(
                Exists(
                    ProgrammeMembership.objects.filter(
                        trainee=OuterRef(f"{prefix}trainee"),
                        programme=OuterRef(f"{prefix}programme"),
                        grade=self.grade,
                    ).order_by()
                )
            )
        return q

    def membership_q(self, prefix: str = "") -> Q:
        """Conditions on a row reached from a programme membership through `prefix`."""
        q = self._programme_q(f"{prefix}programme")
        if self.grade is not None:
            q &= Q(**{f"{prefix}grade": self.grade})
        return q

    def describe(self) -> dict:
        """The filters as plain values, for the audit log and the export's heading rows."""
        return {
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "quarter": self.period.quarter,
            "scope_offices": None if self.scope is None else list(self.scope),
            "local_office": self.office.code if self.office else None,
            "specialty": self.specialty.name if self.specialty else None,
            "grade": self.grade.code if self.grade else None,
            "programme": self.programme.name if self.programme else None,
        }

    def labels(self) -> list[tuple[str, str]]:
        """(name, value) pairs a person reads: what this report covers."""
        rows = [
            ("Period", self.period.label),
            ("Compared with", self.previous.label),
        ]
        rows.append(("Local office", str(self.office) if self.office else self.scope_label))
        for name, value in (
            ("Specialty", self.specialty),
            ("Grade", self.grade),
            ("Programme", self.programme),
        ):
            rows.append((name, str(value) if value is not None else "All"))
        return rows
