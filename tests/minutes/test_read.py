"""``read_document``: encodings, line ends, file types judged by content, and refusals."""
import io
import zipfile

import pytest
from pypdf import PdfWriter

from meetings.minutes import MAX_DOCUMENT_BYTES, DocumentLimits, MinutesParseError, parse_minutes, read_document
from tests.minutes.documents import docx_from_text, pdf_from_text
from tests.minutes.samples import SAMPLES, SAMPLES_TODAY, sample_text

HEADER = "Safer Stockton Partnership\n\nA meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


def test_utf8_with_byte_order_mark():
    assert read_document("\ufeff".encode() + HEADER.encode(), "m.txt") == HEADER


def test_windows_1252():
    """Word on Windows saves "Save as text" in Windows-1252: curly quotes, en dashes, pounds."""
    text = "Errol Parks (SBC \u2013 Community Services) reported \u2018live\u2019 figures of \u00a325,000."
    assert read_document(text.encode("cp1252"), "m.txt") == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends(newline):
    assert read_document(HEADER.replace("\n", newline).encode(), "m.txt") == HEADER


def test_non_breaking_spaces_become_spaces():
    assert read_document("SSP\u00a0\u00a0 46/21".encode(), "m.md") == "SSP   46/21"


def test_path_and_binary_file_object(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_bytes(HEADER.encode())
    assert read_document(path) == HEADER
    with path.open("rb") as stream:
        assert read_document(stream, "minutes.txt") == HEADER


def test_text_file_object_is_refused(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(HEADER)
    with path.open() as stream, pytest.raises(MinutesParseError, match="binary mode"):
        read_document(stream, "minutes.txt")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t "], ids=["empty", "blank"])
def test_empty_file(data):
    with pytest.raises(MinutesParseError, match="empty"):
        read_document(data, "m.txt")


def test_binary_garbage():
    garbage = bytes(range(256)) * 40
    with pytest.raises(MinutesParseError, match="not text"):
        read_document(garbage, "m.txt")


def test_image_renamed_pdf():
    with pytest.raises(MinutesParseError, match="PNG image"):
        read_document(PNG, "minutes.pdf")


def test_unknown_extension():
    with pytest.raises(MinutesParseError, match=r"unsupported file type '\.rtf'"):
        read_document(HEADER.encode(), "minutes.rtf")


def test_old_word_document():
    with pytest.raises(MinutesParseError, match=r"\.doc"):
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "minutes.doc")


def test_content_must_match_extension():
    """A PDF named .docx (or the reverse) is refused rather than guessed at."""
    pdf = pdf_from_text(HEADER, "Safer Stockton Partnership")
    with pytest.raises(MinutesParseError, match="named .docx but its content is a PDF"):
        read_document(pdf, "minutes.docx")
    with pytest.raises(MinutesParseError, match="named .pdf but its content is a Word document"):
        read_document(docx_from_text(HEADER), "minutes.pdf")


def test_type_by_content_when_the_name_has_no_extension():
    assert "28 January 2020" in read_document(docx_from_text(HEADER), "minutes")


def test_zip_that_is_not_word():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("minutes.txt", HEADER)
    with pytest.raises(MinutesParseError, match="ZIP archive"):
        read_document(archive.getvalue(), "minutes.docx")


def test_damaged_word_document():
    data = docx_from_text(HEADER)
    damaged = data[:30] + bytes(len(data) - 30)
    with pytest.raises(MinutesParseError):
        read_document(damaged, "minutes.docx")


def test_damaged_pdf():
    data = pdf_from_text(sample_text("ssp-2020-01-28.txt"), "Safer Stockton Partnership")
    with pytest.raises(MinutesParseError, match="PDF"):
        read_document(data[: len(data) // 3], "minutes.pdf")


def test_encrypted_pdf():
    writer = PdfWriter(clone_from=io.BytesIO(pdf_from_text(HEADER, "Safer Stockton Partnership")))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(MinutesParseError, match="encrypted"):
        read_document(out.getvalue(), "minutes.pdf")


def test_pdf_without_text():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(MinutesParseError, match="no text layer"):
        read_document(out.getvalue(), "scan.pdf")


def test_size_limit():
    """The limit is an argument (the archive's settings); over it, a file is refused before it is read through."""
    with pytest.raises(MinutesParseError, match="over the limit of 100 bytes"):
        read_document(HEADER.encode() * 10, "m.txt", limits=DocumentLimits(max_bytes=100))
    assert MAX_DOCUMENT_BYTES == 20 * 1024 * 1024


def test_five_megabyte_text_parses():
    """A 5 MB export (the 2012 sample over and over) parses; the warnings stay readable. How fast
    is measured by benchmarks/bench_parser.py, not asserted here."""
    one = sample_text("ssp-2012-08-14.txt")
    text = one * (5 * 1024 * 1024 // len(one) + 1)
    parsed = parse_minutes(read_document(text.encode(), "big.txt"), today=SAMPLES_TODAY)
    assert len(parsed.items) > 5000
    assert len(parsed.warnings) < 200
    assert any("more warnings like the ones about item numbers" in warning for warning in parsed.warnings)


def test_sample_files_read_as_they_are():
    for path in SAMPLES.glob("*.txt"):
        assert read_document(path) == path.read_text(encoding="utf-8").replace("\u00a0", " ")
