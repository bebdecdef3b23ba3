"""PDF to text through pypdf, using where each line sits on the page to drop running lines."""
# Running headers, footers and page numbers are left out, and a blank line marks each paragraph the
# layout separates only by space: the parser then reads a PDF as it reads a text export.
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO

from .clean import is_running_line
from .limits import DEFAULT_LIMITS, DocumentLimits, DocumentTooLarge, check_text_length
from .paragraphs import ends_sentence, is_lone_number
from .types import MinutesParseError

# Share of the page height at the top and at the bottom where running headers and footers live.
MARGIN_BAND = 0.1
# A gap between lines this much wider than the usual line spacing separates two paragraphs.
PARAGRAPH_GAP = 1.4
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    page: int
    y: float
    text: str


def _page_lines(page, number: int) -> list[_Line]:
    """The page's lines, top to bottom as pypdf reads them, each with the height it sits at."""
    lines: list[_Line] = []
    pending = {"text": "", "y": None}

    def visit(text, cm, tm, font, size):
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for position, part in enumerate(text.split("\n")):
            if position:
                _finish(lines, number, pending)
            if part.strip() and pending["y"] is None:
                pending["y"] = y
            pending["text"] += part

    page.extract_text(visitor_text=visit)
    _finish(lines, number, pending)
    return lines


def _finish(lines: list[_Line], number: int, pending: dict) -> None:
    """Close the line being built; a piece on the same baseline as the line before is put beside it
    (a number and its title in two columns become ``7  Title``)."""
    text, y = pending["text"].strip(), pending["y"]
    pending["text"], pending["y"] = "", None
    if not text or y is None:
        return
    if lines and lines[-1].page == number and abs(lines[-1].y - y) < 1:
        lines[-1].text += "  " + text
    else:
        lines.append(_Line(number, y, text))


def _in_margin(line: _Line, page_box: tuple[float, float]) -> bool:
    bottom, top = page_box
    band = (top - bottom) * MARGIN_BAND
    return line.y > top - band or line.y < bottom + band


def _running_lines(lines: list[_Line], page_boxes: dict[int, tuple[float, float]]) -> set[int]:
    """Indices of running headers, footers and page numbers: lines in the top or bottom band of
    the page that are page numbers or recur, digits aside, on more than one page."""
    in_band = [index for index, line in enumerate(lines) if _in_margin(line, page_boxes[line.page])]
    shapes = Counter(_DIGITS.sub("#", lines[index].text) for index in in_band)
    return {
        index for index in in_band
        if is_lone_number(lines[index].text)
        or is_running_line(lines[index].text)
        or shapes[_DIGITS.sub("#", lines[index].text)] > 1
    }


def _line_spacing(lines: list[_Line]) -> float:
    """The distance between two lines of one paragraph: the smallest gap that recurs on the pages.
    (Not the commonest: where most paragraphs are one line long, the paragraph gap is commonest.)
    Gaps under half the median are sub- and superscripts, not lines."""
    gaps = Counter(
        round(previous.y - line.y, 1)
        for previous, line in zip(lines, lines[1:])
        if previous.page == line.page and previous.y > line.y
    )
    if not gaps:
        return 0.0
    median = sorted(gaps.elements())[sum(gaps.values()) // 2]
    recurring = [gap for gap, count in gaps.items() if count > 1 and gap >= median / 2]
    return min(recurring) if recurring else median


def _layout_text(lines: list[_Line]) -> str:
    spacing = _line_spacing(lines)
    out: list[str] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None:
            if previous.page != line.page:
                # A page break: a new paragraph only if the last page ended a sentence.
                new_paragraph = ends_sentence(previous.text)
            else:
                new_paragraph = spacing > 0 and previous.y - line.y > spacing * PARAGRAPH_GAP
            if new_paragraph:
                out.append("")
        out.append(line.text)
    return "\n".join(out)


def pdf_text(stream: BinaryIO, *, limits: DocumentLimits = DEFAULT_LIMITS, filename: str | None = None) -> str:
    """The text of a PDF. Raises MinutesParseError for damaged, encrypted or text-less files, and
    DocumentTooLarge for more than ``limits.pdf_max_pages`` pages (counted before any is read) or
    more than ``limits.max_text_chars`` of text (checked page by page)."""
    from pypdf import PdfReader  # imported here: only PDFs need pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise MinutesParseError("the PDF is encrypted with a password; save an unprotected copy")
        pages = len(reader.pages)
        if pages > limits.pdf_max_pages:
            raise DocumentTooLarge(
                filename=filename, what="the PDF", size=pages, limit=limits.pdf_max_pages, unit="pages"
            )
        lines: list[_Line] = []
        page_boxes = {}
        length = 0
        for number, page in enumerate(reader.pages):
            page_boxes[number] = (float(page.mediabox.bottom), float(page.mediabox.top))
            page_lines = _page_lines(page, number)
            lines.extend(page_lines)
            length += sum(len(line.text) + 1 for line in page_lines)
            if length > limits.max_text_chars:
                check_text_length("\n".join(line.text for line in lines), limits, filename)
    except MinutesParseError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as error:
        raise MinutesParseError(f"the PDF is damaged and cannot be read ({type(error).__name__})") from error
    if not lines:
        raise MinutesParseError("the PDF has no text layer (a scanned image?); it needs OCR first")
    running = _running_lines(lines, page_boxes)
    return check_text_length(
        _layout_text([line for index, line in enumerate(lines) if index not in running]), limits, filename
    )
