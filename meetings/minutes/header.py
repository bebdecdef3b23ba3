"""The document header: which body met, when, where, and whether the minutes are a draft."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import find_date, parse_date, parse_time
from .paragraphs import join_wrapped

# "A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020." (all samples)
_NARRATIVE = re.compile(
    r"^(?:A|The)\s+meeting\s+of\s+(?:the\s+)?(?P<body>.+?)\s+was\s+held\s+(?P<rest>.*)$", re.IGNORECASE
)
_VENUE_IN_SENTENCE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?(?P<venue>[A-Z][^.]{3,150}?)\s*(?:,?\s+(?:on|commencing|starting)\b|\.?$)"
)
# Older council system (about 2009-2016): "Date:" / "Time:" / "Place:" with the value on the next line.
_LABELLED = re.compile(r"^(?P<label>date|time|place|venue|location)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
# Web export (2023 onwards): "Safer Stockton Partnership - Wednesday 14th May 2025 9.00 am".
_WEB_TITLE = re.compile(r"^(?P<body>[A-Z][^–\d]{3,80}?)\s+[-–]\s+(?P<when>[A-Za-z]*,?\s*\d.*)$")
_WEB_LINES = re.compile(r"^(?:agenda\s+and\s+(?P<draft>draft\s+)?minutes|contact\s*:.*|media|items?)$", re.IGNORECASE)
_DRAFT = re.compile(
    r"^(?:draft|\(draft\)|draft\s+minutes|minutes\s+\(draft\)|draft\s+-\s+subject\s+to\s+approval)$", re.IGNORECASE
)
_TITLE_LINE = re.compile(r"^(?:minutes(?:\s+of\s+(?:the\s+)?meeting)?|record\s+of\s+decisions?)$", re.IGNORECASE)
# Older council system: the page is headed by the council's name and slogan, then "Safer Stockton
# Partnership Minutes", which names the body; "Please note: ..." and "Attendance Details" follow.
_BODY_HEADING = re.compile(
    r"^(?P<body>[A-Z][\w' &-]{2,80}?\b(?:partnership|board|committee|panel|group|forum))\s+minutes$", re.IGNORECASE
)
_NOTES = re.compile(r"^(?:please\s+note\b.*|attendance\s+details)$", re.IGNORECASE)
_BODY_WORDS = re.compile(r"\b(?:partnership|board|committee|panel|group|forum)$", re.IGNORECASE)
MAX_SENTENCE_LINES = 4  # the "A meeting of ... was held on ..." sentence, wrapped by a PDF


@dataclass
class Header:
    """What the header says, and which lines it took up."""

    body: str | None = None
    date: dt.date | None = None
    date_line: int | None = None  # index of the line the date was read from
    date_is_guess: bool = False  # read from a stray date, not from a sentence or label saying so
    start_time: dt.time | None = None
    venue: str | None = None
    status: str = "approved"
    used: set[int] = field(default_factory=set)


def _tidy_body(name: str) -> str:
    name = " ".join(name.split()).strip(" .,:")
    return name.title() if name.isupper() else name


def _narrative(header: Header, lines: list[str], index: int) -> bool:
    """A meeting of <body> was held (at <venue>) on <date> (at <time>), starting on line ``index``
    and perhaps wrapped over the lines after it. False if the lines do not say that."""
    end = index + 1
    while end < len(lines) and end - index < MAX_SENTENCE_LINES and lines[end] and not lines[end - 1].endswith("."):
        end += 1
    match = _NARRATIVE.match(" ".join(join_wrapped(lines[index:end]).split()))
    if not match:
        return False
    header.used.update(range(index, end))
    header.body = header.body or _tidy_body(match["body"])
    rest = match["rest"]
    found = find_date(rest)
    if found and header.date is None:
        header.date, header.date_line = found[0], index
        rest = rest[: found[1].start()] + " " + rest[found[1].end():]
    header.start_time = header.start_time or parse_time(rest, allow_24h=True)  # the date is cut out of it
    venue = _VENUE_IN_SENTENCE.search(rest)
    if venue and not parse_time(venue["venue"]) and header.venue is None:
        header.venue = venue["venue"].strip(" ,")
    return True


def _labelled(header: Header, lines: list[str], index: int, end: int) -> None:
    """``Date:`` / ``Time:`` / ``Place:`` with the value on the same line or the next one."""
    match = _LABELLED.match(lines[index])
    header.used.add(index)
    value = match["value"].strip()
    if not value:
        following = next((i for i in range(index + 1, min(end, index + 4)) if lines[i]), None)
        if following is None or _LABELLED.match(lines[following]):
            return
        value = lines[following]
        header.used.add(following)
    label = match["label"].lower()
    if label == "date" and header.date is None:
        header.date, header.date_line = parse_date(value), index
    elif label == "time":
        header.start_time = header.start_time or parse_time(value, allow_24h=True)
    elif label in ("place", "venue", "location"):
        header.venue = header.venue or value


def _web_title(header: Header, lines: list[str], index: int) -> bool:
    """The web export's title line, naming the body, the date and the time."""
    match = _WEB_TITLE.match(lines[index])
    if not match or not _BODY_WORDS.search(match["body"].strip()):
        return False
    date = parse_date(match["when"])
    if date is None:
        return False
    header.used.add(index)
    header.body = header.body or _tidy_body(match["body"])
    if header.date is None:
        header.date, header.date_line = date, index
    header.start_time = header.start_time or parse_time(match["when"])
    return True


def read_header(lines: list[str], end: int) -> Header:
    """Everything the lines before ``end`` (the attendance or the first item) say about the meeting."""
    header = Header()
    for index in range(end):
        line = lines[index]
        if not line or index in header.used:
            continue
        heading = _BODY_HEADING.match(line)
        if heading:
            # Everything above it is the council's masthead (name and slogan).
            header.used.update(range(index + 1))
            header.body = header.body or _tidy_body(heading["body"])
            continue
        if _NOTES.match(line):
            header.used.add(index)
            continue
        if line[:1] in "AaTt" and _narrative(header, lines, index):
            continue
        if _LABELLED.match(line):
            _labelled(header, lines, index, end)
        elif _web_title(header, lines, index):
            continue
        elif (web := _WEB_LINES.match(line)) or _DRAFT.match(line) or _TITLE_LINE.match(line):
            header.used.add(index)
            if (web and web["draft"]) or _DRAFT.match(line):
                header.status = "draft"
    _first_line_as_body(header, lines, end)
    if header.date is None:
        _stray_date(header, lines, end)
    return header


def _first_line_as_body(header: Header, lines: list[str], end: int) -> None:
    """The heading line naming the body (``SAFER STOCKTON PARTNERSHIP``, 2024): used as the body
    where no sentence names it, and taken out of the unplaced text either way."""
    first = next((index for index in range(end) if lines[index]), None)
    if first is None or first in header.used or not _BODY_WORDS.search(lines[first]):
        return
    header.used.add(first)
    header.body = header.body or _tidy_body(lines[first])


def _stray_date(header: Header, lines: list[str], end: int) -> None:
    """No sentence or label gives the date: take the first date in the header, flagged as a guess."""
    for index in range(end):
        found = find_date(lines[index]) if lines[index] else None
        if found:
            header.date, header.date_line, header.date_is_guess = found[0], index, True
            header.used.add(index)
            return
