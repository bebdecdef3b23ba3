"""The layout-rule table and the section-heading table: every heading in every placement, the item
prefix as a parameter, no cap on item numbers, implausible dates, and no Django in the parser."""
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from meetings.minutes import parse_minutes
from meetings.minutes.dates import parse_date
from meetings.minutes.layouts import (
    HEADING_INITIALS,
    RULES,
    SECTION_HEADINGS,
    LayoutRule,
    glued_heading,
    register,
    section_kind,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 1)
HEAD = "A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.\n\n"

# Headings as minutes print them, written here rather than taken from the table.
PRINTED = {
    "restricted": ["Private", "PRIVATE", "Part 2 - Not for publication", "Part 2 – Restricted", "Part II",
                   "Exempt items", "Confidential", "Not for publication", "Restricted", "Private Business",
                   "Items taken in private", "Part 2:", "Exempt Information",
                   # Headings whose first words are optional in the table: glued, they once went unseen.
                   "Press and Public Excluded", "In Private", "Held in Private", "Public and Press Excluded"],
    "public": ["Public", "Part 1", "Part I - Public", "Open Session"],
    "neutral": ["Item Description Decision", "No. Item", "Items", "Agenda items"],
}


@pytest.mark.parametrize("kind, printed", [(k, p) for k, ps in PRINTED.items() for p in ps])
@pytest.mark.parametrize("wrapping", ["{}", "**{}**", "| {} |", "| **{}** |", "{} |", "{}:"])
def test_every_heading_in_every_wrapping(kind, printed, wrapping):
    """A heading is one in any layout: its own line, bold, a table row, with a colon."""
    assert section_kind(wrapping.format(printed).replace("**", "")) == kind


@pytest.mark.parametrize("printed", PRINTED["restricted"])
@pytest.mark.parametrize("before", ["AGREED that the information be noted.", "Members noted the update. ",
                                    "COMMUNITY SAFETY PLAN", "the report was noted. |"])
def test_restricted_headings_glued_to_the_line_before(printed, before):
    assert glued_heading(before + printed) == (before.rstrip(), printed)


@pytest.mark.parametrize("line", ["the report was restricted", "This was confidential", "WORK WITH PRIVATE LANDLORDS",
                                  "Members were not for publication of it", "the Private Sector Housing team"])
def test_words_of_restriction_in_running_text_are_not_glued_headings(line):
    assert glued_heading(line) is None


def test_heading_pre_check_is_derived_from_the_table():
    """Every letter a heading of the table starts with is in the pre-check, and no other."""
    starts = {printed[0].lower() for printeds in PRINTED.values() for printed in printeds}
    assert starts <= HEADING_INITIALS
    assert len(SECTION_HEADINGS) == 3 and {group.kind for group in SECTION_HEADINGS} == set(PRINTED)


def test_a_family_is_one_rule():
    """A rule registered before another is tried first; removing it restores the table."""
    found = []

    def finder(lines, patterns):
        found.append(len(lines))
        return []

    rule = LayoutRule("test_family", "nothing", "nothing", finder)
    register(rule, before="labelled")
    try:
        names = [r.family for r in RULES]
        assert names.index("test_family") == names.index("labelled") - 1
        parse_minutes(HEAD + "SSP 1/20 Declarations\n\nNone.\n", today=TODAY)
        assert found
    finally:
        RULES.remove(rule)


def test_item_prefix_comes_from_the_body():
    text = HEAD.replace("Safer Stockton Partnership", "Stockton Youth Board") + (
        "SYB 1/20 Declarations of Interest\n\nNone were declared.\n\nSYB 2/20 Knife Crime\n\nAGREED that it be noted.\n"
    )
    assert [item.number for item in parse_minutes(text, today=TODAY, prefix="SYB").items] == ["SYB 1/20", "SYB 2/20"]
    # With the partnership's prefix the labels are not items: one restricted item, never published.
    other = parse_minutes(text, today=TODAY)
    assert all(item.restricted for item in other.items)


@pytest.mark.parametrize("layout", ["SSP {n}/20 Item {n}\n\nAGREED that item {n} be noted.\n",
                                    "{n}\n\nItem {n}\n\nAGREED that item {n} be noted.\n",
                                    "{n}  Item {n}\n\nAGREED that item {n} be noted.\n"])
def test_ten_thousand_items_parse_whole(layout):
    """Issue 11: no cap at 999 and no merging of items 1000+ into 999."""
    text = HEAD + "".join(layout.format(n=n) for n in range(1, 10_001))
    parsed = parse_minutes(text, today=TODAY)
    assert len(parsed.items) == 10_000
    assert parsed.items[-1].title == "Item 10000"
    assert [len(item.resolutions) for item in parsed.items] == [1] * 10_000
    assert not any(item.restricted for item in parsed.items)


@pytest.mark.parametrize("printed", ["1 January 0001", "Monday, 1st January, 0001", "1/1/0001"])
def test_impossible_years_are_not_guessed(printed):
    """Issue 11: "1 January 0001" is not 2001."""
    assert parse_date(printed) is None


@pytest.mark.parametrize("printed", ["31 December 9999", "1 January 1901", "12 May 1985"])
def test_implausible_meeting_dates_are_left_out_with_a_warning(printed):
    text = f"A meeting of Safer Stockton Partnership was held on {printed}.\n\n1\n\nMinutes\n\nNoted.\n"
    parsed = parse_minutes(text, today=TODAY)
    assert parsed.date is None
    assert any("not plausible" in warning for warning in parsed.warnings)


def test_numbers_out_of_sequence_restrict_every_item():
    text = HEAD + "SSP 1/20 Minutes\n\nNoted.\n\nSSP 3/20 Update\n\nNoted.\n\nSSP 2/20 Other\n\nNoted.\n"
    parsed = parse_minutes(text, today=TODAY)
    assert [item.restricted for item in parsed.items] == [True, True, True]
    assert any("boundaries are uncertain" in warning for warning in parsed.warnings)


def test_unplaced_restriction_language_restricts_from_there_on():
    """Restriction words the parser cannot attribute (here a title the title check does not know)
    make that item and every later one restricted, with a warning naming the line."""
    text = HEAD + ("SSP 1/20 Minutes\n\nNoted.\n\nSSP 2/20 Schedule 12A Paragraph 3 Update\n\nNoted.\n\n"
                   "SSP 3/20 Any Other Business\n\nNone.\n")
    parsed = parse_minutes(text, today=TODAY)
    assert [item.restricted for item in parsed.items] == [False, True, True]
    assert any("could not place" in warning and "(line 7)" in warning for warning in parsed.warnings)


def test_the_parser_imports_no_django():
    code = "import sys, meetings.minutes, meetings.minutes.layouts; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("line, title_like", [
    ("iQuanta Report", True), ("eCINS Update", True), ("iPad Pilot", True),
    ("and the report was noted", False), ("of Part 2 of the meeting", False), ("ipsum Lorem", False),
])
def test_a_title_may_open_with_a_name_written_with_a_small_first_letter(line, title_like):
    from meetings.minutes.layouts import is_title_like

    assert is_title_like(line) is title_like
