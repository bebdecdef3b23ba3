"""The ordered table of layout rules and the one table of section headings (mistune-style)."""
# How to add a layout family: write one finder (lines, patterns) -> list[Head], add one LayoutRule
# to RULES with ``register(rule, before=...)``, and add a fixture under tests/minutes/fixtures/.
# Section headings are recognised the same way in every layout, from SECTION_HEADINGS below; every
# quick pre-check here is derived from these tables, never kept beside them by hand.
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .dates import parse_date
from .hints import Hints, folded
from .paragraphs import ends_sentence, is_list_entry
from .resolutions import starts_resolution
from .restriction import mentions_restriction

DEFAULT_PREFIX = "SSP"

# --- section headings that are not items (FORMATS.md, "Section headings") ------------------------


@dataclass(frozen=True)
class HeadingGroup:
    """Headings of one kind: "restricted" opens a private section, "public" closes it, "neutral"
    (column headings of agenda tables) changes nothing. Each phrase is a regular expression that
    starts with a literal letter, in lower case, words separated by single spaces."""

    kind: str
    phrases: tuple[str, ...]


_QUALIFIER = r"(?: (?:items?|business|session|section|agenda|information|reports?|minutes?))?"
# Words that may follow "Part 2" in a heading, alone or in brackets.
_PRIVATE_WORD = (r"items?|business|agenda|session|section|information|reports?|minutes?|private|exempt"
                 r"|confidential|restricted|not for publication")
_PART_SUFFIX = r"(?:\s*[-–—:]\s*[\w\s,]{0,40})?"
SECTION_HEADINGS: tuple[HeadingGroup, ...] = (
    HeadingGroup("restricted", (
        rf"part (?:2|ii|two|b){_PART_SUFFIX}",
        # "Part 2 Items", "Part 2 (Private)", "Part II Exempt Business", "Part 2 Agenda".
        rf"part (?:2|ii|two|b)(?: \(?(?:{_PRIVATE_WORD})\)?)+",
        rf"(?:private|restricted|exempt|confidential){_QUALIFIER}",
        r"private (?:part|session|section)",
        r"private and confidential",
        r"not for publication",
        r"items? (?:not for publication|taken in private|exempt from publication|containing exempt information)",
        # "In Private", "Items in Private", "Business considered in private session".
        r"(?:(?:items?|business|matters?) )?(?:(?:taken|considered|held|heard) )?in private(?: session)?",
        # "Exclusion of the Press and Public", "Press and Public Excluded".
        r"exclusion of (?:the )?(?:press and (?:the )?public|public and (?:the )?press)",
        r"(?:the )?(?:press and (?:the )?public|public and (?:the )?press) (?:(?:are|were|to be|be) )?excluded",
    )),
    HeadingGroup("public", (
        rf"part (?:1|i|one|a){_PART_SUFFIX}",
        rf"(?:public|open){_QUALIFIER}",
    )),
    HeadingGroup("neutral", (
        r"items?", r"agenda items?", r"no\.?\s*item(?: decision)?", r"item (?:no\.? )?description(?: decision)?",
        r"item decision", r"minute no\.? item", r"no\.?\s*item minutes?",
    )),
)
HEADING_KINDS = ("restricted", "public", "neutral")


def _heading_pattern(groups: tuple[HeadingGroup, ...]) -> re.Pattern:
    alternatives = []
    for group in groups:
        body = "|".join(phrase.replace(" ", r"\s+") for phrase in group.phrases)
        alternatives.append(f"(?P<{group.kind}>{body})")
    return re.compile(rf"^(?:{'|'.join(alternatives)})[:.]?$", re.IGNORECASE)


