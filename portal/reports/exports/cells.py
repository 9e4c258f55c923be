"""Making a value safe to open in a spreadsheet (ASVS 1.2.10, docs/rules.md §13).

A cell that starts with = + - @ (or a tab, carriage return or NUL, which some programs skip
before reading a formula) could run as a formula when the file is opened. Such text gets a
leading apostrophe, which spreadsheets show as plain text. Numbers are left alone: they never
carry a formula, and a negative number must stay a number.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def escape(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_row(row) -> list:
    return [escape(value) for value in row]
