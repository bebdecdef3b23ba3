"""Finding the items: where each begins, its number and title, and the section it stands in."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import parse_date
from .paragraphs import continues, ends_sentence, is_list_entry, is_lone_number, join_wrapped
from .resolutions import starts_resolution

# --- item labels, one pattern per layout family (FORMATS.md, "Items") ----------------------------

# An item label: "SSP 7/17", "SSP/7/23", "SSP 46/21" (also used to find references to items).
SSP_LABEL = r"SSP\s*(?:/\s*)?\d{1,3}\s*/\s*\d{2,4}"  # no "\s*/?\s*": quadratic on a run of blanks
# "SSP 7/17 Title", "SSP/7/23 Title", "SSP 11/17 Review ..." (2017, 2024)
_LABEL_INLINE = re.compile(rf"^(?P<label>{SSP_LABEL})(?![\d/])[ \t:.–-]*(?P<rest>.*)$", re.IGNORECASE)
# "SSP" alone, the number on the next line ("**SSP** / **8/17**" in 2017; the older council system)
_SSP_ALONE = re.compile(r"^SSP$", re.IGNORECASE)
# "SSP      Declarations of Interest" with the number on a following line (2022 markdown export)
_SSP_TITLE = re.compile(r"^SSP\s+(?P<rest>[^\d\s].*)$", re.IGNORECASE)
# "8/17", "52/21 Any other Business", "136/13"
_NUMBER_LINE = re.compile(r"^(?P<number>\d{1,3}\s*/\s*\d{2,4})(?![\d/])(?:\s+(?P<rest>.*))?$")
# "7" alone (2012, 2020; see is_lone_number), or "173  Minutes" with the title after a tab or two spaces
_BARE_INLINE = re.compile(r"^(?P<number>[0-9]{1,3})(?:\t+| {2,})(?P<rest>\S.*)$")
# Web export: "Minutes:" introduces each minute; the number, if any, stands alone above the title.
_MINUTES_LABEL = re.compile(r"^Minutes ?:(?P<rest>.*)$")
_ATTACHMENTS = re.compile(r"^Additional documents ?:", re.IGNORECASE)
_AGENDA_DESCRIPTION = re.compile(
    r"^To\s+(?:approve|receive|consider|note|agree|confirm|discuss|update|review|endorse)\b", re.IGNORECASE
)
_SUB_ITEM = re.compile(r"^\(?[a-zA-Z]\)\s+")
_WEB_NUMBER = re.compile(rf"^(?:{SSP_LABEL}|\d{{1,3}}\.?)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

# --- section headings that are not items --------------------------------------------------------

_QUALIFIER = r"(?:\s+(?:items?|business|session|section|agenda|information|reports?))?"
_SECTION_HEADING = re.compile(
    rf"""^(?:
        (?P<restricted>
            part\s*(?:2|ii|two)(?:\s*[-–:]\s*[\w ]{{0,40}})?
          | (?:private|restricted|exempt|confidential){_QUALIFIER}
          | not\s+for\s+publication
          | items?\s+(?:not\s+for\s+publication|taken\s+in\s+private|exempt\s+from\s+publication))
      | (?P<public>
            part\s*(?:1|i|one)(?:\s*[-–:]\s*[\w ]{{0,40}})?
          | (?:public|open){_QUALIFIER})
      | (?P<neutral>  # column headings of agenda tables and web exports
            items? | agenda\s+items? | no\.?\s+item(?:\s+decision)?
          | item\s+(?:no\.?\s+)?description(?:\s+decision)? | item\s+decision | minute\s+no\.?\s+item)
    )[:.]?$""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_HEADING_LENGTH = 60
_HEADING_INITIALS = frozenset("acimnopr")  # the first letters of every heading above

MAX_TITLE_WORDS = 25
MAX_TITLE_LENGTH = 160
MAX_TITLE_LINES = 3
MAX_DATED_TITLE_WORDS = 12


