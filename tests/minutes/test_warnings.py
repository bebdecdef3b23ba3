"""Warnings an officer can act on, and the refusals of ``parse_minutes``."""
import datetime as dt

import pytest

from meetings.minutes import MinutesParseError, parse_minutes
from meetings.minutes.warninglog import MAX_PER_KIND

MINUTES = """Safer Stockton Partnership

A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.

Present: Cllr Steve Nelson (Chair), Marc Anderson (Cleveland Police).

1

Declarations of Interest

There were no interests declared.
"""


def _warnings(text: str, today=dt.date(2026, 1, 1)) -> list[str]:
    return list(parse_minutes(text, today=today).warnings)


def test_clean_minutes_have_no_warnings():
    assert _warnings(MINUTES) == []


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n"], ids=["empty", "blank"])
def test_empty_text_is_refused(text):
    with pytest.raises(MinutesParseError, match="no text"):
        parse_minutes(text)


def test_bytes_are_refused_with_a_pointer_to_read_document():
    with pytest.raises(MinutesParseError, match="expected the text"):
        parse_minutes(MINUTES.encode())


def test_meeting_date_in_the_future():
    """"today" is injectable; by default it is the real date."""
    assert any("is in the future" in warning for warning in _warnings(MINUTES, today=dt.date(2020, 1, 27)))
    assert not any("future" in warning for warning in parse_minutes(MINUTES).warnings)


def test_no_meeting_date():
    text = MINUTES.replace(" was held on Tuesday, 28 January 2020", " was held")
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert parsed.date is None
    assert "no meeting date found; enter it by hand" in parsed.warnings


def test_date_from_a_heading_is_flagged_as_a_guess():
    sentence = "A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020."
    text = MINUTES.replace(sentence, "28 January 2020")
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert parsed.date == dt.date(2020, 1, 28)
    assert any("taken from a date in the heading" in warning and "(line 3)" in warning for warning in parsed.warnings)


def test_unknown_layout_fails_closed():
    """No items found: the text is kept as one untitled item, restricted, with warnings (issue 9 item 3)."""
    parsed = parse_minutes("Some notes\n\nNothing here looks like minutes.", today=dt.date(2026, 1, 1))
    assert [(item.title, item.restricted) for item in parsed.items] == [(None, True)]
    assert "Nothing here looks like minutes." in parsed.items[0].text
    assert "no items found: the layout of these minutes was not recognised" in parsed.warnings


def test_text_that_fits_nowhere_is_reported_with_its_line():
    text = MINUTES.replace("Present:", "The Chair welcomed everyone to the meeting.\n\nPresent:")
    assert "text not placed in any item and left out: 'The Chair welcomed everyone to the meeting.' (line 5)" in (
        _warnings(text)
    )


def test_lone_number_inside_a_minute():
    text = MINUTES + "\nThe figures were discussed\n\n7\n\nand noted by the Partnership.\n"
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert "7" not in parsed.items[0].text.split()
    assert any("a number standing alone ('7')" in warning for warning in parsed.warnings)


def test_restricted_heading_printed_inside_an_item():
    text = MINUTES.replace("There were no interests declared.", "CONFIDENTIAL\n\nThere were no interests declared.")
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert parsed.items[0].restricted
    assert any("is printed inside the item" in warning for warning in parsed.warnings)


def test_resolution_list_that_never_comes():
    text = MINUTES + "\nAGREED that:-\n"
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert [resolution.text for resolution in parsed.items[0].resolutions] == [""]
    assert any("is not followed by the list of what was agreed" in warning for warning in parsed.warnings)


def test_warnings_of_one_kind_are_capped():
    """A huge file with a thousand repeated numbers gives a readable list, not a thousand lines."""
    item = "\n1\n\nDeclarations of Interest\n\nThere were no interests declared.\n"
    parsed = parse_minutes(MINUTES + item * 100, today=dt.date(2026, 1, 1))
    repeats = [warning for warning in parsed.warnings if "appears twice" in warning]
    assert len(repeats) == MAX_PER_KIND
    assert "80 more warnings like the ones about item numbers were left out" in parsed.warnings


def test_a_numbered_item_without_a_title_whose_minute_mentions_a_restriction():
    """The restriction warning names the item by its number alone when it has no title (it used to
    crash on the missing title: found by comparing parses of damaged pages before and after a change)."""
    text = """A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.

SSP 16/25 Update

Members Noted the Update.

SSP/17/25
To approve the minutes for the last meeting held on 9th July 2025
Confidential – MARAC Case Review

Members were taken through the review.
"""
    parsed = parse_minutes(text, today=dt.date(2026, 1, 1))
    assert [(item.number, item.title, item.restricted) for item in parsed.items] == [
        ("SSP 16/25", "Update", False), ("SSP/17/25", None, True)]
    assert any("item SSP/17/25: the minute mentions a restriction" in str(warning) for warning in parsed.warnings)
