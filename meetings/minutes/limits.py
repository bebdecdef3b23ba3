"""How much of a document the readers will take: one set of limits, and the error for going over one."""
from __future__ import annotations

from dataclasses import dataclass

from .types import MinutesParseError

MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentLimits:
    """Caps applied while reading a document, so a hostile file is refused in bounded time and memory.

    The defaults are the archive's (settings.py reads each from the environment with these values
    as defaults); real minutes are under 2 MB, with a few dozen .docx members and under 100 pages.
    """

    # The file itself, as uploaded.
    max_bytes: int = 20 * MB
    # A .docx is a ZIP: checked member by member before anything is inflated.
    docx_max_members: int = 1000
    docx_max_uncompressed_bytes: int = 100 * MB  # all members together, declared and as inflated
    # Inflated size over compressed size, for members over `docx_ratio_floor` bytes: XML deflates
    # about 10:1 and images hardly at all, while a zip bomb of zeros deflates about 1000:1.
    docx_max_ratio: int = 100
    docx_ratio_floor: int = 1 * MB
    # A PDF: pages read, and for every document the text extracted.
    pdf_max_pages: int = 1000
    max_text_chars: int = 10_000_000


DEFAULT_LIMITS = DocumentLimits()


class DocumentTooLarge(MinutesParseError):
    """A document over one of its `DocumentLimits`; the message names the file, the limit and the size."""

    def __init__(self, *, filename: str | None, what: str, size: int | str, limit: int, unit: str = "bytes"):
        self.filename = filename or "the document"
        self.what = what
        self.size = size
        self.limit = limit
        super().__init__(
            f"{self.filename}: {what} is {_amount(size, unit)}, over the limit of {_amount(limit, unit)}"
        )


def _amount(value: int | str, unit: str) -> str:
    """20971520 bytes -> "20 MB"; other units as "1,200 pages"; a string (already worded) as it is."""
    if isinstance(value, str):
        return value
    if unit == "bytes":
        for name, scale in (("MB", MB), ("KB", 1024)):
            if value >= scale:
                return f"{value / scale:.1f}".removesuffix(".0") + f" {name}"
        return f"{value:,} bytes"
    if unit == "ratio":
        return f"{value:,}:1"
    return f"{value:,} {unit}"


def check_text_length(text: str, limits: DocumentLimits, filename: str | None) -> str:
    """``text``, unless it is longer than ``limits.max_text_chars``."""
    if len(text) > limits.max_text_chars:
        raise DocumentTooLarge(
            filename=filename, what="the text", size=len(text), limit=limits.max_text_chars, unit="characters"
        )
    return text
