"""The meetings before and after: whose minutes were approved, and when the next one is."""
from __future__ import annotations

import datetime as dt
import re

from .dates import has_yearless_date, parse_date, parse_date_near, parse_time
from .types import NextMeeting

# "Minutes of Previous Meeting - 26th June 2012" (2012 title), "the minutes of the meeting held on
# 14 February 2017", "To approve the minutes of the last meeting held on ..." (web export). The
# minutes of other bodies ("YOS Management Board Minutes of 10th July 2012") do not say "meeting".
# Also "the minutes for the last meeting held on 27th November 2024" (web export agenda line), "The
# minutes of the previous meeting held Wednesday 1st October 2025", "MINUTES OF MEETING HELED ON 27
# AUGUST 2013" and "MINUTES OF MEETING 24 JUNE 2014" (older council system titles). The date must
# follow at once (a weekday may come first), so "the minutes of the meeting ... 13 May" further on
# in a sentence is not read.
_PREVIOUS_MINUTES = re.compile(
    r"\bminutes\s+(?:of|for|from)\s+(?:the\s+)?(?:last\s+|previous\s+|ssp\s+|partnership\s+)?meeting\s*"
    r"(?:(?:held|heled|dated)\s+(?:on\s+)?|of\s+|from\s+|on\s+|[-–:,]\s*)?",
    re.IGNORECASE,
)
_DATE_START = re.compile(r"^(?:[A-Za-z]+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]|^\d{1,2}[/.]\d{1,2}[/.]\d{2}")
_NEXT_MEETING = re.compile(r"\bnext\s+meeting\b", re.IGNORECASE)
_DATE_SEARCH_WINDOW = 60


def previous_minutes_date(texts: list[str], meeting_date: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The date of the meeting whose minutes were approved, and a warning if it looks wrong."""
    for text in texts:
        for match in _PREVIOUS_MINUTES.finditer(text):
            following = text[match.end(): match.end() + _DATE_SEARCH_WINDOW]
            if not _DATE_START.match(following):
                continue
            date = parse_date(following)
            if date is None:
                continue
            if meeting_date and date == meeting_date:
                continue  # the meeting's own date, named by mistake: no previous date from it
            if meeting_date and date > meeting_date:
                return date, f"the minutes approved are dated {date.isoformat()}, not before this meeting; please check"
            return date, None
    return None, None


def next_meeting(titled: list[tuple[str, str]], meeting_date: dt.date | None) -> tuple[NextMeeting | None, str | None]:
    """The next meeting from an item titled "Date (and time) of next meeting": the date and time in
    its title, or else in its minute (``8 June 2022.`` in 2022). A date without a year (``Tuesday 25
    September at 1.30 p.m.``, 2012) takes the year of this meeting, or the next year if earlier."""
    for title, text in reversed(titled):
        if not _NEXT_MEETING.search(title):
            continue
        for source in (title, text):
            date = parse_date_near(source, meeting_date)
            if date:
                return NextMeeting(date, parse_time(source)), None
            if has_yearless_date(source):
                return NextMeeting(None, parse_time(source)), (
                    f"the next meeting's date in '{source[:80]}' has no year and the meeting date is unknown"
                )
        return None, f"the item '{title}' gives no date for the next meeting"
    return None, None
