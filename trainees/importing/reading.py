"""Reading an uploaded file into rows, whatever its name says.

The type comes from the bytes: an XLSX file is a zip archive that openpyxl can open; anything
else must be UTF-8 text (a byte-order mark is allowed) that reads as CSV. tablib holds the
rows. Each row keeps the number a spreadsheet shows beside it (the header is row 1), so an
error message points at the line a person will look for.
"""

import csv
import io
from dataclasses import dataclass

import tablib
from openpyxl import load_workbook
from tablib.formats._xlsx import XLSXFormat

from portal.core.exceptions import ApplicationError

MAX_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class FileRejected(ApplicationError):
    """The whole file is unusable; nothing in it is imported."""


@dataclass(frozen=True)
class Table:
    dataset: tablib.Dataset
    first_row_number: int = 2

    def numbered_rows(self):
        """(spreadsheet row number, {header: cell}) for every row under the header but the
        blank ones: a spreadsheet often ends with a few, and they hold nothing to import."""
        headers = self.dataset.headers
        for offset, values in enumerate(self.dataset):
            if not _blank(values):
                yield offset + self.first_row_number, dict(zip(headers, values, strict=False))

    def __len__(self):
        return sum(1 for values in self.dataset if not _blank(values))


def _blank(values) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in values)


def read_table(
    content: bytes, *, required: tuple[str, ...], other_kind: tuple[str, tuple] | None = None
) -> Table:
    """The file's rows. `other_kind` is (the other choice's label, its required columns): a
    file of that kind uploaded as this one is told which to choose."""
    if not content:
        raise FileRejected("The file is empty. Choose a CSV or XLSX file with a header row.")
    if len(content) > MAX_BYTES:
        raise FileRejected("The file is larger than 20 MB. Split it into smaller files.")
    dataset = _read_xlsx(content) if _looks_like_xlsx(content) else _read_csv(content)
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    if not any(headers):
        raise FileRejected("The file is empty. Choose a CSV or XLSX file with a header row.")
    dataset.headers = headers
    missing = [name for name in required if name not in headers]
    if missing and other_kind and all(name in headers for name in other_kind[1]):
        raise FileRejected(
            f"This file has the columns of the {other_kind[0].lower()} file. Choose "
            f"'{other_kind[0]}' under 'What the file lists' and upload it again."
        )
    if missing:
        raise FileRejected(
            "The header row (row 1) is missing "
            + ", ".join(missing)
            + ". Use the column names exactly as in the TIS export."
        )
    table = Table(dataset)
    if len(table) == 0:
        raise FileRejected("The file has a header row but no rows under it.")
    return table


def _looks_like_xlsx(content: bytes) -> bool:
    return content.startswith(ZIP_MAGIC) and XLSXFormat.detect(io.BytesIO(content))


def _read_xlsx(content: bytes) -> tablib.Dataset:
    # Not tablib's own loader: it opens the workbook with data_only=True, which answers a
    # formula cell with the value Excel last worked out for it. Here a formula stays the text
    # that was typed, so it is shown (escaped) rather than silently trusted.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged archive
        raise FileRejected("The file could not be read as an XLSX workbook.") from error
    dataset = tablib.Dataset()
    try:
        XLSXFormat.import_sheet(dataset, workbook.active)
    except tablib.InvalidDimensions as error:
        raise FileRejected("A row has more cells than the header row has columns.") from error
    finally:
        workbook.close()
    _drop_trailing_blank_rows(dataset)
    return dataset


def _read_csv(content: bytes) -> tablib.Dataset:
    if b"\x00" in content[:4096] or content.startswith(ZIP_MAGIC):
        raise FileRejected("The file is not a CSV or XLSX file. Export it from TIS again.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            "The file is not a CSV or XLSX file saved as UTF-8. Save it as 'CSV UTF-8' and "
            "upload it again."
        ) from error
    # The csv module reads the records and tablib holds them; tablib's own CSV loader drops
    # blank lines, which would shift every later row number away from what a spreadsheet shows.
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileRejected("The file is not a readable CSV file.") from error
    if not records:
        raise FileRejected("The file is empty. Choose a CSV or XLSX file with a header row.")
    headers, width = records[0], len(records[0])
    dataset = tablib.Dataset(headers=headers)
    for record in records[1:]:
        dataset.append((record + [""] * width)[:width])
    _drop_trailing_blank_rows(dataset)
    return dataset


def _drop_trailing_blank_rows(dataset: tablib.Dataset) -> None:
    while len(dataset) and all(cell in (None, "") for cell in dataset[-1]):
        del dataset[-1]