def _lead_words(phrase: str) -> set[str]:
    """The words ``phrase`` can start with: its leading letters, or those of each alternative of a
    leading ``(?:a|b)`` group, and where that group is optional (``(?:the )?press ...``), those of
    what follows it too (else "Press and Public Excluded" glued to a line went unseen)."""
    if not phrase.startswith("(?:"):
        word = re.match(r"[a-z]*", phrase).group(0)
        if not word:
            raise ValueError(f"a section-heading phrase must start with a letter or a group: {phrase!r}")
        return {word}
    depth, alternatives, start = 0, [], 3
    for index in range(3, len(phrase)):
        character = phrase[index]
        if character == "(":
            depth += 1
        elif character == ")" and depth:
            depth -= 1
        elif character == ")":
            alternatives.append(phrase[start:index])
            words = set().union(*(_lead_words(alternative) for alternative in alternatives))
            rest = phrase[index + 2:].lstrip()
            if phrase[index + 1: index + 2] in ("?", "*") and rest:
                words |= _lead_words(rest)
            return words
        elif character == "|" and not depth:
            alternatives.append(phrase[start:index])
            start = index + 1
    raise ValueError(f"unbalanced group in {phrase!r}")


_SECTION_HEADING = _heading_pattern(SECTION_HEADINGS)
# The glued-heading pre-check, derived from the restricted headings: words one of which each holds.
RESTRICTED_HINTS = Hints(_heading_pattern(tuple(group for group in SECTION_HEADINGS if group.kind == "restricted")))
# The pre-check, derived from the table: a heading starts with one of these letters.
HEADING_INITIALS = frozenset(
    word[0] for group in SECTION_HEADINGS for phrase in group.phrases for word in _lead_words(phrase)
)
# The glued-heading pre-check, derived the same way: the words a restricted heading starts with.
RESTRICTED_LEAD_WORDS = tuple(sorted(
    {word for group in SECTION_HEADINGS if group.kind == "restricted" for phrase in group.phrases
     for word in _lead_words(phrase)}
))
MAX_HEADING_LENGTH = 70
# Table pipes, bold and stray punctuation around a heading printed as a table row or a bold line.
_HEADING_WRAPPING = " |*_:#\t"
_PIPES = re.compile(r"\s*\|\s*")


def heading_core(line: str) -> str:
    """The words of a possible heading line, without table pipes, bold or a closing colon."""
    core = line.strip(_HEADING_WRAPPING)
    if "|" in core:
        core = _PIPES.sub(" ", core)
    return core


@lru_cache(maxsize=8192)  # each line is asked about by the layout rules, the splitter and the net
def section_kind(line: str) -> str | None:
    """"restricted", "public" or "neutral" for a section-heading line (own line, bold, table row),
    else None."""
    if not line or len(line) > MAX_HEADING_LENGTH + 10:
        return None
    core = heading_core(line)
    if not core or len(core) > MAX_HEADING_LENGTH or core[0].lower() not in HEADING_INITIALS:
        return None
    match = _SECTION_HEADING.match(core)
    return match.lastgroup if match else None


_STOPS = ".!?;:)]|"


def _glued_at(line: str, start: int) -> bool:
    """Does a heading starting at ``start`` begin right after a sentence's end, or run into the
    word before it (``PLANPrivate``)?"""
    previous = line[start - 1]
    if previous == " ":
        before = line[:start].rstrip()
        return bool(before) and before[-1] in _STOPS
    if previous in _STOPS:
        return True
    if (previous.isdigit() or previous in ")]") and line[start].isupper():
        return True  # a title ending in a date or a bracket, the heading run into it ("15 MAY 2008Private")
    if not (previous.isalpha() and line[start].isupper()):
        return False
    # "PlanPrivate", "PLANPrivate"; and CAPITALS into CAPITALS ("PLANPRIVATE"), which cannot be told
    # from one word ("UNRESTRICTED") and so is read as a heading: over-restricting is the safe error.
    return previous.islower() or line[start + 1: start + 2].islower() or line[start:].isupper()


@lru_cache(maxsize=8192)
def glued_heading(line: str) -> tuple[str, str] | None:
    """A restricted heading glued to the end of the line before it (``AGREED that the information
    be noted.Private``, ``... noted. Part 2 - Not for publication``, ``COMMUNITY SAFETY PLANPrivate``
    in the older council system): (the text before it, the heading), else None. It must start
    right after a sentence's end or run into the word before it, so "the report was restricted"
    is not one. Only restricted headings are looked for: a public one glued on would close a
    private section on weak evidence, so it is left as text (failing closed)."""
    if len(line) < 5:
        return None
    offset = max(1, len(line) - MAX_HEADING_LENGTH - 1)
    if not RESTRICTED_HINTS.may_match(line[offset:]):
        return None  # nearly every line: no word a restricted heading holds
    lowered = folded(line[offset:])  # as the heading pattern folds case ("Prıvate" too), every character in place
    best = None
    for word in RESTRICTED_LEAD_WORDS:  # derived from SECTION_HEADINGS: the words a heading starts with
        found = lowered.find(word)
        while found != -1:
            at = found + offset
            if (best is None or at < best) and _glued_at(line, at) and section_kind(line[at:]) == "restricted":
                best = at
            found = lowered.find(word, found + 1)
    if best is None:
        return None
    return line[:best].rstrip(), line[best:].strip()


