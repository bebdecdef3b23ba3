"""minutes/attachments.py: the reports the minutes name, per item (pure Python, no database)."""
from pathlib import Path

from meetings.minutes import parse_minutes
from meetings.minutes.attachments import ExpectedAttachment, find_decorations, find_in_minute, with_expected_reports
from meetings.minutes.types import ParsedItem

REAL = Path("/work/shared/minutes/real")
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data" / "minutes"


def test_web_export_decorations_are_found_but_not_the_minutes():
    raw = "Minutes pdf icon PDF 69 KB\n\nRecorded Crime & Disorder Report pdf icon PDF 282 KB\n\nThe report said..."
    assert find_decorations(raw) == [ExpectedAttachment("Recorded Crime & Disorder Report", "report", "282 KB")]


def test_the_minute_names_reports_presentations_and_appendices_but_not_verbal_reports():
    text = ("Members were presented with the Fraud Awareness report. Members received a presentation on hate crime, "
            "which is attached as Appendix 2 Hate crime figures. Members were presented with a verbal update.")
    assert find_in_minute(text) == [
        ExpectedAttachment("Fraud Awareness report", "report"),
        ExpectedAttachment("Presentation on hate crime", "presentation"),
        ExpectedAttachment("Appendix 2 Hate crime figures", "appendix"),
    ]


def test_decorations_go_to_the_item_they_title_and_duplicates_are_dropped():
    items = [ParsedItem(number="1", title="Minutes", text="Approved."),
             ParsedItem(number="2", title="Recorded Crime & Disorder Report",
                        text="Members were presented with the Recorded Crime & Disorder Report.")]
    raw = "Minutes pdf icon PDF 69 KB\nRecorded Crime & Disorder Report pdf icon PDF 282 KB\n"
    first, second = with_expected_reports(items, raw)
    assert first.expected_reports == () and first is items[0]
    assert second.expected_reports == (ExpectedAttachment("Recorded Crime & Disorder Report", "report", "282 KB"),)


def test_a_real_web_export_names_its_report_and_the_json_is_unchanged():
    """The parsed item carries the report; to_dict() (SCHEMA.md, the golden files) does not."""
    parsed = parse_minutes((REAL / "r11-2025-01-22-moderngov.txt").read_text(encoding="utf-8"))
    named = {item.title: item.expected_reports for item in parsed.items if item.expected_reports}
    assert named["Recorded Crime & Disorder Report"][0].size == "282 KB"
    assert all("expected_reports" not in item for item in parsed.to_dict()["items"])


def test_a_sample_names_the_strategy_presented():
    parsed = parse_minutes((SAMPLES / "ssp-2022-03-23.txt").read_text(encoding="utf-8"))
    titles = [e.title for item in parsed.items for e in item.expected_reports]
    assert "Stockton-on-Tees Community Safety Strategy" in titles
