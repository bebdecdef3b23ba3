"""Checks over a whole parse that an officer should hear about: numbering, placeholders, dates."""
from __future__ import annotations

import datetime as dt
import re

from .items import ItemSpan
from .layouts import label_digits
from .warninglog import WarningLog

# "xxx", "TBC", "[insert date]", "??": left in by whoever drafted the minutes.
# Written without a leading \b, which would make the search slow; the word boundary before "xxx"
# and "TBC" is checked in check_placeholders instead.
_PLACEHOLDER = re.compile(r"(?:[xX]{3,}|TB[CAD]|tbc)(?!\w)|\[(?:insert|add|enter)\b[^\]\n]{0,40}\]|\?{2,}")
_PLACEHOLDER_HINTS = ("xxx", "XXX", "Xxx", "TB", "tbc", "[", "??")


def check_numbering(items: list[ItemSpan], log: WarningLog) -> bool:
    """Item numbers printed twice, or not one more than the number before (an item missing or
    misnumbered). Returns whether any was found: item boundaries are then uncertain."""
    problem = False
    seen: dict[tuple[str, ...], int] = {}
    previous: tuple[int, str] | None = None
    for item in items:
        if item.number is None:
            continue
        key = label_digits(item.number)
        line = item.line + 1
        if key in seen:
            log.add("item numbers", f"item number '{item.number}' appears twice (lines {seen[key]} and {line})")
            problem = True
        else:
            seen[key] = line
            current = (int(key[0]), "/".join(key[1:]))
            if previous and current[1] == previous[1] and current[0] != previous[0] + 1:
                log.add(
                    "item numbers",
                    f"item numbers out of sequence: '{item.number}' comes after number {previous[0]}; "
                    "an item may be missing or misnumbered",
                    line=line,
                )
                problem = True
            previous = current
    return problem


def check_placeholders(text: str, log: WarningLog) -> None:
    """Placeholder text such as "xxx" or "TBC" left in the minutes (``text`` is the cleaned text)."""
    if not any(hint in text for hint in _PLACEHOLDER_HINTS):
        return  # the common case, found by plain substring searches far faster than the pattern
    line, counted_to = 1, 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() and text[match.start() - 1].isalnum():
            continue  # inside a word ("Exxxon", "ATBC")
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        log.add(
            "placeholders",
            f"placeholder text '{match.group(0)}' left in the minutes; they may be unfinished",
            line=line,
        )


def check_meeting_date(date: dt.date | None, today: dt.date, log: WarningLog) -> None:
    if date is None:
        log.add("meeting date", "no meeting date found; enter it by hand")
    elif date > today:
        log.add("meeting date", f"the meeting date {date.isoformat()} is in the future; check the date")