@dataclass
class Head:
    """Where an item begins, as found by one layout family."""

    start: int  # the item's first line (its number, or its title where there is no number)
    number: str | None
    title: str  # the title found on the head's own lines; "" when it follows on the next lines
    body_start: int  # first line after the head
    dropped: frozenset[int] = frozenset()  # lines inside the item that are labels, not minute


@dataclass
class ItemSpan:
    """An item's lines, before its minute is read."""

    number: str | None
    title: str
    line: int  # index of the item's first line
    body: list[str]
    section: str | None = None  # the private/restricted heading the item stands under
    inner_heading: str | None = None  # a restricted heading printed inside the item itself


@dataclass
class Layout:
    family: str  # "labelled", "web", "bare" or "none"
    items: list[ItemSpan]
    first_line: int  # index of the first item's first line (len(lines) without items)
    headings: set[int] = field(default_factory=set)  # section headings before the first item


def section_kind(line: str) -> str | None:
    """"restricted", "public" or "neutral" for a section heading, else None."""
    if not line or len(line) > MAX_HEADING_LENGTH or line[0].lower() not in _HEADING_INITIALS:
        return None
    match = _SECTION_HEADING.match(line)
    return match.lastgroup if match else None


def is_title_like(line: str) -> bool:
    """Could ``line`` be an item's title: short, not a sentence, not a list entry or a decision?"""
    if not line or len(line) > MAX_TITLE_LENGTH or line[0].islower() or is_list_entry(line):
        return False
    if len(line.split()) > MAX_TITLE_WORDS or starts_resolution(line):
        return False
    if not line.endswith("."):
        return True
    # A title may end with a full stop where it ends with a time or is a short line with a date
    # ("Date of next meeting - Tuesday 25 September at 1.30 p.m.", "Next meeting - 8 June 2022.").
    if line.endswith(("a.m.", "p.m.")):
        return True
    return len(line.split()) <= MAX_DATED_TITLE_WORDS and parse_date(line) is not None


def label_digits(label: str | None) -> tuple[str, ...]:
    """The numbers in an item label: ``SSP 7/17`` and ``SSP/7/17`` are both ("7", "17")."""
    return tuple(_DIGITS.findall(label or ""))


def clean_title(title: str) -> str:
    """Whitespace collapsed, a trailing colon or dash dropped (``Reports Back:`` in 2017)."""
    return " ".join(title.split()).rstrip(" :–-").strip()


def _collapse(label: str) -> str:
    return " ".join(label.split()).upper().replace("SSP/ ", "SSP/")


def _next_filled(lines: list[str], index: int, end: int | None = None) -> int | None:
    end = len(lines) if end is None else end
    while index < end:
        if lines[index]:
            return index
        index += 1
    return None


def _after_break(lines: list[str], index: int) -> bool:
    """A bare number opens an item only after a blank line or a finished sentence."""
    return index == 0 or not lines[index - 1] or ends_sentence(lines[index - 1])


# --- one finder per family -----------------------------------------------------------------------


def _labelled_heads(lines: list[str]) -> list[Head]:
    """``SSP 7/17 Title``, ``SSP/7/23 Title``, and ``SSP`` / ``8/17`` split over lines."""
    heads = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line[:3].upper() == "SSP":
            index += 1
            continue
        match = _LABEL_INLINE.match(line)
        if match:
            heads.append(Head(index, _collapse(match["label"]), match["rest"], index + 1))
            index += 1
            continue
        number_at = _next_filled(lines, index + 1)
        number = _NUMBER_LINE.match(lines[number_at]) if number_at is not None else None
        if number and _SSP_ALONE.match(line):
            heads.append(Head(index, _collapse(f"SSP {number['number']}"), number["rest"] or "", number_at + 1))
            index = number_at + 1
            continue
        titled = _SSP_TITLE.match(line)
        if number and titled and not number["rest"]:
            heads.append(Head(index, _collapse(f"SSP {number['number']}"), titled["rest"], number_at + 1))
            index = number_at + 1
            continue
        index += 1
    return heads


