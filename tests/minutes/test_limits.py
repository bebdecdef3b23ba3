"""Document limits: zip bombs, oversized parts, long PDFs and long texts refused in bounded time and memory."""
import io
import struct
import tracemalloc
import zipfile

import pytest
from pypdf import PdfWriter

from meetings.minutes import DocumentLimits, DocumentTooLarge, MinutesParseError, read_document
from tests.minutes.documents import docx_from_text
from tests.minutes.samples import sample_text

MB = 1024 * 1024
# Reading a refused document may allocate this much at most: a fraction of any bomb below.
PEAK_BUDGET = 32 * MB


def bomb_docx(inflated_bytes: int, *, member: str = "word/document.xml") -> bytes:
    """A real .docx with ``member`` replaced by ``inflated_bytes`` of zeros, deflated in 1 MB steps
    (the bomb is built without ever holding it whole: about 300 KB for 300 MB)."""
    base = zipfile.ZipFile(io.BytesIO(docx_from_text(sample_text("ssp-2020-01-28.txt"))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            if info.filename == member:
                continue
            archive.writestr(info.filename, base.read(info.filename))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            zero = bytes(MB)
            for _ in range(inflated_bytes // MB):
                stream.write(zero)
    return out.getvalue()


def peak_while(function, *args, **kwargs):
    """The error ``function`` raised and the peak of memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the test asserts on it
        raised = error
    else:
        raised = None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return raised, peak


def test_a_300_mb_zip_bomb_is_refused_before_inflating_in_bounded_memory():
    """1 MB of deflated zeros per 1000 MB: refused on what the ZIP declares, never inflated."""
    bomb = bomb_docx(300 * MB)
    assert len(bomb) < 2 * MB
    error, peak = peak_while(read_document, bomb, "bomb.docx")
    assert isinstance(error, DocumentTooLarge)
    assert "bomb.docx" in str(error) and "over the limit of 100 MB" in str(error) and "is 300.8 MB" in str(error)
    assert peak < PEAK_BUDGET


def test_a_bomb_under_the_total_is_refused_on_its_compression_ratio():
    error, peak = peak_while(read_document, bomb_docx(50 * MB), "ratio.docx")
    assert isinstance(error, DocumentTooLarge)
    assert "compression ratio of its part word/document.xml" in str(error) and "100:1" in str(error)
    assert peak < PEAK_BUDGET


def _lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """``data`` with ``member``'s uncompressed size rewritten to ``size`` in both its local header and
    the central directory: a ZIP that declares little and inflates to much more."""
    name = member.encode()
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = out.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(name)] == name:
                out[at + offset:at + offset + 4] = struct.pack("<I", size)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_part_that_lies_about_its_size_is_stopped_at_its_declared_size():
    """Declared 1 KB, inflates to 200 MB: inflating stops at the declared size (then fails its
    check), in bounded memory; the ratio check never saw it coming."""
    bomb = _lie_about_size(bomb_docx(200 * MB), "word/document.xml", 1024)
    error, peak = peak_while(read_document, bomb, "liar.docx")
    assert isinstance(error, MinutesParseError)
    assert "damaged" in str(error) or "liar.docx" in str(error)
    assert peak < PEAK_BUDGET


def test_actual_inflated_size_is_capped_even_when_each_part_is_honest():
    """Many honest parts, each under the ratio floor, that add up past the cap: refused while inflating."""
    limits = DocumentLimits(docx_max_uncompressed_bytes=4 * MB, docx_ratio_floor=2 * MB)
    data = docx_from_text(sample_text("ssp-2020-01-28.txt"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as base, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            archive.writestr(info.filename, base.read(info.filename))
        for number in range(3):
            archive.writestr(f"word/media/filler{number}.bin", bytes(MB + MB // 2))
    with pytest.raises(DocumentTooLarge, match=r"filler\.docx: the Word document, uncompressed, is .* over the limit of 4 MB"):
        read_document(out.getvalue(), "filler.docx", limits=limits)


def test_too_many_parts_is_refused_from_the_zip_directory():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w/>")
        for number in range(1200):
            archive.writestr(f"p{number}", b"")
    with pytest.raises(DocumentTooLarge, match=r"many\.docx: the number of parts .* is 1,201 parts, over the limit of 1,000 parts"):
        read_document(out.getvalue(), "many.docx")


def test_a_word_document_within_the_limits_still_reads():
    text = read_document(docx_from_text(sample_text("ssp-2020-01-28.txt")), "ok.docx")
    assert "Safer Stockton Partnership" in text


def _blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_over_the_page_limit_is_refused_before_any_page_is_read():
    with pytest.raises(DocumentTooLarge, match=r"long\.pdf: the PDF is 12 pages, over the limit of 10 pages"):
        read_document(_blank_pdf(12), "long.pdf", limits=DocumentLimits(pdf_max_pages=10))


def test_extracted_text_over_the_limit_is_refused():
    text = sample_text("ssp-2020-01-28.txt").encode()
    with pytest.raises(DocumentTooLarge, match=r"m\.txt: the text is [\d,]+ characters, over the limit of 1,000 characters"):
        read_document(text, "m.txt", limits=DocumentLimits(max_text_chars=1000))
    with pytest.raises(DocumentTooLarge, match=r"m\.docx: the text is"):
        read_document(docx_from_text(text.decode()), "m.docx", limits=DocumentLimits(max_text_chars=1000))


def test_a_file_over_the_size_limit_names_the_file_the_limit_and_the_size():
    with pytest.raises(DocumentTooLarge, match=r"big\.txt: the file is 2 KB, over the limit of 1 KB"):
        read_document(b"a" * 2048, "big.txt", limits=DocumentLimits(max_bytes=1024))


def test_the_bomb_declares_what_it_inflates_to():
    """Guard on the helper itself: the bomb really is small and declares its full size."""
    bomb = bomb_docx(8 * MB)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 8 * MB
        assert archive.getinfo("word/document.xml").compress_size < 16 * 1024