# --- item labels, built per prefix (Body.short_name, "SSP" by default) ---------------------------


@dataclass(frozen=True)
class Patterns:
    """The label patterns of one body's items: ``SSP 7/17``, ``SSP/7/23``, ``SSP/4724``."""

    prefix: str
    label: str  # regular expression for a whole label
    inline: re.Pattern  # "SSP 7/17 Title"
    alone: re.Pattern  # "SSP" alone, the number on the next line
    titled: re.Pattern  # "SSP      Declarations of Interest", the number on a following line
    web_number: re.Pattern  # a web export's number on its own line


@lru_cache(maxsize=16)
def patterns_for(prefix: str = DEFAULT_PREFIX) -> Patterns:
    p = re.escape(prefix.strip() or DEFAULT_PREFIX)
    # No "\s*/?\s*" anywhere: quadratic on a run of blanks. "SSP/4724" (web export, slash dropped)
    # is item 47/24: three to six digits after the slash, the year last.
    label = rf"{p}\s*(?:/\s*)?\d{{1,5}}\s*/\s*\d{{2,4}}|{p}/\d{{3,6}}(?![\d/])"
    return Patterns(
        prefix=prefix,
        label=label,
        inline=re.compile(rf"^(?P<label>{label})(?![\d/])[ \t:.–-]*(?P<rest>.*)$", re.IGNORECASE),
        alone=re.compile(rf"^{p}$", re.IGNORECASE),
        titled=re.compile(rf"^{p}\s+(?P<rest>[^\d\s].*)$", re.IGNORECASE),
        web_number=re.compile(rf"^(?:{label}|\d{{1,5}}\.?)$", re.IGNORECASE),
    )


