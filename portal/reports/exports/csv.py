"""Streaming CSV: rows go out in blocks of at least 64 KiB (fewer writes), so the response
never holds more than one block, and the per-yield overhead stays small."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

BLOCK_BYTES = 64 * 1024
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def csv_stream(batches: Iterable[list[Sequence]]) -> Iterator[bytes]:
    """CSV bytes for rows that arrive in batches (each a list of rows, already escaped)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for batch in batches:
        writer.writerows(batch)
        if buffer.tell() >= BLOCK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()
