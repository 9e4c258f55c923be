"""The shapes every report section fills in: figures (this period and a year earlier), tables
of figures that may be charted, breakdowns by office, specialty and grade, and a row-level
export. The page, the charts, the suppression rules and every export format work on these
shapes only, so a new section needs no change anywhere else."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

COUNT, PERCENT, DAYS = "count", "percent", "days"
SUPPRESSED_MARK = "[c]"


@dataclass
class Cell:
    """One figure for one period. `numerator`/`denominator` (percentages) and `n` (medians)
    are kept so suppression can tell whether the figure gives a small count away."""

    value: int | float | None
    kind: str = COUNT
    numerator: int | None = None
    denominator: int | None = None
    n: int | None = None
    suppressed: bool = False

    @classmethod
    def percent(cls, numerator: int, denominator: int) -> "Cell":
        value = round(100 * numerator / denominator, 1) if denominator else None
        return cls(value, PERCENT, numerator=numerator, denominator=denominator)

    @classmethod
    def days(cls, value, n: int) -> "Cell":
        """A median duration (a timedelta or a number of days) over `n` cases."""
        if value is not None and hasattr(value, "total_seconds"):
            value = value.total_seconds() / 86400
        return cls(None if value is None else round(value, 1), DAYS, n=n)

    @property
    def sort_value(self) -> float:
        return -1 if self.value is None or self.suppressed else float(self.value)

    def export_value(self):
        """What a spreadsheet cell holds: a number, blank for no data, or the mark."""
        if self.suppressed:
            return SUPPRESSED_MARK
        return "" if self.value is None else self.value

    def __str__(self):
        if self.suppressed:
            return SUPPRESSED_MARK
        if self.value is None:
            return "–"
        if self.kind == PERCENT:
            return f"{self.value:.1f}%"
        if self.kind == DAYS:
            return f"{self.value:g}"
        return f"{self.value:,}"


@dataclass
class Figure:
    key: str
    label: str
    current: Cell
    previous: Cell

    @property
    def cells(self) -> tuple[Cell, Cell]:
        return self.current, self.previous

    @property
    def change(self) -> str:
        """The difference from a year earlier, for counts and numbers, as a person reads it."""
        a, b = self.current, self.previous
        if a.suppressed or b.suppressed or a.value is None or b.value is None:
            return ""
        diff = a.value - b.value
        if a.kind == PERCENT:
            return f"{diff:+.1f} points" if diff else "No change"
        if a.kind == DAYS:
            return f"{diff:+.1f} days" if diff else "No change"
        return f"{diff:+,}" if diff else "No change"


@dataclass
class FigureTable:
    """Figures shown together. `groups` lists figure keys that add up to the figure named by
    `total` (in this table or `total_from`'s), which secondary suppression needs to know."""

    key: str
    title: str
    figures: list[Figure]
    unit: str = "Number"
    chart: bool = True
    hint: str = ""
    groups: list[tuple[list[str], str | None]] = field(default_factory=list)
    # Chart only these figures (all when None), under this title (the table's when blank).
    chart_keys: list[str] | None = None
    chart_title: str = ""

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    @property
    def chart_figures(self) -> list[Figure]:
        if not self.chart:
            return []
        if self.chart_keys is None:
            return self.figures
        return [f for f in self.figures if f.key in self.chart_keys]


@dataclass
class BreakdownRow:
    label: str
    cells: dict[str, tuple[Cell, Cell]]  # column key → (this period, a year earlier)


@dataclass
class Breakdown:
    """Counts by one dimension. Each column adds up to the section figure `totals[column]`."""

    key: str
    title: str
    dimension: str
    columns: list[tuple[str, str]]
    rows: list[BreakdownRow]
    totals: dict[str, Figure]

    def table_rows(self) -> list[tuple[str, list[Cell]]]:
        """Each row's cells in column order: this period, then a year earlier, per column."""
        return [
            (row.label, [cell for key, _label in self.columns for cell in row.cells[key]])
            for row in self.rows
        ]


@dataclass
class SectionReport:
    key: str
    title: str
    tables: list[FigureTable]
    breakdowns: list[Breakdown] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        for table in self.tables:
            for figure in table.figures:
                if figure.key == key:
                    return figure
        raise KeyError(key)


@dataclass
class Column:
    """One column of a row-level export: its heading, the expression that fills it (already
    turned into text or a number by the database, so Python only copies it), and whether the
    text can come from a person and so needs formula escaping."""

    heading: str
    expression: object
    free_text: bool = False
    convert: Callable | None = None
    # A column holding special-category data names its class (portal.accounts.privacy) and
    # what the file holds instead when the export may not carry it.
    data_class: object = None
    withheld: object = None

    def expression_for(self, carried: frozenset[str]):
        if self.data_class is None or self.data_class.key in carried:
            return self.expression
        return self.withheld


@dataclass
class RowExport:
    key: str
    title: str
    columns: list[Column]
    queryset: Callable[[object], QuerySet]  # filters → the rows, unevaluated


@dataclass
class Section:
    """A registered section. `compute` must run a fixed number of queries, whatever the data.
    `invalidated_by` lists the models whose every write changes its figures: the cached report
    is dropped when one of them is saved or deleted (portal/reports/apps.py)."""

    key: str
    title: str
    is_available: Callable[[], bool]
    compute: Callable[[object], SectionReport]
    row_exports: list[RowExport] = field(default_factory=list)
    invalidated_by: tuple[type, ...] = ()


def count_figure(key, label, counts: dict, name: str | None = None) -> Figure:
    """A count figure from `counts`, an aggregate result keyed `<name>_current`/`_previous`."""
    name = name or key
    return Figure(key, label, Cell(counts[f"{name}_current"]), Cell(counts[f"{name}_previous"]))