SSP_LABEL = patterns_for(DEFAULT_PREFIX).label
# "8/17", "52/21 Any other Business", "136/13"
_NUMBER_LINE = re.compile(r"^(?P<number>\d{1,5}\s*/\s*\d{2,4})(?![\d/])(?:\s+(?P<rest>.*))?$")
# "173  Minutes" (tab or two spaces), "201 Street Lighting" (one space, 2006 narrative)
_BARE_INLINE = re.compile(r"^(?P<number>[0-9]{1,5})\.?(?P<gap>\t+| {2,}| )(?P<rest>\S.*)$")
_LONE_NUMBER = re.compile(r"^(?P<number>[0-9]{1,5})\.?$")
# Web export: "Minutes:" introduces each minute; the number, if any, stands alone above the title.
MINUTES_LABEL = re.compile(r"^Minutes ?:(?P<rest>.*)$")
_ATTACHMENTS = re.compile(r"^Additional documents ?:", re.IGNORECASE)
AGENDA_DESCRIPTION = re.compile(
    r"^(?:To\s+(?:approve|receive|consider|note|agree|confirm|discuss|update|review|endorse)\b"
    r"|This\s+item\s+contains\s+exempt\b|Report\s+of\b)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def is_agenda_line(line: str) -> bool:
    """An agenda description under an item's title, never its title: "To approve the minutes ...",
    "This item contains exempt information ...", and any other long line saying the item is exempt
    or private in its own words ("Not for publication by virtue of paragraph 7 ...", "The public may
    be excluded from this item ..."), so such a line never takes the place of the real title."""
    if AGENDA_DESCRIPTION.match(line):
        return True
    return len(line.split()) > 6 and (mentions_restriction(line) or bool(_EXCLUDED_FROM_ITEM.search(line)))


_EXCLUDED_FROM_ITEM = re.compile(r"\b(?:press|public)\b.{0,40}\bexcluded\b", re.IGNORECASE)
# The web export's own header lines ("Agenda and minutes", "Safer Stockton Partnership - Wednesday
# 14th May 2025 9.00 am"): the unnumbered web layout is only tried under such a header.
_WEB_HEADER = re.compile(r"^(?:agenda\s+and\s+(?:draft\s+)?minutes|venue\s*:|contact\s*:)", re.IGNORECASE)
# Table view: "No. | Item |", "| No. | Item |", "|---|---|", and rows "Title Minutes: the minute |".
_TABLE_VIEW_HEADER = re.compile(r"^\|?\s*No\.?\s*\|\s*Item\s*\|", re.IGNORECASE)
_PLAIN_TABLE_HEADER = re.compile(r"^No\.?\s+Item(?![a-z])")
_TITLED_ROW = re.compile(r"^[A-Z][^|]{0,160}?\S\s+Minutes\s?:\s+\S")
_TABLE_SPACER = re.compile(r"^[\s|:\-]*\|[\s|:\-]*$")
_TABLE_ROW = re.compile(r"^\|?\s*(?P<title>.*?)\s*\bMinutes\s?:\s*(?P<rest>.*?)\s*\|?\s*$")

MAX_TITLE_WORDS = 25
MAX_TITLE_LENGTH = 160
MAX_TITLE_LINES = 3
MAX_DATED_TITLE_WORDS = 12
MAX_BLOCK_TITLE_WORDS = 14


@dataclass
class Head:
    """Where an item begins, as found by one layout rule."""

    start: int  # the item's first line (its number, or its title where there is no number)
    number: str | None
    title: str  # the title found on the head's own lines; "" when it follows on the next lines
    body_start: int  # first line after the head
    dropped: frozenset[int] = frozenset()  # lines inside the item that are labels, not minute
    title_final: bool = False  # the rule knows the whole title ("" = the item has none)
    first_text: str = ""  # minute text found on the head's own line (a table row)


@dataclass(frozen=True)
class LayoutRule:
    """One layout family: how it finds item starts, which lines it drops, how its header reads."""

    family: str
    items: str  # how an item start is recognised (number and title patterns), in words
    header: str  # how its header reads, in words (read_header knows every form)
    find: Callable[[list[str], Patterns], list[Head]]
    drops: Callable[[str], bool] = lambda line: False  # lines of its items that are not minute
    boundaries: str = "numbers"  # what tells items apart: "numbers", "rows" or "titles"


# A title may open with a name written with a small first letter and a capital inside ("iQuanta
# Report", "eCINS Update"); a word with no capital after a small first letter continues a sentence.
_BRAND_WORD = re.compile(r"^[a-z]{1,3}[A-Z][A-Za-z]*\b")


def is_title_like(line: str) -> bool:
    """Could ``line`` be an item's title: short, not a sentence, not a list entry or a decision?"""
    if not line or len(line) > MAX_TITLE_LENGTH or is_list_entry(line):
        return False
    if line[0].islower() and not _BRAND_WORD.match(line):
        return False  # the rest of a sentence, not a title
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
    """The numbers in an item label: ``SSP 7/17``, ``SSP/7/17`` and ``SSP/717`` are all ("7", "17")."""
    digits = tuple(_DIGITS.findall(label or ""))
    if len(digits) == 1 and "/" in (label or "") and len(digits[0]) >= 3:
        return (digits[0][:-2].lstrip("0") or "0", digits[0][-2:])
    return digits


def collapse_label(label: str) -> str:
    return " ".join(label.split()).upper().replace("/ ", "/").replace(" /", "/")


def _next_filled(lines: list[str], index: int, end: int | None = None) -> int | None:
    end = len(lines) if end is None else end
    while index < end:
        if lines[index]:
            return index
        index += 1
    return None


def _previous_filled(lines: list[str], index: int, floor: int) -> int | None:
    index -= 1
    while index >= floor:
        if lines[index]:
            return index
        index -= 1
    return None


def _after_break(lines: list[str], index: int) -> bool:
    """A bare number opens an item only after a blank line or a finished sentence."""
    before = lines[index - 1] if index else ""
    return not before or ends_sentence(before) or bool(section_kind(before)) or glued_heading(before) is not None


# --- the finders, one per family -----------------------------------------------------------------


def table_view_heads(lines: list[str], pats: Patterns) -> list[Head]:
    """The council's printable table view: after a ``No. | Item |`` header, one row per item,
    ``Title Minutes: the minute … |``, maybe over several lines, maybe without its closing pipe,
    rows parted by spacer lines of ``|``. The title may be missing (``Minutes: …``); a row with a
    title and no ``Minutes:`` (a page cut off) is an item with no minute."""
    header_at = next(
        (i for i, line in enumerate(lines) if line[:1] in "|Nn" and _TABLE_VIEW_HEADER.match(line)), None
    )
    if header_at is None:
        # "| No. | Item |" rows were turned into "No. Item" by the clean-up; that is the web
        # export's own column heading too, so it opens a table view only where rows follow
        # with a title and "Minutes:" on one line.
        header_at = next((i for i, line in enumerate(lines) if line[:1] in "Nn" and _PLAIN_TABLE_HEADER.match(line)), None)
        if header_at is None or not any(_TITLED_ROW.match(line) for line in lines[header_at + 1:]):
            return []
    heads = []
    row_open = False  # the last row has not been closed by a pipe or a spacer
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        if not line or _TABLE_SPACER.match(line):
            row_open = False if line else row_open
            continue
        if section_kind(line):
            row_open = False
            continue
        row = _TABLE_ROW.match(line)
        closes = line.rstrip().endswith("|")
        if row and (not row["title"] or is_title_like(row["title"].strip(" |"))):
            title = row["title"].strip(" |")
            heads.append(Head(index, None, title, index + 1, title_final=True, first_text=row["rest"].strip()))
            row_open = not closes
            continue
        core = line.strip(" |")
        if (not row_open and core and is_title_like(core) and not ends_sentence(core)
                and len(core.split()) <= MAX_BLOCK_TITLE_WORDS and not is_agenda_line(core)):
            # A row holding only a title: the page was cut off before its minute.
            heads.append(Head(index, None, core, index + 1, title_final=True))
            row_open = not closes
            continue
        row_open = not closes
    return heads


def _web_title(lines: list[str], anchor: int, floor: int, pats: Patterns) -> tuple[int, int, frozenset[int]] | None:
    """For a ``Minutes:`` line: the item's first line, its title line, and the lines between that
    are not minute (an "Additional documents:" list of attachments). The title is the nearest
    title-like line above, passing over agenda description lines ("To approve the minutes ...",
    "This item contains exempt information ..."); a number standing alone above the title opens it."""
    candidates = [index for index in range(anchor - 1, floor - 1, -1) if lines[index]][:6]
    attachments = next((n for n, index in enumerate(candidates) if _ATTACHMENTS.match(lines[index])), None)
    skipped = frozenset()
    if attachments is not None:
        skipped = frozenset(range(candidates[attachments], anchor))
        candidates = candidates[attachments + 1:]
    while candidates and len(candidates) > 1 and (
        is_agenda_line(lines[candidates[0]]) or not is_title_like(lines[candidates[0]])
    ):
        candidates = candidates[1:]
        if len(candidates) and is_agenda_line(lines[candidates[0]]):
            continue
        break
    if not candidates or not is_title_like(lines[candidates[0]]) or pats.web_number.match(lines[candidates[0]]):
        return None
    title_at = candidates[0]
    number_at = _previous_filled(lines, title_at, floor)
    if number_at is not None and pats.web_number.match(lines[number_at]):
        return number_at, title_at, skipped
    return title_at, title_at, skipped


def web_minutes_heads(lines: list[str], pats: Patterns) -> list[Head]:
    """Web export (2023 onwards): one item per ``Minutes:`` label, titled by the line above it
    (past any agenda description), numbered by a label alone above the title (``SSP/1/25``,
    ``SSP/4724``) or not at all. Wins over the labelled rule only where there are at least as many
    ``Minutes:`` labels as SSP labels."""
    anchors = [index for index, line in enumerate(lines) if line.startswith("Minutes") and MINUTES_LABEL.match(line)]
    if not anchors or len(anchors) < len(labelled_heads(lines, pats)):
        return []
    heads = []
    floor = 0
    for anchor in anchors:
        found = _web_title(lines, anchor, floor, pats)
        if found:
            first, title_at, skipped = found
            number = collapse_label(lines[first]).rstrip(".") if first != title_at else None
            heads.append(Head(first, number, lines[title_at], title_at + 1, skipped | {anchor}))
        floor = anchor + 1
    return heads


def labelled_heads(lines: list[str], pats: Patterns) -> list[Head]:
    """``SSP 7/17 Title``, ``SSP/7/23 Title``, and ``SSP`` / ``8/17`` split over lines (2017 bold
    label; the older council system's ``SSP`` / ``19/08`` / CAPITALS title)."""
    heads = []
    size = len(pats.prefix)
    prefix = pats.prefix.upper()
    after = 0  # lines before this were read as part of a head
    # The lines starting with the prefix, picked out in one comprehension: every head starts with it.
    for index in [index for index, line in enumerate(lines) if line[:size].upper() == prefix]:
        if index < after:
            continue
        line = lines[index]
        match = pats.inline.match(line)
        if match:
            heads.append(Head(index, collapse_label(match["label"]), match["rest"], index + 1))
            continue
        number_at = _next_filled(lines, index + 1)
        number = _NUMBER_LINE.match(lines[number_at]) if number_at is not None else None
        if number and pats.alone.match(line):
            heads.append(Head(index, collapse_label(f"{prefix} {number['number']}"), number["rest"] or "", number_at + 1))
            after = number_at + 1
            continue
        titled = pats.titled.match(line)
        if number and titled and not number["rest"]:
            heads.append(Head(index, collapse_label(f"{prefix} {number['number']}"), titled["rest"], number_at + 1))
            after = number_at + 1
    return heads


def _follows(number: int, previous: int | None) -> bool:
    """Bare numbers go up; a number past 999 (or a one-space form) must be the very next one, so a
    year or a figure starting a line is not taken for an item (issue 11: 10,000 items)."""
    return previous is None or number == previous + 1


def _confirmed(lines: list[str], index: int, number: int) -> bool:
    """A first one-space item (``201 Street Lighting``) counts only when the next number opens a
    later line the same way and the line is not a date ("28 January 2020")."""
    if parse_date(lines[index]) is not None:
        return False
    following = f"{number + 1} "
    return any(line.startswith(following) and _BARE_INLINE.match(line) for line in lines[index + 1: index + 400])


def bare_heads(lines: list[str], pats: Patterns) -> list[Head]:
    """A bare number on its own line with the title after it (2012, 2020), ``173  Minutes`` on one
    line (tab or two spaces), or ``201 Street Lighting`` (one space, 2006). A lone number must be
    followed by something title-like (a page number or a figure is not); numbers go up."""
    heads: list[Head] = []
    previous: int | None = None
    for index, line in enumerate(lines):
        if not line[:1].isdigit() or not _after_break(lines, index):
            continue
        lone = _LONE_NUMBER.match(line)
        if lone:
            number = int(lone["number"])
            if number > 999 and not _follows(number, previous):
                continue
            title_at = _next_filled(lines, index + 1)
            if title_at is not None and is_title_like(lines[title_at]) and not _LONE_NUMBER.match(lines[title_at]):
                heads.append(Head(index, lone["number"], "", index + 1))
                previous = number
            continue
        inline = _BARE_INLINE.match(line)
        if not inline or not is_title_like(inline["rest"]):
            continue
        number = int(inline["number"])
        strict = inline["gap"] == " " or number > 999
        if strict and previous is None and not _confirmed(lines, index, number):
            continue
        if (strict and _follows(number, previous)) or (not strict and (previous is None or number > previous)):
            heads.append(Head(index, inline["number"], inline["rest"], index + 1))
            previous = number
    return heads


def _gap(line: str) -> bool:
    """A blank line, or a section heading, which parts blocks as a blank line does."""
    return not line or section_kind(line) is not None


def _block_starts(lines: list[str], start: int) -> list[tuple[int, int, bool]]:
    """Paragraph blocks from ``start``: (first line, blank lines before it, after a heading)."""
    blocks = []
    blanks, heading = 0, False
    index = start
    while index < len(lines):
        if _gap(lines[index]):
            if lines[index]:
                heading = True
            else:
                blanks += 1
            index += 1
            continue
        blocks.append((index, blanks, heading))
        while index < len(lines) and not _gap(lines[index]):
            index += 1
        blanks, heading = 0, False
    return blocks


def web_blocks_heads(lines: list[str], pats: Patterns) -> list[Head]:
    """Web export without numbers and without ``Minutes:`` labels (2024): a title is a short line
    standing alone as a paragraph, not a sentence, followed by a minute. Where the page parts its
    blocks by more than one blank line, a title stands after such a wider gap, so a short
    sub-heading inside a minute ("Deliver More Visible & Effective Policing.") is not an item. The
    text before the first title is an item of its own with no title (its title was not exported)."""
    header_lines = [i for i, line in enumerate(lines[:40]) if _WEB_HEADER.match(line)]
    if not header_lines:
        return []
    start = header_lines[-1] + 1
    blocks = _block_starts(lines, start)
    wide = any(blanks >= 2 for _, blanks, _ in blocks[1:])
    heads: list[Head] = []
    for position, (index, blanks, after_heading) in enumerate(blocks):
        line = lines[index]
        single = index + 1 >= len(lines) or _gap(lines[index + 1])
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if section_kind(line):
            continue
        if (not (single and is_title_like(line) and not ends_sentence(line)) or len(line.split()) > MAX_BLOCK_TITLE_WORDS
                or AGENDA_DESCRIPTION.match(line)):
            if position == 0 and not heads:
                heads.append(Head(index, None, "", index, title_final=True))  # the first title was not exported
            continue
        if wide and position > 0 and blanks < 2 and not after_heading:
            continue
        if following is None and heads:
            continue  # the last block of a page cut off mid-minute ("... heard about the dut")
        heads.append(Head(index, None, line, index + 1, title_final=True))
    return heads


_TABLE_PIPE_LINE = _TABLE_SPACER


def _table_drops(line: str) -> bool:
    return bool(_TABLE_PIPE_LINE.match(line)) or bool(_TABLE_VIEW_HEADER.match(line))


RULES: list[LayoutRule] = [
    LayoutRule(
        "table_view",
        "a `No. | Item |` header, then one row per item: `Title Minutes: minute |` (title may be missing)",
        "none: the printable page carries neither date nor body (both null, the officer supplies them)",
        table_view_heads, _table_drops, boundaries="rows",
    ),
    LayoutRule(
        "web_minutes",
        "one item per `Minutes:` label; title = nearest title-like line above (past agenda lines), "
        "number = `SSP/1/25` or `SSP/4724` alone above the title, or none",
        "`Agenda and (draft) minutes`, `<Body> - <weekday date time>`, `Venue:`, `Contact:`",
        web_minutes_heads,
    ),
    LayoutRule(
        "labelled",
        "`SSP 7/17 Title`, `SSP/7/23 Title`, `SSP` / `8/17` split over lines (older council system: "
        "`SSP` / `19/08` / CAPITALS title), `## SSP Title` then `46/21`; Word table rows become these",
        "narrative sentence, or `Date:`/`Time:`/`Place:` block under `<Body> Minutes`",
        labelled_heads,
    ),
    LayoutRule(
        "bare",
        "bare number alone with the title on the next line, `173  Title` (tab/two spaces) or "
        "`201 Title` (one space, numbers strictly in sequence)",
        "narrative sentence `A meeting of ... was held on ...`",
        bare_heads,
    ),
    LayoutRule(
        "web_blocks",
        "under a web-export header, with no numbers and no `Minutes:` labels: a short title line "
        "standing alone (after a wider gap where the page has them); text before the first title "
        "is an untitled item",
        "`Agenda and (draft) minutes`, `<Body> - <weekday date time>`, `Venue:`, `Contact:`",
        web_blocks_heads, boundaries="titles",
    ),
]


def register(rule: LayoutRule, *, before: str | None = None) -> None:
    """Add a layout rule, before the rule of family ``before`` (else last)."""
    names = [existing.family for existing in RULES]
    RULES.insert(names.index(before) if before in names else len(RULES), rule)


def find_layout(lines: list[str], pats: Patterns) -> tuple[LayoutRule | None, list[Head]]:
    """The first rule, in table order, that finds items in ``lines``, and its item heads."""
    for rule in RULES:
        heads = rule.find(lines, pats)
        if heads:
            return rule, heads
    return None, []
