"""Word (.docx) to text: paragraphs and tables in document order, list numbers written out."""
from __future__ import annotations

import io
import struct
import zipfile
from typing import BinaryIO

from .limits import DEFAULT_LIMITS, DocumentLimits, DocumentTooLarge, check_text_length
from .types import MinutesParseError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The ZIP "end of central directory" record: its signature, and how far from the end it may sit
# (22 bytes plus a comment of up to 64 KB).
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SEARCH = 22 + 65535
# Largest size of one central directory entry a real .docx has (46 bytes plus a short part name);
# used to bound the directory before zipfile parses it into one object per entry.
_DIRECTORY_ENTRY_BYTES = 1024
_CHUNK = 64 * 1024


def check_zip_directory(data: bytes, limits: DocumentLimits = DEFAULT_LIMITS, filename: str | None = None) -> None:
    """Refuse a ZIP whose central directory lists more members than ``limits`` allow, read from its
    last record before zipfile builds an object for every entry (a directory of a million tiny
    entries fits in a 20 MB file)."""
    at = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_SEARCH))
    if at < 0 or len(data) < at + 22:
        return  # not a readable ZIP: zipfile says so, with its own reason
    entries, directory_size = struct.unpack("<HI", data[at + 10:at + 16])  # total entries, directory size
    if entries > limits.docx_max_members:
        raise DocumentTooLarge(
            filename=filename, what="the number of parts in the Word document", size=entries,
            limit=limits.docx_max_members, unit="parts",
        )
    if directory_size > limits.docx_max_members * _DIRECTORY_ENTRY_BYTES:
        raise DocumentTooLarge(
            filename=filename, what="the Word document's list of parts", size=directory_size,
            limit=limits.docx_max_members * _DIRECTORY_ENTRY_BYTES,
        )


def check_docx_members(data: bytes, limits: DocumentLimits = DEFAULT_LIMITS, filename: str | None = None) -> None:
    """Refuse a .docx that would inflate past ``limits``, before python-docx inflates anything.

    First what the ZIP declares (number of members, each member's and the total uncompressed size,
    the compression ratio), then what it actually inflates to, read 64 KB at a time and stopped at
    the cap, so a member that lies about its size costs at most the cap in time and 64 KB in memory.
    """
    check_zip_directory(data, limits, filename)
    cap = limits.docx_max_uncompressed_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > limits.docx_max_members:
                raise DocumentTooLarge(
                    filename=filename, what="the number of parts in the Word document", size=len(members),
                    limit=limits.docx_max_members, unit="parts",
                )
            declared = sum(member.file_size for member in members)
            if declared > cap:
                raise DocumentTooLarge(
                    filename=filename, what="the Word document, uncompressed,", size=declared, limit=cap
                )
            for member in members:
                if member.file_size > limits.docx_ratio_floor:
                    ratio = member.file_size // max(member.compress_size, 1)
                    if ratio > limits.docx_max_ratio:
                        raise DocumentTooLarge(
                            filename=filename, what=f"the compression ratio of its part {member.filename}",
                            size=ratio, limit=limits.docx_max_ratio, unit="ratio",
                        )
            inflated = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > cap:
                            raise DocumentTooLarge(
                                filename=filename, what="the Word document, uncompressed,",
                                size=f"more than {inflated:,} bytes", limit=cap,
                            )
    except DocumentTooLarge:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
        # A member whose data does not match its header (a lying size fails its CRC check) lands here.
        raise MinutesParseError(f"the Word document is damaged and cannot be read ({type(error).__name__})") from error


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a ZIP holding a Word document (rather than any other ZIP)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


_FORMATS = {
    "decimal": str,
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class _ListNumbers:
    """Word keeps list numbers ("1.", "(a)") out of the text; this writes them back, so that
    ``AGREED that:-`` followed by an automatic list still reads as a numbered list."""

    def __init__(self, document) -> None:
        self._levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for level in node.iter(f"{_W}lvl"):
                levels[level.get(f"{_W}ilvl")] = (
                    _value(level, "numFmt", "decimal"),
                    _value(level, "lvlText", "%1."),
                    int(_value(level, "start", "1")),
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for node in numbering.iter(f"{_W}num"):
            levels = abstract.get(_value(node, "abstractNumId", ""), {})
            for ilvl, spec in levels.items():
                self._levels[(node.get(f"{_W}numId"), ilvl)] = spec

    def marker(self, paragraph) -> str:
        """The list marker for a paragraph ("1. ", "(a) ", "• "), or "" if it is not in a list."""
        num_pr = _numbering_of(paragraph)
        if num_pr is None:
            return ""
        num_id, ilvl = _value(num_pr, "numId", ""), _value(num_pr, "ilvl", "0")
        spec = self._levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        number_format, text, start = spec
        counters = self._counters.setdefault(num_id, {})
        depth = int(ilvl)
        counters[depth] = counters.get(depth, start - 1) + 1
        for deeper in [level for level in counters if level > depth]:
            del counters[deeper]
        if number_format not in _FORMATS:  # bullets and pictures
            return "• "
        for level, count in counters.items():
            level_format = self._levels.get((num_id, str(level)), spec)[0]
            text = text.replace(f"%{level + 1}", _FORMATS.get(level_format, str)(count))
        return f"{text} "


def _numbering_of(paragraph):
    """The paragraph's ``w:numPr``: its own, or that of its style ("List Number") or the styles
    that style is based on."""
    num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
    style = paragraph.style
    while num_pr is None and style is not None:
        num_pr = style.element.find(f"{_W}pPr/{_W}numPr")
        style = style.base_style
    return num_pr


def _value(node, child: str, default: str) -> str:
    found = node.find(f"{_W}{child}")
    return default if found is None else found.get(f"{_W}val", default)


def _cell_text(cell) -> str:
    return " <br> ".join(paragraph.text.strip() for paragraph in cell.paragraphs if paragraph.text.strip())


def _table_lines(table) -> list[str]:
    """A table as ``| cell | cell |`` rows, the form the parser reads Word tables in; a cell merged
    across columns is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell).replace("|", "/"))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def docx_text(stream: BinaryIO, *, limits: DocumentLimits = DEFAULT_LIMITS, filename: str | None = None) -> str:
    """Each paragraph as a paragraph (a blank line after it); line breaks inside one kept.

    The ZIP is checked against ``limits`` (``check_docx_members``) before python-docx opens it,
    and the text against ``limits.max_text_chars`` as it grows.
    """
    from docx import Document  # imported here: only .docx files need python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_docx_members(stream.read(), limits, filename)
    stream.seek(0)
    try:
        document = Document(stream)
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise MinutesParseError(f"the Word document is damaged and cannot be read ({type(error).__name__})") from error
    numbers = _ListNumbers(document)
    blocks = []
    length = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            if paragraph.text.strip():
                blocks.append(numbers.marker(paragraph) + paragraph.text)
        elif child.tag == f"{_W}tbl":
            blocks.append("\n".join(_table_lines(Table(child, document))))
        else:
            continue
        length += len(blocks[-1]) + 2
        if length > limits.max_text_chars:
            check_text_length("\n\n".join(blocks), limits, filename)
    return check_text_length("\n\n".join(blocks), limits, filename)
