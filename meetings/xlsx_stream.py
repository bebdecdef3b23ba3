"""A one-sheet XLSX file written as it is sent: `stream_xlsx(rows, ...)` yields the zip's bytes while it reads rows.

openpyxl and XlsxWriter both finish the whole workbook in a temporary file before a byte can be sent
(at 10,000 meetings the attendance file took 18 s to its first byte). An XLSX is a zip of a few XML
parts, and Python's zipfile writes to a sink that cannot seek by putting each member's sizes and CRC
in a data descriptor after its data, so the sheet can be deflated and yielded row by row. The only
Python library found that streams XLSX (xlsx-streaming) is GPL-3.0 and fills a template, with no
per-cell style for the notice row; the writer below is the few parts a spreadsheet needs.

Strings are inline (`t="inlineStr"`), not shared, so nothing grows with the rows: memory is one batch
of rows and zlib's window, whatever the length of the file. Pure Python: no Django import.
"""
import datetime as dt
import decimal
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Rows are turned into XML and deflated in batches of at least this many characters...
BATCH_CHARS = 64 * 1024
# ...and the zip's bytes leave once at least this many are waiting (deflate emits in blocks anyway).
FLUSH_BYTES = 32 * 1024
# Every member carries this time, so the same rows make the same file (zip's earliest date).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# zlib's default, as openpyxl used. Level 1 made 100,000 resolution rows in 1.4 s rather than 1.7 s
# here, for a file 15-30 % larger; reading those rows from the database takes several times as long.
COMPRESS_LEVEL = 6

# Styles, by their index in styles.xml's cellXfs: dates, and the bold red notice.
DATE_STYLE, NOTICE_STYLE = 1, 2
NOTICE_COLOUR = "00B10E1E"  # as openpyxl wrote Font(color="B10E1E")
NOTICE_ATTRIBUTE = f' s="{NOTICE_STYLE}"'
DATE_FORMAT = "yyyy-mm-dd"
# Excel's day 0 (1900-01-00, counting its fictitious 1900-02-29): serial numbers count from here.
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Sheet names: at most 31 characters, none of these (Excel refuses the file otherwise).
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
# XML 1.0 may not hold C0 control characters (openpyxl's ILLEGAL_CHARACTERS_RE, which removed them
# before) nor lone surrogates or U+FFFE/U+FFFF, which UTF-8 cannot encode or XML forbids.
NOT_XML = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\ud800-\udfff\ufffe\uffff]")

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_PATH = "xl/worksheets/sheet1.xml"

CONTENT_TYPES = XML_DECLARATION + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/{SHEET_PATH}" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = XML_DECLARATION + (
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = XML_DECLARATION + (
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = XML_DECLARATION + (
    f'<styleSheet xmlns="{MAIN_NS}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    f'<font><b/><sz val="11"/><color rgb="{NOTICE_COLOUR}"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_START = XML_DECLARATION + f'<worksheet xmlns="{MAIN_NS}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"


def _workbook(sheet_title: str) -> str:
    return XML_DECLARATION + (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        f'<sheet name={quoteattr(sheet_title)} sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def column_letter(index: int) -> str:
    """The column's letters, counting from 0: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def excel_serial(value: dt.date) -> float | int:
    """The date (or naive datetime) as Excel's serial number of days: 2019-11-22 -> 43791."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("Excel has no time zones: give a naive datetime")
        delta = value - EXCEL_EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return (value - EXCEL_EPOCH.date()).days


def clean_text(text: str) -> str:
    """`text` without the characters an XML part may not hold (control characters from Word documents)."""
    return NOT_XML.sub("", text)


def _text_cell(ref: str, text: str, style_attribute: str = "") -> str:
    text = clean_text(text)
    if not text:
        return ""
    # Excel drops a string's leading and trailing spaces unless told to keep them.
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}"{style_attribute} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def cell_xml(ref: str, value) -> str:
    """One cell: text inline, numbers and booleans as values, dates as numbers in yyyy-mm-dd; None as nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_cell(ref, value)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | decimal.Decimal) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{excel_serial(value)}</v></c>'
    return _text_cell(ref, str(value))


def row_xml(number: int, values: Sequence, columns: Sequence[str]) -> str:
    """Row `number` (from 1) of `values`; `columns` holds at least as many column letters as values."""
    cells = "".join(cell_xml(f"{column}{number}", value) for column, value in zip(columns, values))
    return f'<row r="{number}">{cells}</row>'


class _Sink:
    """A write-only, unseekable file: zipfile then writes data descriptors, and `take` hands on what it wrote."""

    def __init__(self):
        self._pieces: list[bytes] = []
        self.waiting = 0

    def write(self, data) -> int:
        self._pieces.append(bytes(data))
        self.waiting += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        self.waiting = 0
        return data


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def stream_xlsx(rows: Iterable[Sequence], *, headers: Sequence[str], sheet_title: str,
                notice: str | None = None) -> Iterator[bytes]:
    """Yield an XLSX file of one sheet, piece by piece: `notice` (if any) in bold red, `headers`, then `rows`.

    Args:
        rows: lists of cell values (text, numbers, booleans, dates, None), read lazily: the first
            piece is yielded before the first row is asked for, and at most a batch is held.
        headers: the header row's text; also how many columns a row may have.
        sheet_title: the sheet's name (at most 31 characters, none of \\ / * ? : [ ]).
        notice: a first row of one cell, bold and red.
    Returns:
        An iterator of bytes whose concatenation is the file.
    """
    if not sheet_title or len(sheet_title) > 31 or SHEET_TITLE_FORBIDDEN.search(sheet_title):
        raise ValueError(f"{sheet_title!r} cannot name a sheet")
    columns = [column_letter(index) for index in range(len(headers))]
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
    try:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS),
                           ("xl/workbook.xml", _workbook(sheet_title)), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/styles.xml", STYLES)):
            archive.writestr(_member(name), text)
        yield sink.take()  # the reader's first bytes, before any row is read

        number = 0
        batch = [SHEET_START]
        if notice:
            number += 1
            batch.append(f'<row r="{number}">{_text_cell(f"A{number}", notice, NOTICE_ATTRIBUTE)}</row>')
        number += 1
        batch.append(row_xml(number, headers, columns))
        waiting_chars = 0
        # Named, not a ZipInfo, so it takes the archive's compression level (and zip's earliest date).
        with archive.open(SHEET_PATH, "w") as sheet:
            for values in rows:
                number += 1
                text = row_xml(number, values, columns)
                batch.append(text)
                waiting_chars += len(text)
                if waiting_chars >= BATCH_CHARS:
                    sheet.write("".join(batch).encode())
                    batch.clear()
                    waiting_chars = 0
                    if sink.waiting >= FLUSH_BYTES:
                        yield sink.take()
            batch.append(SHEET_END)
            sheet.write("".join(batch).encode())
        archive.close()
        yield sink.take()
    finally:
        # A reader who went away: release the rows' cursor now rather than when collected.
        close = getattr(rows, "close", None)
        if close is not None:
            close()
