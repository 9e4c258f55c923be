"""Expressions that turn a row-level export's values into finished cells in the database (text,
numbers and dates), so the export's Python loop only copies rows (at 200,000 rows, per-row
Python work is most of the time). The same expressions serve the CSV and XLSX files, on
PostgreSQL and SQLite."""

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Left, Replace, TruncDate
from django.db.models.lookups import Exact, In

from portal.reports.exports.cells import FORMULA_STARTS

TEXT = TextField()
# NUL cannot be stored in PostgreSQL text, and a parameter holding it is refused.
SQL_FORMULA_STARTS = [start for start in FORMULA_STARTS if start != "\0"]


def _expr(value):
    return value if hasattr(value, "resolve_expression") else F(value)


def text(value):
    """Any value as text, blank for none."""
    return Coalesce(Cast(_expr(value), TEXT), Value("", output_field=TEXT), output_field=TEXT)


def formula_safe(value):
    """Text that a spreadsheet will not run: see `cells.escape`, which this mirrors."""
    value = text(value)
    return Case(
        When(In(Left(value, 1), SQL_FORMULA_STARTS), then=Concat(Value("'"), value)),
        default=value,
        output_field=TEXT,
    )


def labelled(value, labels: dict[str, str]):
    """A stored code shown by its label (the code itself if it has none)."""
    value = _expr(value)
    return Case(
        *(When(Exact(value, code), then=Value(label)) for code, label in labels.items()),
        default=Cast(value, TEXT),
        output_field=TEXT,
    )


def yes_no(value):
    return Case(
        When(Exact(_expr(value), True), then=Value("Yes")), default=Value("No"), output_field=TEXT
    )


def date(field: str):
    """A date as a date, blank for none: the CSV prints it as 2025-04-30 and the XLSX file
    stores it as an Excel date, which a text value would not be."""
    return F(field)


def local_date(field: str):
    """A moment as the UK date it fell on (a date, see `date`)."""
    return TruncDate(field)


def json_codes(value, labels: dict[str, str]):
    """A JSON list of codes ('["CARING", "OTHER"]', as both databases print it) as its labels
    joined by "; ". Codes are matched with their quotes, so none can match inside another."""
    result = Cast(_expr(value), TEXT)
    for code, label in labels.items():
        result = Replace(result, Value(f'"{code}"'), Value(label))
    for old, new in (('"', ""), ("[", ""), ("]", ""), (", ", "; ")):
        result = Replace(result, Value(old), Value(new))
    return result
