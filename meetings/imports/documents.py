"""Reading a minutes document: type and size limits, the one call to the parser's readers, the parse."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from meetings.minutes import DocumentLimits, DocumentTooLarge, MinutesParseError, ParsedMinutes
from meetings.models import Meeting

from .messages import (
    FILE_EMPTY,
    FILE_TOO_LARGE,
    FILE_TYPE_NOT_ALLOWED,
    FILE_UNREADABLE,
    MINUTES_UNPARSEABLE,
    NOTHING_TO_REPARSE,
)

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


def minutes_document_limits(*, max_bytes: int | None = None) -> DocumentLimits:
    """The limits for reading one minutes document, from settings (`MINUTES_*`, see settings.py),
    whose defaults are the parser's own `DocumentLimits`: one set, used by every entry point.

    Args:
        max_bytes: a file size limit other than MINUTES_MAX_UPLOAD_BYTES (a stored document being
            re-parsed is already in the archive, whatever its size).
    """
    limits = DocumentLimits(
        max_bytes=settings.MINUTES_MAX_UPLOAD_BYTES,
        docx_max_members=settings.MINUTES_DOCX_MAX_MEMBERS,
        docx_max_uncompressed_bytes=settings.MINUTES_DOCX_MAX_UNCOMPRESSED_BYTES,
        docx_max_ratio=settings.MINUTES_DOCX_MAX_RATIO,
        pdf_max_pages=settings.MINUTES_PDF_MAX_PAGES,
        max_text_chars=settings.MINUTES_MAX_TEXT_CHARS,
    )
    return limits if max_bytes is None else replace(limits, max_bytes=max_bytes)


@dataclass(frozen=True)
class MinutesDocument:
    """A document ready to import: the file as uploaded, its checksum, its text and the parse."""

    filename: str
    content: bytes = field(repr=False)
    checksum: str
    text: str = field(repr=False)
    parsed: ParsedMinutes = field(repr=False)


def checksum_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def human_size(size: int) -> str:
    """20971520 -> "20 MB", 1536 -> "1.5 KB", 10 -> "10 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def minutes_document_check(*, filename: str, size: int, max_bytes: int | None = None) -> None:
    """Raise ValidationError unless `filename` has an accepted extension and `size` bytes are within the limit.

    Called with the upload's size before its bytes are read. Whether the content is what the
    extension says (a PDF called .txt, an image, binary data) is judged by the parser's
    `read_document`, whose reason becomes FILE_UNREADABLE.
    """
    if PurePath(filename).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED.format(filename=filename), code="type")
    if not size:
        raise ValidationError(FILE_EMPTY.format(filename=filename), code="empty")
    limit = settings.MINUTES_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise ValidationError(
            FILE_TOO_LARGE.format(filename=filename, size=human_size(size), limit=human_size(limit)), code="size"
        )


def _parse(text: str, item_prefix: str) -> ParsedMinutes:
    """The parser, told the body's item prefix ("SSP"); a body without one uses the parser's default."""
    from meetings.minutes import parse_minutes

    if item_prefix:
        return parse_minutes(text, prefix=item_prefix)
    return parse_minutes(text)


def minutes_document_read(
    *, filename: str, content: bytes, max_bytes: int | None = None, item_prefix: str = ""
) -> MinutesDocument:
    """Check, read and parse one uploaded document. Writes nothing.

    Args:
        filename: the name as uploaded (only its last part is kept).
        content: the file's bytes.
        max_bytes: the size limit; settings.MINUTES_MAX_UPLOAD_BYTES when None.
        item_prefix: the body's short name ("SSP"), which starts its item numbers.
    Returns:
        The MinutesDocument.
    Raises:
        ValidationError: naming the file and the reason (type, size, content, unreadable, unparseable).
    """
    from meetings.minutes import read_document

    filename = PurePath(filename).name
    minutes_document_check(filename=filename, size=len(content), max_bytes=max_bytes)
    try:
        text = read_document(content, filename, limits=minutes_document_limits(max_bytes=max_bytes))
    except DocumentTooLarge as error:
        # Its message already names the file, the limit and the size.
        raise ValidationError(str(error), code="limit") from error
    except MinutesParseError as error:
        raise ValidationError(FILE_UNREADABLE.format(filename=filename, reason=error), code="unreadable") from error
    except Exception as error:  # a corrupt .docx or .pdf can fail deep in its library
        logger.exception("reading %s", filename)
        raise ValidationError(
            FILE_UNREADABLE.format(filename=filename, reason=f"{type(error).__name__}: {error}"), code="unreadable"
        ) from error
    try:
        parsed = _parse(text, item_prefix)
    except MinutesParseError as error:
        raise ValidationError(MINUTES_UNPARSEABLE.format(filename=filename, reason=error), code="unparseable") from error
    return MinutesDocument(filename=filename, content=content, checksum=checksum_of(content), text=text, parsed=parsed)


def minutes_document_stored(*, meeting: Meeting) -> MinutesDocument:
    """The document a meeting was imported from, read again (for "Re-parse from stored document")."""
    if not meeting.source_document:
        raise ValidationError(NOTHING_TO_REPARSE.format(meeting=meeting), code="no_document")
    try:
        with meeting.source_document.open("rb") as stored:
            content = stored.read()
    except OSError as error:
        raise ValidationError(NOTHING_TO_REPARSE.format(meeting=meeting), code="no_document") from error
    filename = meeting.source_filename or PurePath(meeting.source_document.name).name
    return minutes_document_read(
        filename=filename, content=content, max_bytes=max(len(content), 1), item_prefix=meeting.body.short_name
    )
