"""The reports the minutes name, per item: what officers should upload (or mark not held).

Pure Python, no Django. Two sources:
- the web export's attachment decorations, read from the raw text before clean-up strips them
  (``Recorded Crime & Disorder Report pdf icon PDF 282 KB``, ../shared/minutes/real/r11-2025-01-22-moderngov.txt):
  the decorated line is the title of the document, usually the item's own title;
- the minute's own words: "presented with the Fraud Awareness report", "received a presentation on
  hate crime", "Appendix 1 ...".
A decoration titled "Minutes" is the previous meeting's minutes, not a report, and is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .types import ParsedItem

_DECORATION = re.compile(
    r"^[ \t#*]*(?P<title>\S.*?)[ \t]+(?:pdf icon[ \t]*)?PDF[ \t]+(?P<size>\d+(?:\.\d+)?[ \t]*[KM]B)\b", re.MULTILINE
)
_PRESENTED_WITH = re.compile(
    r"\bpresented with (?:a |an |the )?(?P<title>[A-Z0-9][^.;:\n]{2,100}?\b(?:report|update|strategy|plan|assessment))\b",
    re.IGNORECASE,
)
_PRESENTATION_ON = re.compile(r"\b(?:a|the) presentation (?:on|about|regarding) (?P<title>[^.;:\n]{3,100}?)(?=[.;:,\n]|$)",
                              re.IGNORECASE)
_APPENDIX = re.compile(r"\b(?P<title>Appendix [0-9A-Z]{1,3}\b[^.;:\n]{0,80}?)(?=[.;:,\n]|$)")
# The previous meeting's minutes are not a report; a verbal or oral report has no document.
_NOT_REPORTS = re.compile(r"^(?:minutes|verbal|oral)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExpectedAttachment:
    title: str
    kind: str = "report"  # "report", "presentation", "appendix" or "other" (the archive's report kinds)
    size: str | None = None  # as the web export prints it ("282 KB")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _kind(title: str) -> str:
    lowered = title.lower()
    if lowered.startswith("appendix"):
        return "appendix"
    if "presentation" in lowered or "slides" in lowered:
        return "presentation"
    return "report"


def find_decorations(raw_text: str) -> list[ExpectedAttachment]:
    """Every attachment decoration of the web export in ``raw_text`` (the text before clean-up)."""
    if "PDF" not in raw_text:
        return []
    found = []
    for match in _DECORATION.finditer(raw_text):
        title = match.group("title").strip(" \t|")
        if title and not _NOT_REPORTS.match(title):
            found.append(ExpectedAttachment(title=title, kind=_kind(title), size=" ".join(match.group("size").split())))
    return found


def find_in_minute(text: str) -> list[ExpectedAttachment]:
    """The reports and presentations a minute says were presented."""
    found = []
    for match in _PRESENTED_WITH.finditer(text):
        if not _NOT_REPORTS.match(match.group("title")):
            found.append(ExpectedAttachment(title=_tidy(match.group("title")), kind="report"))
    for match in _PRESENTATION_ON.finditer(text):
        found.append(ExpectedAttachment(title=_tidy(f"presentation on {match.group('title')}"), kind="presentation"))
    for match in _APPENDIX.finditer(text):
        found.append(ExpectedAttachment(title=_tidy(match.group("title")), kind="appendix"))
    return found


def _tidy(title: str) -> str:
    title = " ".join(title.split()).strip(" ,")
    return title[:1].upper() + title[1:]


def with_expected_reports(items: list[ParsedItem] | tuple[ParsedItem, ...], raw_text: str) -> tuple[ParsedItem, ...]:
    """``items`` each with ``expected_reports``: the decorations whose title is the item's title (or
    appears in its minute), then what its minute names; duplicates (by title, any case) dropped."""
    decorations = find_decorations(raw_text)
    result = []
    for item in items:
        title_key, text_key = _key(item.title or ""), _key(item.text)
        expected = [d for d in decorations if _key(d.title) and (
            _key(d.title) == title_key or f" {_key(d.title)} " in f" {text_key} ")]
        expected += find_in_minute(item.text)
        unique, seen = [], set()
        for attachment in expected:
            if _key(attachment.title) not in seen:
                seen.add(_key(attachment.title))
                unique.append(attachment)
        result.append(replace(item, expected_reports=tuple(unique)) if unique else item)
    return tuple(result)
