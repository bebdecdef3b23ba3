"""Hostile report files are refused in bounded memory, naming the file and the limit, and write nothing."""
import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfWriter

from meetings.models import Report
from meetings.reports.services import report_attach
from tests.factories import AgendaItemFactory

from .files import docx_bytes, pptx_bytes, upload, zip_bomb

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PEAK_BUDGET = 32 * MB


def refused_within_budget(item, name, content):
    tracemalloc.start()
    try:
        report_attach(item=item, file=upload(name, content))
    except ValidationError as error:
        refused = error
    else:
        refused = None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused is not None, f"{name} was accepted"
    assert peak < PEAK_BUDGET, f"reading {name} allocated {peak / MB:.0f} MB"
    assert not Report.objects.exists()
    return refused.messages[0]


@pytest.mark.parametrize(("name", "template", "member"), [
    ("bomb.docx", lambda: docx_bytes(["Hello"]), "word/media/zeros.bin"),
    ("bomb.pptx", lambda: pptx_bytes([("Hello", "world")]), "ppt/media/zeros.bin"),
])
def test_zip_bombs_are_refused_before_inflating(name, template, member):
    """A 300 MB part deflated to a few hundred KB: refused on the declared size, before python-docx/pptx."""
    bomb = zip_bomb(template(), member, 300 * MB)
    assert len(bomb) < 2 * MB
    message = refused_within_budget(AgendaItemFactory(), name, bomb)
    assert message.startswith(f"{name}: ") and "over the limit of 100 MB" in message
    if name.endswith(".pptx"):
        assert "Word" not in message and "presentation" in message


def test_a_pdf_over_the_page_cap_is_refused_before_any_page_is_read(settings):
    settings.MINUTES_PDF_MAX_PAGES = 50
    writer = PdfWriter()
    for _ in range(51):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    message = refused_within_budget(AgendaItemFactory(), "long.pdf", out.getvalue())
    assert message == "long.pdf: the PDF is 51 pages, over the limit of 50 pages"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.MINUTES_MAX_UPLOAD_BYTES = 1000
    message = refused_within_budget(AgendaItemFactory(), "big.pdf", b"%PDF-1.4" + bytes(2000))
    assert message == "big.pdf: the file is 2 KB, over the limit of 1000 bytes"


def test_a_presentation_with_too_many_slides_is_refused(settings):
    settings.MINUTES_PDF_MAX_PAGES = 3
    content = pptx_bytes([(f"Slide {n}", "text") for n in range(4)])
    message = refused_within_budget(AgendaItemFactory(), "many.pptx", content)
    assert message == "many.pptx: the presentation is 4 slides, over the limit of 3 slides"


def test_a_zip_listing_too_many_parts_is_refused_before_zipfile_reads_its_directory(settings):
    """Told apart from a .docx only by its members, a ZIP's directory is bounded before it is listed."""
    import zipfile

    settings.MINUTES_DOCX_MAX_MEMBERS = 50
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(51):
            archive.writestr(f"ppt/slides/s{n}.xml", "")
    message = refused_within_budget(AgendaItemFactory(), "parts.pptx", out.getvalue())
    assert message == "parts.pptx: the number of parts in the file is 51 parts, over the limit of 50 parts"
