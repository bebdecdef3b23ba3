"""Decisions: paragraphs opening with AGREED or RESOLVED, and the numbered lists they introduce."""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain, islice

from .types import ParsedResolution

# "AGREED that", "Members AGREED to", "Agreed that", "RESOLVED -". Narrative ("It was agreed to
# defer this item", 2022) does not open with the keyword, so it is not matched.
_KEYWORD = re.compile(
    r"^(?:members\s+)?(?:agreed|resolved)\b(?:\s+unanimously)?(?:\s*[:,]\s*that\b|\s+that\b)?", re.IGNORECASE
)
_ENTRY_MARKER = re.compile(r"^(?:\d{1,2}[.)]|\(?[a-z]\)|\((?:[ivx]{1,4}|[A-Z])\)|[-*•–·])(?=\s)\s*")
_LEADING_PUNCTUATION = " \t:;,.-–"
_LIST_INTRODUCTIONS = (":", ":-", ":–")


def starts_resolution(paragraph: str) -> bool:
    """Whether ``paragraph`` opens with AGREED or RESOLVED (optionally after "Members")."""
    return bool(_KEYWORD.match(paragraph))


def _list_entries(lines: Iterable[str]) -> list[str]:
    """The leading run of list entries in ``lines``, markers removed."""
    entries = []
    for line in lines:
        marker = _ENTRY_MARKER.match(line)
        if not marker:
            break
        entries.append(" ".join(line[marker.end():].split()))
    return entries


def _operative(line: str) -> str:
    """The words after the keyword and an optional "that": ``AGREED that the report be noted.`` ->
    ``the report be noted.``; a bare ``AGREED.`` -> ``""``."""
    rest = " ".join(line[_KEYWORD.match(line).end():].split()).lstrip(_LEADING_PUNCTUATION)
    return rest if rest.strip(".") else ""


def _introduces_list(first_line: str, operative: str) -> bool:
    """``AGREED that:-`` (2017, 2020, 2022) or ``RESOLVED that:``; also a keyword standing alone
    without a full stop, as when the list follows on the next line."""
    return first_line.endswith(_LIST_INTRODUCTIONS) or (not operative and not first_line.endswith("."))


def read_resolutions(paragraphs: list[str]) -> tuple[list[ParsedResolution], list[str]]:
    """The resolutions among an item's paragraphs, and problems an officer should look at.

    ``AGREED that:-`` followed by ``1. ...``, ``2. ...`` (or ``(a)``, ``(b)``) gives one resolution
    per entry; where the introduction has words of its own (``RESOLVED that the Partnership:``) they
    are kept in front of each entry so every resolution reads whole."""
    found: list[ParsedResolution] = []
    problems: list[str] = []
    for position, paragraph in enumerate(paragraphs):
        if not starts_resolution(paragraph):
            continue
        first, *more = paragraph.split("\n")
        text = _operative(first)
        if not _introduces_list(first.rstrip(), text):
            found.append(ParsedResolution(" ".join([text, *more]).strip()))
            continue
        later = islice(paragraphs, position + 1, None)
        later_lines = chain(more, chain.from_iterable(paragraph.split("\n") for paragraph in later))
        entries = _list_entries(later_lines)
        intro = text.rstrip(":-–").strip()
        if entries:
            found.extend(ParsedResolution(f"{intro} {entry}" if intro else entry) for entry in entries)
        else:
            problems.append(f"'{first}' is not followed by the list of what was agreed")
            found.append(ParsedResolution(intro))
    return found, problems
