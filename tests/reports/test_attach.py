"""report_attach: extraction per file type, private storage, idempotence, refusals that change nothing."""
import pytest
from django.core.exceptions import ValidationError

from meetings.models import Report, ReportPage
from meetings.reports.services import report_attach, report_delete
from tests.factories import AgendaItemFactory

from .files import docx_bytes, pdf_bytes, pptx_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return AgendaItemFactory(title="Recorded crime and disorder")


def test_pdf_text_is_kept_page_by_page(item, officer, settings):
    """A two-page PDF gives two pages of text, a checksum and its size; the file is in the private folder."""
    content = pdf_bytes(["Burglary fell in Norton.", "Shoplifting rose in Thornaby."])
    report = report_attach(item=item, file=upload("crime.pdf", content), title="Crime figures", kind="report",
                           user=officer)
    assert report.created and report.page_count == 2 and report.size == len(content)
    assert report.content_type == "application/pdf" and len(report.checksum) == 64
    pages = list(report.pages.values_list("number", "text"))
    assert pages[0][0] == 1 and "Burglary fell in Norton" in pages[0][1]
    assert "Shoplifting rose in Thornaby" in pages[1][1]
    assert report.file.path.startswith(str(settings.MINUTES_DOCUMENTS_DIR))
    with pytest.raises(ValueError):
        report.file.url  # noqa: B018  (no public URL, ever)
    assert report.uploaded_by == officer


def test_docx_is_one_page(item):
    report = report_attach(item=item, file=upload("strategy.docx", docx_bytes(["Domestic abuse strategy", "Year two."])))
    assert report.page_count == 1 and report.title == "strategy"
    assert "Domestic abuse strategy" in report.pages.get().text


def test_pptx_is_a_page_per_slide(item):
    content = pptx_bytes([("Hate crime", "Reports rose by a tenth."), ("Next steps", "Third-party reporting centres.")])
    report = report_attach(item=item, file=upload("hate.pptx", content), kind="presentation")
    assert report.page_count == 2 and report.kind == "presentation"
    texts = [page.text for page in report.pages.all()]
    assert "Hate crime" in texts[0] and "Reports rose by a tenth." in texts[0]
    assert "Third-party reporting centres." in texts[1]


def test_the_same_file_twice_is_not_duplicated(item):
    content = pdf_bytes(["Once only."])
    first = report_attach(item=item, file=upload("a.pdf", content))
    again = report_attach(item=item, file=upload("renamed.pdf", content), title="Another title")
    assert not again.created and again.pk == first.pk and again.title == "a"
    assert Report.objects.count() == 1 and ReportPage.objects.count() == 1
    # On another item the same file is another report.
    other = report_attach(item=AgendaItemFactory(meeting=item.meeting), file=upload("a.pdf", content))
    assert other.created and Report.objects.count() == 2


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.txt", b"plain text", "notes.txt: only .pdf, .docx, .pptx files can be attached"),
    ("fake.pdf", b"MZ\x90\x00 an executable", "fake.pdf: the content is not a PDF"),
    ("slides.pdf", None, "slides.pdf: the name says .pdf but the content is a PowerPoint presentation"),
    ("empty.pdf", b"", "empty.pdf: the file is empty"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "broken.pdf:"),
])
def test_bad_files_are_refused_naming_file_and_reason_and_change_nothing(item, name, content, message, settings):
    if content is None:
        content = pptx_bytes([("Slide", "text")])
    with pytest.raises(ValidationError) as refused:
        report_attach(item=item, file=upload(name, content))
    assert message in refused.value.messages[0]
    assert Report.objects.count() == 0 and ReportPage.objects.count() == 0
    folder = settings.MINUTES_DOCUMENTS_DIR
    assert not folder.exists() or not any(path.is_file() for path in folder.rglob("*"))


def test_unknown_kind_is_refused(item):
    with pytest.raises(ValidationError, match="not a kind of report"):
        report_attach(item=item, file=upload("a.pdf", pdf_bytes(["x"])), kind="memo")


def test_delete_removes_pages_and_file(item, django_capture_on_commit_callbacks):
    report = report_attach(item=item, file=upload("a.pdf", pdf_bytes(["x"])))
    path = report.file.path
    with django_capture_on_commit_callbacks(execute=True):
        report_delete(report=report)
    assert not ReportPage.objects.exists()
    import os
    assert not os.path.exists(path)
