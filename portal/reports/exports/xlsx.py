"""A streamed XLSX writer: the workbook is a zip of SpreadsheetML parts, written as the rows
arrive and handed out in blocks, so memory stays flat however many rows there are.

Python's zipfile writes to a stream it cannot seek by putting each part's sizes after its data
(a data descriptor), which every spreadsheet program reads. Text goes in as inline strings, so
no shared-strings table has to be held until the end. Styles: 0 plain, 1 bold (headings),
2 large bold (titles).
"""

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

BLOCK_BYTES = 64 * 1024
STYLES = {None: 0, "heading": 1, "title": 2}
# Characters XML 1.0 cannot carry at all; dropped rather than breaking the file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    name: str
    rows: list[tuple[str | None, Sequence]] = field(default_factory=list)  # styled rows first
    batches: Iterable[list[Sequence]] = ()  # then plain rows, in batches
    widths: list[int] = field(default_factory=list)
    freeze_first_row: bool = False


class _Sink:
    """A write-only stream that collects what zipfile writes until it is taken."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def _cell(value, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f"<c{s}/>" if style else ""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, int | float):
        return f'<c{s} t="n"><v>{value}</v></c>'
    text = xml_escape(_ILLEGAL_XML.sub("", str(value)))
    return f'<c{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _row(values: Sequence, style: int = 0) -> str:
    return "<row>" + "".join(_cell(v, style) for v in values) + "</row>"


def sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" {n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_BASE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {NS}>'
    '<fonts count="3"><font><sz val="11"/><name val="Arial"/></font>'
    '<font><b/><sz val="11"/><name val="Arial"/></font>'
    '<font><b/><sz val="14"/><name val="Arial"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    "</styleSheet>"
)


def _package_parts(names: list[str]) -> dict[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT_BASE}.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    sheets = "".join(
        f'<sheet name="{xml_escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    n = len(names) + 1
    return {
        "[Content_Types].xml": head
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT_BASE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT_BASE}.styles+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": head + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": head + f"<workbook {NS} {REL_NS}><sheets>{sheets}</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": head + f'<Relationships xmlns="{PKG_REL}">{sheet_rels}'
        f'<Relationship Id="rId{n}" Type="{DOC_REL}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": STYLES_XML,
    }


def _sheet_head(sheet: Sheet) -> str:
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS} {REL_NS}>'
    if sheet.freeze_first_row:
        head += (
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
    if sheet.widths:
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(sheet.widths, start=1)
        )
        head += f"<cols>{cols}</cols>"
    return head + "<sheetData>"


def xlsx_stream(sheets: list[Sheet]) -> Iterator[bytes]:
    """XLSX bytes, yielded in blocks of at least 64 KiB."""
    sink = _Sink()
    taken: set[str] = set()
    names = [sheet_name(sheet.name, taken) for sheet in sheets]
    book = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    for name, text in _package_parts(names).items():
        book.writestr(name, text)
    for index, sheet in enumerate(sheets, start=1):
        with book.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
            part.write(_sheet_head(sheet).encode())
            part.write(
                "".join(_row(values, STYLES[style]) for style, values in sheet.rows).encode()
            )
            for batch in sheet.batches:
                part.write("".join(map(_row, batch)).encode())
                if sink.size >= BLOCK_BYTES:
                    yield sink.take()
            part.write(b"</sheetData></worksheet>")
        if sink.size >= BLOCK_BYTES:
            yield sink.take()
    book.close()
    yield sink.take()
