"""Word and PDF versions of the sample minutes, built in the tests (python-docx, reportlab)."""
from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

_MARKDOWN = re.compile(r"\*\*|^#+\s*")


def plain_lines(text: str) -> list[str]:
    """The sample's lines without markdown marks, as a word processor would hold them."""
    return [_MARKDOWN.sub("", line).replace("\u00a0", " ").strip() for line in text.splitlines()]


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks


def _add_paragraph(document, lines: list[str]) -> None:
    """One Word paragraph; lines after the first follow manual line breaks."""
    paragraph = document.add_paragraph()
    for position, line in enumerate(lines):
        run = paragraph.add_run(line)
        if position < len(lines) - 1:
            run.add_break()


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_from_text(text: str) -> bytes:
    """Each blank-line-separated block of the text as one Word paragraph."""
    document = Document()
    for block in _blocks(plain_lines(text)):
        _add_paragraph(document, block)
    return _save(document)


def docx_table_from_text(text: str, head: re.Pattern) -> bytes:
    """The header and attendance as paragraphs, then the items as a two-column table: a row with
    the item's number and title (split by ``head``, which has groups ``number`` and ``title``),
    then one row per paragraph of the minute with the text in the second cell."""
    document = Document()
    blocks = _blocks(plain_lines(text))
    first_item = next(n for n, block in enumerate(blocks) if head.match(block[0]))
    for block in blocks[:first_item]:
        _add_paragraph(document, block)
    table = document.add_table(rows=0, cols=2)
    for block in blocks[first_item:]:
        match = head.match(block[0])
        row = table.add_row().cells
        if match:
            row[0].text, row[1].text = match["number"], match["title"]
        else:
            row[1].text = "\n".join(block)
    return _save(document)


def docx_with_automatic_numbers() -> bytes:
    """Minutes typed in Word with list styles: the numbers exist only as Word numbering."""
    document = Document()
    for line in (
        "Safer Stockton Partnership",
        "A meeting of Safer Stockton Partnership was held on Tuesday, 4th April, 2017.",
        "Present: Cllr Steve Nelson (Chair), Claire Sills (Stockton Council).",
        "SSP 7/17 Domestic Abuse Strategy and Action Plan",
        "Members were presented with the Domestic Violence and Abuse Strategy 2017 – 2022.",
        "AGREED that:-",
    ):
        document.add_paragraph(line)
    document.add_paragraph("The content of the strategy be noted.", style="List Number")
    document.add_paragraph("The strategic direction be endorsed.", style="List Number")
    return _save(document)


_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
_GAP = 8  # points of space before a paragraph that followed a blank line


def _story(text: str) -> list[Paragraph]:
    story, gap = [], False
    for line in plain_lines(text):
        if not line:
            gap = True
            continue
        style = ParagraphStyle("line", parent=_BODY, spaceBefore=_GAP if gap else 0)
        story.append(Paragraph(escape(line), style))
        gap = False
    return story


def pdf_from_text(text: str, running_title: str) -> bytes:
    """A real PDF of the text, as the council publishes it: ``AGENDA ITEM 3`` stamped on the first
    page, a running header ``<running_title>   Page n of m`` and a page number at the foot of every
    page. Built twice, the first time to count the pages."""
    pages = _build_pdf(text, running_title, total=None)[1]
    return _build_pdf(text, running_title, total=pages)[0]


def _build_pdf(text: str, running_title: str, total: int | None) -> tuple[bytes, int]:
    out = io.BytesIO()
    count = 0

    def decorate(canvas, document):
        nonlocal count
        count = document.page
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, f"{running_title}   Page {document.page} of {total or 0}")
        if document.page == 1:
            canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 17 * mm, "AGENDA ITEM 3")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, str(document.page))
        canvas.restoreState()

    template = SimpleDocTemplate(out, pagesize=A4, topMargin=22 * mm, bottomMargin=20 * mm)
    template.build(_story(text), onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue(), count
