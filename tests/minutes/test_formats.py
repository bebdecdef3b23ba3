"""Word and PDF copies of the samples, built here, parse as the text exports do."""
import re

import pytest

from meetings.minutes import parse_minutes, read_document
from tests.minutes.documents import (
    docx_from_text,
    docx_table_from_text,
    docx_with_automatic_numbers,
    pdf_from_text,
)
from tests.minutes.samples import GOLD, SAMPLE_NAMES, SAMPLES_TODAY, parsed_sample, sample_text


def _essence(minutes):
    """What must survive a change of file format: items, their flags and decisions, attendance."""
    return {
        "date": minutes.date,
        "items": [
            (item.number, item.title, item.restricted, [resolution.text for resolution in item.resolutions])
            for item in minutes.items
        ],
        "attendance": [
            (person.name, person.role, person.organisation, person.capacity) for person in minutes.attendance
        ],
        "previous": minutes.previous_minutes_date,
        "next": minutes.next_meeting,
    }


def _parse(data: bytes, filename: str):
    return parse_minutes(read_document(data, filename), today=SAMPLES_TODAY)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_word_document_parses_like_the_text(name):
    """One Word paragraph per paragraph of the export, lines kept by manual line breaks."""
    parsed = _parse(docx_from_text(sample_text(name)), name.replace(".txt", ".docx"))
    assert _essence(parsed) == _essence(parsed_sample(name))


def test_word_table_layout_parses_like_the_text():
    """The items of the 2024 minutes as a Word table: number and title in one row, the minute in
    the second cell of the rows below."""
    name = "ssp-2024-03-28.txt"
    head = re.compile(r"^(?P<number>SSP/\d+/\d+) (?P<title>.+)$")
    parsed = _parse(docx_table_from_text(sample_text(name), head), "ssp-2024-03-28.docx")
    assert _essence(parsed) == _essence(parsed_sample(name))


def test_word_automatic_numbering_is_written_out():
    """Numbers Word keeps as list formatting still split ``AGREED that:-`` into resolutions."""
    parsed = _parse(docx_with_automatic_numbers(), "numbered.docx")
    assert [resolution.text for resolution in parsed.items[0].resolutions] == [
        "The content of the strategy be noted.",
        "The strategic direction be endorsed.",
    ]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_pdf_parses_like_the_text(name):
    """A real PDF: lines wrapped by the page, paragraphs told apart by space only, a running
    header and a page number on every page."""
    running_title = f"Safer Stockton Partnership – {GOLD[name]['date']}"
    parsed = _parse(pdf_from_text(sample_text(name), running_title), name.replace(".txt", ".pdf"))
    assert _essence(parsed) == _essence(parsed_sample(name))


def test_pdf_leaves_out_running_headers_and_page_numbers():
    name = "ssp-2012-08-14.txt"
    data = pdf_from_text(sample_text(name), "Safer Stockton Partnership – 14 August 2012")
    text = read_document(data, "minutes.pdf")
    assert "Page 1 of" not in text and "AGENDA ITEM" not in text
    parsed = parse_minutes(text, today=SAMPLES_TODAY)
    assert not any(re.search(r"\n\d+\n", f"\n{item.text}\n") for item in parsed.items)
    assert parsed.items[14].title.startswith("Putting Victims First") and parsed.items[14].title.endswith("ASB Powers")
