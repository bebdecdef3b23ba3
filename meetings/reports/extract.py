"""A report's text, page by page: PDF (a page each), Word (one page), PowerPoint (a page per slide).

No Django here. The type is judged by the content (a PDF's signature, the parts a ZIP holds), and a
name whose extension says otherwise is refused. Every reader is bounded by the minutes' own
`DocumentLimits`: ZIPs are checked before anything is inflated (zip bombs), pages and slides are
counted before any is read, and the text is capped as it grows.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from meetings.minutes.limits import DEFAULT_LIMITS, DocumentLimits, DocumentTooLarge, check_text_length
from meetings.minutes.read_docx import check_docx_members, check_zip_directory, docx_text
from meetings.minutes.types import MinutesParseError

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
TYPE_NAMES = {"pdf": "a PDF", "docx": "a Word document (.docx)", "pptx": "a PowerPoint presentation (.pptx)"}
ACCEPTED = ", ".join(f".{kind}" for kind in CONTENT_TYPES)


class ReportUnreadable(MinutesParseError):
    """A report that cannot be attached; the message names the file and the reason."""


@dataclass(frozen=True)
class ExtractedReport:
    kind: str  # "pdf", "docx" or "pptx"
    content_type: str
    pages: tuple[str, ...]  # the text of each page (slide), in order; a .docx is one page

    @property
    def page_count(self) -> int:
        return len(self.pages)


def sniff(content: bytes) -> str | None:
    """"pdf", "docx" or "pptx" from the bytes themselves, else None."""
    if content[:1024].lstrip()[:5] == b"%PDF-":
        return "pdf"
    if content[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return None


def extract_report(content: bytes, filename: str, *, limits: DocumentLimits = DEFAULT_LIMITS) -> ExtractedReport:
    """The pages of text of one report file.

    Raises:
        DocumentTooLarge: over one of `limits` (the message names the file, the limit and the size).
        ReportUnreadable: not a PDF/.docx/.pptx by its content, a name whose extension disagrees with
            the content, or damaged.
    """
    name = PurePath(filename).name
    if len(content) > limits.max_bytes:
        raise DocumentTooLarge(filename=name, what="the file", size=len(content), limit=limits.max_bytes)
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in CONTENT_TYPES:
        raise ReportUnreadable(f"{name}: only {ACCEPTED} files can be attached")
    if content[:4] == b"PK\x03\x04":
        # Before zipfile lists the members to tell .docx from .pptx: a directory of a million tiny
        # entries would cost an object each.
        try:
            check_zip_directory(content, limits, name)
        except DocumentTooLarge as error:
            error.args = (str(error).replace("the Word document", "the file"),)
            raise
    kind = sniff(content)
    if kind is None:
        raise ReportUnreadable(f"{name}: the content is not {TYPE_NAMES[extension]} (nor any type accepted: {ACCEPTED})")
    if kind != extension:
        raise ReportUnreadable(f"{name}: the name says .{extension} but the content is {TYPE_NAMES[kind]}")
    try:
        pages = READERS[kind](content, limits, name)
    except MinutesParseError as error:
        if isinstance(error, (DocumentTooLarge, ReportUnreadable)):
            raise
        raise ReportUnreadable(f"{name}: {error}") from error
    return ExtractedReport(kind=kind, content_type=CONTENT_TYPES[kind], pages=tuple(pages))


def _capped(pages: list[str], limits: DocumentLimits, filename: str) -> list[str]:
    check_text_length("\f".join(pages), limits, filename)
    return pages


def pdf_pages(content: bytes, limits: DocumentLimits, filename: str) -> list[str]:
    """Each page's text (pypdf), the number of pages checked before any is read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportUnreadable(f"{filename}: the PDF is encrypted with a password; attach an unprotected copy")
        count = len(reader.pages)
        if count > limits.pdf_max_pages:
            raise DocumentTooLarge(filename=filename, what="the PDF", size=count, limit=limits.pdf_max_pages, unit="pages")
        pages, length = [], 0
        for page in reader.pages:
            text = " ".join((page.extract_text() or "").split())
            pages.append(text)
            length += len(text)
            if length > limits.max_text_chars:
                _capped(pages, limits, filename)
    except MinutesParseError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as error:
        raise ReportUnreadable(f"{filename}: the PDF is damaged and cannot be read ({type(error).__name__})") from error
    return _capped(pages, limits, filename)


def docx_pages(content: bytes, limits: DocumentLimits, filename: str) -> list[str]:
    """A Word document has no pages of its own: its whole text is page 1 (the minutes' bounded reader)."""
    return [docx_text(io.BytesIO(content), limits=limits, filename=filename)]


def _check_pptx_members(content: bytes, limits: DocumentLimits, filename: str) -> None:
    # The .docx checks apply as they are to any Office ZIP; only their wording names Word.
    try:
        check_docx_members(content, limits, filename)
    except MinutesParseError as error:
        error.args = (str(error).replace("Word document", "presentation"),)
        if isinstance(error, DocumentTooLarge):
            raise
        raise ReportUnreadable(f"{filename}: {error}") from error


def pptx_pages(content: bytes, limits: DocumentLimits, filename: str) -> list[str]:
    """One page per slide: the text of its shapes (tables and groups included) and its notes."""
    _check_pptx_members(content, limits, filename)
    from pptx import Presentation

    try:
        presentation = Presentation(io.BytesIO(content))
        slides = list(presentation.slides)
    except Exception as error:  # python-pptx raises many kinds for a damaged file
        raise ReportUnreadable(f"{filename}: the presentation is damaged and cannot be read ({type(error).__name__})") from error
    if len(slides) > limits.pdf_max_pages:
        raise DocumentTooLarge(filename=filename, what="the presentation", size=len(slides),
                               limit=limits.pdf_max_pages, unit="slides")
    pages, length = [], 0
    for slide in slides:
        texts = list(_shape_texts(slide.shapes))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            texts.append(slide.notes_slide.notes_text_frame.text)
        text = "\n".join(t.strip() for t in texts if t and t.strip())
        pages.append(text)
        length += len(text)
        if length > limits.max_text_chars:
            _capped(pages, limits, filename)
    return _capped(pages, limits, filename)


def _shape_texts(shapes):
    for shape in shapes:
        if shape.shape_type is not None and getattr(shape, "shapes", None) is not None:  # a group
            yield from _shape_texts(shape.shapes)
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield " | ".join(cell.text for cell in row.cells)


READERS = {"pdf": pdf_pages, "docx": docx_pages, "pptx": pptx_pages}