def _bare_heads(lines: list[str]) -> list[Head]:
    """A bare number on its own line with the title after it, or ``173  Minutes`` on one line.
    A lone number must be followed by something title-like (a page number or a figure is not);
    the one-line form must also go up from the last number, as list entries and tables start over."""
    heads: list[Head] = []
    for index, line in enumerate(lines):
        if not line[:1].isdigit() or not _after_break(lines, index):
            continue
        if is_lone_number(line):
            title_at = _next_filled(lines, index + 1)
            if title_at is not None and is_title_like(lines[title_at]) and not is_lone_number(lines[title_at]):
                heads.append(Head(index, line, "", index + 1))
            continue
        inline = _BARE_INLINE.match(line)
        if inline and is_title_like(inline["rest"]):
            if not heads or int(inline["number"]) > int(heads[-1].number):
                heads.append(Head(index, inline["number"], inline["rest"], index + 1))
    return heads


def _web_title(lines: list[str], anchor: int, floor: int) -> tuple[int, int, frozenset[int]] | None:
    """For a ``Minutes:`` line: the item's first line, its title line, and the lines between that
    are not minute (an "Additional documents:" list of attachments). The title is the nearest
    title-like line above, passing over one agenda description ("To approve the minutes ..."); a
    number standing alone just above the title opens the item."""
    candidates = [index for index in range(anchor - 1, floor - 1, -1) if lines[index]][:6]
    attachments = next((n for n, index in enumerate(candidates) if _ATTACHMENTS.match(lines[index])), None)
    skipped = frozenset()
    if attachments is not None:
        skipped = frozenset(range(candidates[attachments], anchor))
        candidates = candidates[attachments + 1:]
    if candidates and (_AGENDA_DESCRIPTION.match(lines[candidates[0]]) or not is_title_like(lines[candidates[0]])):
        candidates = candidates[1:]
    if not candidates or not is_title_like(lines[candidates[0]]):
        return None
    title_at = candidates[0]
    number_at = _previous_filled(lines, title_at, floor)
    if number_at is not None and _WEB_NUMBER.match(lines[number_at]):
        return number_at, title_at, skipped
    return title_at, title_at, skipped


def _previous_filled(lines: list[str], index: int, floor: int) -> int | None:
    index -= 1
    while index >= floor:
        if lines[index]:
            return index
        index -= 1
    return None


def _web_heads(lines: list[str], anchors: list[int]) -> list[Head]:
    """Web export (2023 onwards): one item per ``Minutes:`` label, titled by the line above it."""
    heads = []
    floor = 0
    for anchor in anchors:
        found = _web_title(lines, anchor, floor)
        if found:
            first, title_at, skipped = found
            number = _collapse(lines[first]).rstrip(".") if first != title_at else None
            heads.append(Head(first, number, lines[title_at], title_at + 1, skipped | {anchor}))
        floor = anchor + 1
    return heads


def find_heads(lines: list[str]) -> tuple[str, list[Head]]:
    """The layout family of the document and its item heads. Families are tried from the most
    distinctive label down, so a bare number is only an item where nothing better marks items;
    the web export's ``Minutes:`` labels win where there are as many as there are SSP labels."""
    labelled = _labelled_heads(lines)
    anchors = [index for index, line in enumerate(lines) if line.startswith("Minutes") and _MINUTES_LABEL.match(line)]
    if anchors and len(anchors) >= len(labelled):
        heads = _web_heads(lines, anchors)
        if heads:
            return "web", heads
    if labelled:
        return "labelled", labelled
    bare = _bare_heads(lines)
    return ("bare", bare) if bare else ("none", [])


# --- from heads to items -------------------------------------------------------------------------


