"""What an import found or did, in a shape that can be stored (JSON), shown and downloaded."""

import csv
import io
from dataclasses import asdict, dataclass, field, fields

from trainees.importing.columns import safe_text

# The preview lists this many created and changed records; the counts cover all of them.
SHOWN = 200


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}: {self.column}: {self.message}"


@dataclass
class Outcome:
    rows: int = 0
    created: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    not_in_file: list[dict] = field(default_factory=list)
    new_user_ids: list[str] = field(default_factory=list)

    @property
    def failed_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def summary_lines(self) -> list[str]:
        lines = [
            f"{self.rows} rows read",
            f"{len(self.created)} to create" if self.created else "nothing to create",
            f"{len(self.changed)} to change" if self.changed else "no changes",
            f"{self.unchanged} unchanged",
            f"{len(self.failed_rows)} rows with errors",
        ]
        if self.not_in_file:
            lines.append(f"{len(self.not_in_file)} memberships not in this file")
        return lines

    def as_json(self) -> dict:
        data = asdict(self)
        data["errors"] = [asdict(error) for error in self.errors]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        if not data:
            return cls()
        # A run's result also notes what was done after it (the memberships ended).
        known = {f.name for f in fields(cls)} & set(data) - {"errors"}
        return cls(
            **{name: data[name] for name in known},
            errors=[RowError(**e) for e in data.get("errors", [])],
        )


def error_report_csv(errors: list[RowError]) -> str:
    """The rows that failed, for someone to correct in TIS or the file and upload again."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(["Row", "Column", "Problem"])
    for error in errors:
        writer.writerow([error.row, safe_text(error.column), safe_text(error.message)])
    return stream.getvalue()
