"""The columns of the two files, and turning one cell into a value or a message.

Every parser takes the raw cell (text from a CSV; text, number, date or formula text from an
XLSX) and returns the value or raises `CellError` with a message for the person who made the
file. Messages never repeat a cell's content unescaped (see `safe_text`).
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

GMC = "GMC Number"
FORENAMES = "Forenames"
SURNAME = "Surname"
EMAIL = "Email"
PROGRAMME_NUMBER = "Programme Number"
PROGRAMME_NAME = "Programme Name"
OFFICE = "Local Office Code"
SPECIALTY = "Specialty"
GRADE = "Grade"
START = "Programme Start Date"
END = "Programme End Date"
WTE = "WTE"
NTN = "Training Number"
ES_EMAIL = "Educational Supervisor Email"
ES_NAME = "Educational Supervisor Name"

PEOPLE_COLUMNS = (
    GMC, FORENAMES, SURNAME, EMAIL, PROGRAMME_NUMBER, PROGRAMME_NAME, OFFICE, SPECIALTY, GRADE,
    START, END, WTE, NTN, ES_EMAIL, ES_NAME,
)  # fmt: skip
PEOPLE_REQUIRED = tuple(c for c in PEOPLE_COLUMNS if c not in {NTN, ES_EMAIL, ES_NAME})

NAME = "Name"
ROLE = "Role"
PROGRAMME_NUMBERS = "Programme Numbers"
STAFF_COLUMNS = (EMAIL, NAME, ROLE, OFFICE, PROGRAMME_NUMBERS)
STAFF_REQUIRED = (EMAIL, NAME, ROLE, OFFICE)

# A cell starting with one of these would be run as a formula by a spreadsheet that opens our
# error report, or was one in the uploaded workbook (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_NAMES = {"\t": "a tab", "\r": "a line break"}


class CellError(ValueError):
    pass


def safe_text(value) -> str:
    """A cell as text that no spreadsheet will run: a leading formula character is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text(value, *, required: bool, max_length: int = 200) -> str:
    result = "" if value is None else str(value).strip()
    if result.startswith(FORMULA_STARTS):
        first = FORMULA_NAMES.get(result[0], result[0])
        raise CellError(
            f"starts with {first}, which a spreadsheet runs as a formula; remove the {first} "
            "at the start"
        )
    if required and not result:
        raise CellError("is empty")
    if len(result) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return result


def gmc_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = text(value, required=True)
    if not re.fullmatch(r"\d{7}", result):
        raise CellError("must be 7 digits, like 1234567")
    return result


def email(value, *, required: bool = True) -> str:
    result = text(value, required=required, max_length=254).lower()
    if result:
        try:
            validate_email(result)
        except ValidationError as error:
            raise CellError("is not a valid email address, like name@nhs.net") from error
    return result


def a_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value, required=True)
    for pattern, order in (
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
        (r"(\d{2})/(\d{2})/(\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, raw)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError as error:
                raise CellError(f"{raw} is not a date that exists") from error
    raise CellError("must be a date like 2025-08-06 or 06/08/2025")


def wte(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError("must be between 0.2 and 1.0, or 20 and 100")
    raw = value if isinstance(value, int | float) else text(value, required=True).rstrip("%")
    try:
        number = Decimal(str(raw)).normalize()
    except InvalidOperation as error:
        raise CellError("must be a number between 0.2 and 1.0, or 20 and 100") from error
    if Decimal("20") <= number <= Decimal("100"):
        number = number / 100
    if not Decimal("0.2") <= number <= Decimal("1"):
        raise CellError("must be between 0.2 and 1.0, or 20 and 100")
    if number != number.quantize(Decimal("0.01")):
        raise CellError("can have at most two decimal places, like 0.75")
    return number.quantize(Decimal("0.01"))