def _title_goes_on(title_lines: list[str], line: str) -> bool:
    """Is ``line`` more of the title: a wrapped title, or more of an older system's CAPITALS
    title? Sub-items ``(a) ...`` and the minute are not."""
    if is_list_entry(line):
        return False
    previous = title_lines[-1]
    if previous.isupper() and line.isupper():
        return True
    return continues(previous, line)


def _title_block(lines: list[str], start: int, end: int, dropped: frozenset[int]) -> int:
    """The end of the run of filled lines from ``start``: a title is at most that run."""
    index = start
    while index < end and lines[index] and index not in dropped:
        index += 1
    return index


def _complete_title(lines: list[str], head: Head, end: int) -> tuple[str, int, list[str]]:
    """The item's title, the index of the first line of its minute, and lines of the title block
    that belong at the head of the minute. A short run of title-like lines standing alone before a
    blank line is all title (a title wrapped by a PDF); otherwise lines join the title only while
    they plainly continue it. A title printed as the first of its sub-items (``SSP 6/17 (a)
    Minutes of YOT Management Board``, 2017) is that line without its letter, and the whole list of
    sub-items stays in the minute."""
    index = head.body_start
    title_lines = [head.title] if head.title else []
    if not title_lines:
        title_at = _next_filled(lines, index, end)
        if title_at is None:
            return "", end, []
        title_lines, index = [lines[title_at]], title_at + 1
    sub_item = _SUB_ITEM.match(title_lines[0])
    if sub_item:
        return clean_title(title_lines[0][sub_item.end():]), index, title_lines[:1]
    block_end = _title_block(lines, index, end, head.dropped)
    run = title_lines + lines[index:block_end]
    if len(run) <= MAX_TITLE_LINES and all(is_title_like(line) for line in run):
        return clean_title(join_wrapped(run)), block_end, []
    while index < block_end and _title_goes_on(title_lines, lines[index]):
        title_lines.append(lines[index])
        index += 1
    return clean_title(join_wrapped(title_lines)), index, []


def _isolated(lines: list[str], index: int) -> bool:
    return (index == 0 or not lines[index - 1]) and (index + 1 >= len(lines) or not lines[index + 1])


def _next_section(section: str | None, kind: str, heading: str) -> str | None:
    """The private section in force after a heading: a restricted heading opens one, a public
    heading closes it, a column heading changes nothing."""
    if kind == "restricted":
        return heading
    return None if kind == "public" else section


def _fill_body(lines: list[str], head: Head, start: int, end: int, span: ItemSpan) -> list[tuple[str, str]]:
    """Put the minute's lines into ``span.body`` and return the section headings printed among
    them, as (kind, heading), for the items that follow."""
    headings = []
    for index in range(start, end):
        if index in head.dropped:
            label = _MINUTES_LABEL.match(lines[index])
            if label and label["rest"].strip():
                span.body.append(label["rest"].strip())
            continue
        line = lines[index]
        kind = section_kind(line) if _isolated(lines, index) else None
        if kind is None:
            span.body.append(line)
            continue
        headings.append((kind, line))
        after = _next_filled(lines, index + 1, end)
        if kind == "restricted" and after is not None and not section_kind(lines[after]):
            # Printed inside the item, with its minute still to come: the item is under it too.
            span.inner_heading = line
    return headings


def split_items(lines: list[str]) -> Layout:
    """The document's items, each with its lines and the private section it stands in, if any."""
    family, heads = find_heads(lines)
    first_line = heads[0].start if heads else len(lines)
    section = None
    headings = set()
    for index in range(first_line):
        kind = section_kind(lines[index])
        if kind:
            headings.add(index)
            section = _next_section(section, kind, lines[index])
    items = []
    for position, head in enumerate(heads):
        end = heads[position + 1].start if position + 1 < len(heads) else len(lines)
        title, body_start, carried = _complete_title(lines, head, end)
        span = ItemSpan(head.number, title, head.start, carried, section)
        for kind, heading in _fill_body(lines, head, body_start, end, span):
            section = _next_section(section, kind, heading)
        items.append(span)
    return Layout(family, items, first_line, headings)
