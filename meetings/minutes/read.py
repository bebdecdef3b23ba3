"""``read_document``: a file's bytes to text, with its type judged by content as well as by name."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import BinaryIO

from .clean import normalise_characters, normalise_newlines
from .limits import DEFAULT_LIMITS, DocumentLimits, DocumentTooLarge, check_text_length
from .read_docx import check_zip_directory, docx_text, is_docx
from .read_pdf import pdf_text
from .types import MinutesParseError

MAX_DOCUMENT_BYTES = DEFAULT_LIMITS.max_bytes  # the default largest file; real minutes are under 2 MB
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")
# In decoded text, this share of control characters (other than tab and line ends) means binary.
MAX_CONTROL_SHARE = 0.01

# Kinds of file recognised by their first bytes, so they can be named in the error.
_SIGNATURES = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or other Office file; save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _load(source: bytes | str | os.PathLike | BinaryIO, limits: DocumentLimits, filename: str | None) -> bytes:
    """The bytes of ``source``, refusing anything over ``limits.max_bytes`` before reading more than that."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_big(filename, size, limits)
        data = path.read_bytes()
    elif hasattr(source, "read"):
        data = source.read(limits.max_bytes + 1)
        if not isinstance(data, bytes):
            raise MinutesParseError("the file was opened as text; open it in binary mode ('rb')")
        if len(data) > limits.max_bytes:
            # Only the first max_bytes + 1 were read: the size is known to be "more than" that.
            raise _too_big(filename, f"more than {limits.max_bytes:,} bytes", limits)
    else:
        raise MinutesParseError(f"cannot read a document from {type(source).__name__}")
    if len(data) > limits.max_bytes:
        raise _too_big(filename, len(data), limits)
    return data


def _too_big(filename: str | None, size: int | str, limits: DocumentLimits) -> DocumentTooLarge:
    return DocumentTooLarge(filename=filename, what="the file", size=size, limit=limits.max_bytes)


def _kind_by_content(data: bytes, limits: DocumentLimits, filename: str | None) -> str:
    """"pdf", "docx", "text", or a description of what the file is instead."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            if kind == "zip":
                check_zip_directory(data, limits, filename)  # before zipfile lists the members
                return "docx" if is_docx(data) else "a ZIP archive that is not a Word document"
            return kind
    return "text"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Word on Windows saves it; Latin-1
    takes the five bytes Windows-1252 leaves undefined, and the binary check then decides."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise MinutesParseError("the file is not text (it holds binary data)")
    return text


def read_document(
    source: bytes | str | os.PathLike | BinaryIO,
    filename: str | None = None,
    *,
    limits: DocumentLimits = DEFAULT_LIMITS,
) -> str:
    """The text of a set of minutes.

    Args:
        source: the file's bytes, a path, or a file object opened in binary mode.
        filename: the name the file came with (its extension is checked against its content);
            taken from ``source`` when that is a path.
        limits: the most the readers take (file size, .docx members, PDF pages, text length);
            the import service passes the archive's settings.

    Returns:
        The text, with line ends as ``\\n`` and odd spaces made plain. Word tables come out as
        ``| cell | cell |`` lines, PDFs without running headers, footers or page numbers.

    Raises:
        DocumentTooLarge: (a MinutesParseError) the file is over one of ``limits``, found before
            more than the limit is read or inflated.
        MinutesParseError: the file is empty, of an unsupported type, not what its
            extension says, damaged, encrypted, or has no text.
        OSError: ``source`` is a path that cannot be read.
    """
    if filename is None and isinstance(source, (str, os.PathLike)):
        filename = Path(source).name
    suffix = Path(filename or "").suffix.lower()
    data = _load(source, limits, filename)
    if not data.strip():
        raise MinutesParseError("the file is empty")
    kind = _kind_by_content(data, limits, filename)
    if kind not in ("pdf", "docx", "text"):
        raise MinutesParseError(f"the file is {kind}, not minutes")
    if suffix and suffix not in SUFFIXES:
        raise MinutesParseError(f"unsupported file type '{suffix}' (use .txt, .md, .docx or .pdf)")
    expected = "text" if suffix in TEXT_SUFFIXES else suffix.lstrip(".")
    if suffix and kind != expected:
        raise MinutesParseError(f"the file is named {suffix} but its content is {_describe(kind)}")
    if kind == "pdf":
        text = pdf_text(io.BytesIO(data), limits=limits, filename=filename)
    elif kind == "docx":
        text = docx_text(io.BytesIO(data), limits=limits, filename=filename)
    else:
        text = check_text_length(_decode(data), limits, filename)
    text = normalise_characters(normalise_newlines(text))
    if not text.strip():
        raise MinutesParseError("the document has no text")
    return text


def _describe(kind: str) -> str:
    return {"pdf": "a PDF", "docx": "a Word document", "text": "plain text"}[kind]
