"""Word (.docx) to text: paragraphs and tables in document order, list numbers written out."""
from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from .types import MinutesParseError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def docx_text(stream: BinaryIO) -> str:
    """Each paragraph as a paragraph (a blank line after it); line breaks inside one kept."""
    from docx import Document  # imported here: only .docx files need python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(stream)
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise MinutesParseError(f"the Word document is damaged and cannot be read ({type(error).__name__})") from error
    numbers = _ListNumbers(document)
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            if paragraph.text.strip():
                blocks.append(numbers.marker(paragraph) + paragraph.text)
        elif child.tag == f"{_W}tbl":
            blocks.append("\n".join(_table_lines(Table(child, document))))
    return "\n\n".join(blocks)
