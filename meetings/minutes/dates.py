"""Dates and times as the minutes print them (``4th April, 2017``, ``17/07/2024``, ``1.30 p.m.``)."""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Full names and the abbreviations officers use ("Sept", "Jan."); the key is the first three letters.
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

# "Tuesday, 14th August, 2012", "28 January 2020", "12th of September 2006"
_DAY_MONTH_YEAR = re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "January 28, 2020" (rare, but seen in pasted e-mails)
_MONTH_DAY_YEAR = re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "17/07/2024", "17.07.24": always day first in UK minutes
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")
# "Tuesday 25 September" with no year (next-meeting items of 2012)
_DAY_MONTH = re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])", re.IGNORECASE)

_TIME_12H = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?", re.IGNORECASE
)
_TIME_24H = re.compile(r"\b(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\b(?![./]\d)")
_NOON = re.compile(r"\b(?:noon|midday|12 noon)\b", re.IGNORECASE)


MIN_YEAR = 1800


def _month_number(name: str) -> int:
    return int(name) if name.isdigit() else _MONTHS[name[:3].lower()]


def _make_date(year: str | int, month: str, day: str) -> dt.date | None:
    written = str(year)
    year = int(year)
    if len(written) <= 2:  # two-digit years ("17.07.24") only appear in this century's minutes
        year += 2000
    elif year < MIN_YEAR:  # "1 January 0001" is not 2001: an impossible year is no date at all
        return None
    try:
        return dt.date(year, _month_number(month), int(day))
    except ValueError:  # 31 February and the like: not a date, so not guessed at
        return None


def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first complete date in ``text`` (with the match, to see what surrounds it), or None."""
    found = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for match in pattern.finditer(text):
            date = _make_date(match["year"], match["month"], match["day"])
            if date:
                found.append((match.start(), date, match))
                break
    if not found:
        return None
    _, date, match = min(found, key=lambda hit: hit[0])
    return date, match


def parse_date(text: str) -> dt.date | None:
    """The first complete date in ``text``, or None."""
    hit = find_date(text)
    return hit[0] if hit else None


def parse_date_near(text: str, anchor: dt.date | None) -> dt.date | None:
    """A date that may omit its year (``Tuesday 25 September``): the year is the anchor's, or the
    next one where that would put the date before the anchor. None without a date or an anchor."""
    full = parse_date(text)
    if full:
        return full
    match = _DAY_MONTH.search(text)
    if not match or anchor is None:
        return None
    date = _make_date(anchor.year, match["month"], match["day"])
    if date and date < anchor:
        date = _make_date(anchor.year + 1, match["month"], match["day"])
    return date


def has_yearless_date(text: str) -> bool:
    """Whether ``text`` holds a day and month without a year."""
    return parse_date(text) is None and _DAY_MONTH.search(text) is not None


def parse_time(text: str, *, allow_24h: bool = False) -> dt.time | None:
    """The first time of day in ``text``: ``9.30 a.m.``, ``1.30pm``, ``noon``; ``14:00`` only with
    ``allow_24h`` (a bare ``9.30`` in running text is as likely a figure as a time)."""
    match = _TIME_12H.search(text)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if 1 <= hour <= 12 and minute < 60:
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
            return dt.time(hour, minute)
    if _NOON.search(text):
        return dt.time(12, 0)
    if allow_24h:
        match = _TIME_24H.search(text)
        if match:
            return dt.time(int(match["hour"]), int(match["minute"]))
    return None
