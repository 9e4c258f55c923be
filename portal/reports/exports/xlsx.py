"""XLSX files through XlsxWriter in constant-memory mode: each row goes to a temporary file on
disk as soon as it is written, so memory stays flat however many rows there are. The workbook
is assembled into another temporary file when the last row is in, then handed out in blocks.

Every cell is written at its own column, so a blank stays a blank instead of pulling the values
after it one column left. Dates become Excel dates, numbers stay numbers, and text is always
written as text: no string is ever read as a formula or a link.
"""

import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

import xlsxwriter

BLOCK_BYTES = 64 * 1024
DATE_FORMAT = "yyyy-mm-dd"  # the CSV files show dates the same way
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    name: str
    rows: list[tuple[str | None, Sequence]] = field(default_factory=list)  # styled rows first
    batches: Iterable[list[Sequence]] = ()  # then plain rows, in batches
    widths: list[int] = field(default_factory=list)
    freeze_first_row: bool = False


def sheet_name(name: str, taken: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = _SHEET_NAME_BAD.sub(" ", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" {n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _write_sheet(book, sheet: Sheet, name: str, styles: dict) -> None:
    worksheet = book.add_worksheet(name)
    # Constant-memory mode writes rows as they come, so the layout has to be set first.
    for column, width in enumerate(sheet.widths):
        worksheet.set_column(column, column, width)
    if sheet.freeze_first_row:
        worksheet.freeze_panes(1, 0)
    row_number = 0
    for style, values in sheet.rows:
        worksheet.write_row(row_number, 0, values, styles[style])
        row_number += 1
    write_row = worksheet.write_row
    for batch in sheet.batches:
        for values in batch:
            write_row(row_number, 0, values)
            row_number += 1


def xlsx_stream(sheets: list[Sheet]) -> Iterator[bytes]:
    """XLSX bytes in blocks of 64 KiB. Nothing is read until the first block is asked for."""
    taken: set[str] = set()
    names = [sheet_name(sheet.name, taken) for sheet in sheets]
    with tempfile.TemporaryFile() as handle:
        book = xlsxwriter.Workbook(handle, WORKBOOK_OPTIONS)
        styles = {
            None: None,
            "heading": book.add_format({"bold": True}),
            "title": book.add_format({"bold": True, "font_size": 14}),
        }
        try:
            for sheet, name in zip(sheets, names, strict=True):
                _write_sheet(book, sheet, name, styles)
        except BaseException:
            # Closing is what removes the temporary row files; the half-written book is
            # thrown away with `handle`, and the first error is the one worth reporting.
            with suppress(Exception):
                book.close()
            raise
        book.close()
        handle.seek(0)
        while block := handle.read(BLOCK_BYTES):
            yield block
