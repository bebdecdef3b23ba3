"""From item heads to items: each item's lines, its title, and the section it stands in."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layouts import (
    AGENDA_DESCRIPTION,
    DEFAULT_PREFIX,
    MINUTES_LABEL,
    SSP_LABEL,
    Head,
    LayoutRule,
    Patterns,
    find_layout,
    heading_core,
    is_title_like,
    label_digits,
    patterns_for,
    section_kind,
)
from .linekinds import LineKinds
from .paragraphs import continues, is_list_entry, join_wrapped
from .resolutions import starts_resolution

__all__ = ["SSP_LABEL", "ItemSpan", "Layout", "is_title_like", "label_digits", "section_kind", "split_items"]

MAX_TITLE_LINES = 3


@dataclass
class ItemSpan:
    """An item's lines, before its minute is read."""

    number: str | None
    title: str
    line: int  # index of the item's first line
    body: list[str]
    section: str | None = None  # the private/restricted heading the item stands under
    inner_heading: str | None = None  # a restricted heading printed inside the item itself
    end: int = 0  # index after the item's last line
    lines_used: set[int] = field(default_factory=set)  # lines whose text went into the title or text
    body_lines: set[int] = field(default_factory=set)  # lines whose text went into the minute
    junk: list[str] = field(default_factory=list)  # stray junk lines left out ("EF=")


@dataclass
class Layout:
    rule: LayoutRule | None
    items: list[ItemSpan]
    first_line: int  # index of the first item's first line (len(lines) without items)
    kinds: LineKinds  # what each line is, asked once (section heading, glued heading, restriction words)
    headings: set[int] = field(default_factory=set)  # lines read as section headings (anywhere)
    restricted_headings: dict[int, str] = field(default_factory=dict)  # line -> restricted heading applied

    @property
    def family(self) -> str:
        return self.rule.family if self.rule else "none"


# A decision keyword cut off at the end of a partial export ("AGREE", older council system page).
_CUT_KEYWORD = re.compile(r"^(?:AGRE|RESOL|RESOLV)E?D?$")
# Stray junk lines of the older council system's pages ("EF="): a short token holding a symbol no
# title has; never part of a title.
_JUNK = re.compile(r"^(?=\S*[=~^{}<>\\])\S{1,6}$")
_SUB_ITEM = re.compile(r"^\(?[a-zA-Z]\)\s+")


def clean_title(title: str) -> str:
    """Whitespace collapsed, a trailing colon or dash dropped (``Reports Back:`` in 2017)."""
    return " ".join(title.split()).rstrip(" :–-|").strip()


def _next_filled(lines: list[str], index: int, end: int | None = None) -> int | None:
    end = len(lines) if end is None else end
    while index < end:
        if lines[index]:
            return index
        index += 1
    return None


# --- from heads to items -------------------------------------------------------------------------


def _title_goes_on(title_lines: list[str], line: str) -> bool:
    """Is ``line`` more of the title: a wrapped title, or more of an older system's CAPITALS
    title? Sub-items ``(a) ...`` and the minute are not."""
    if is_list_entry(line) or starts_resolution(line) or _CUT_KEYWORD.match(line) or _JUNK.match(line):
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


def _complete_title(lines: list[str], head: Head, end: int) -> tuple[str, int, list[str], list[int]]:
    """The item's title, the index of the first line of its minute, lines of the title block that
    belong at the head of the minute, and the indices of the title's lines. A short run of
    title-like lines standing alone before a blank line is all title (a title wrapped by a PDF);
    otherwise lines join the title only while they plainly continue it. A title printed as the
    first of its sub-items (``SSP 6/17 (a) Minutes of YOT Management Board``, 2017) is that line
    without its letter, and the whole list of sub-items stays in the minute."""
    index = head.body_start
    if head.title_final:
        return clean_title(head.title), index, _decisions_apart(head.first_text) if head.first_text else [], []
    title_lines = [head.title] if head.title else []
    used = []
    if not title_lines:
        title_at = _next_filled(lines, index, end)
        if title_at is None or section_kind(lines[title_at]) == "restricted" or AGENDA_DESCRIPTION.match(lines[title_at]):
            return "", index, [], []  # no title printed: an agenda line or a heading is not one
        title_lines, index = [lines[title_at]], title_at + 1
        used.append(title_at)
    sub_item = _SUB_ITEM.match(title_lines[0])
    if sub_item:
        return clean_title(title_lines[0][sub_item.end():]), index, title_lines[:1], used
    block_end = _title_block(lines, index, end, head.dropped)
    run = title_lines + lines[index:block_end]
    if len(run) <= MAX_TITLE_LINES and all(
        is_title_like(line) and not section_kind(line) and not _CUT_KEYWORD.match(line) and not _JUNK.match(line)
        for line in run
    ):
        return clean_title(join_wrapped(run)), block_end, [], used + list(range(index, block_end))
    while index < block_end and _title_goes_on(title_lines, lines[index]) and not section_kind(lines[index]):
        title_lines.append(lines[index])
        used.append(index)
        index += 1
    return clean_title(join_wrapped(title_lines)), index, [], used


# A decision inside a table-view row, whose paragraphs the council's page runs together: "... the
# public wanted to help. Members AGREED to note the update. |" (printable table view).
_DECISION_IN_ROW = re.compile(r"(?<=[.!?]) +(?=(?:Members\s+)?(?:AGREED|RESOLVED|Agreed|Resolved)\b)")


def _decisions_apart(text: str) -> list[str]:
    """A table-view row's text with each decision sentence made a paragraph of its own."""
    parts = _DECISION_IN_ROW.split(text)
    return [parts[0]] + [piece for part in parts[1:] for piece in ("", part)]


def _isolated(lines: list[str], index: int) -> bool:
    return (index == 0 or not lines[index - 1]) and (index + 1 >= len(lines) or not lines[index + 1])


def _beside_heading(kinds: LineKinds, index: int) -> bool:
    """Next to another heading line (``Item Description Decision`` / ``Public``, older council system)."""
    return any(0 <= other < len(kinds.kind) and kinds.kind[other] for other in (index - 1, index + 1))


def heading_here(kinds: LineKinds, index: int) -> str | None:
    """The kind of section heading on line ``index``, judged in any layout. A restricted heading
    counts wherever it stands on a line of its own (bold, a table row, no blank line around it):
    reading one too many only over-restricts. A public or column heading, which would close a
    private section, must stand apart (blank lines around it, a table row, or next to another
    heading), so a stray "Public" inside a minute cannot publish what follows."""
    kind = kinds.kind[index]
    if kind is None or kind == "restricted":
        return kind
    lines = kinds.lines
    if _isolated(lines, index) or "|" in lines[index] or _beside_heading(kinds, index):
        return kind
    return None


def _next_section(section: str | None, kind: str, heading: str) -> str | None:
    """The private section in force after a heading: a restricted heading opens one, a public
    heading closes it, a column heading changes nothing."""
    if kind == "restricted":
        return heading
    return None if kind == "public" else section


def _fill_body(
    kinds: LineKinds, rule: LayoutRule, head: Head, start: int, end: int, span: ItemSpan
) -> list[tuple[str, str, int]]:
    """Put the minute's lines into ``span.body`` and return the section headings printed among
    them, as (kind, heading, line), for the items that follow."""
    lines = kinds.lines
    headings = []
    rows = rule.boundaries == "rows"
    for index in range(start, end):
        line = lines[index]
        if index in head.dropped or rule.drops(line):
            label = MINUTES_LABEL.match(line)
            if label and label["rest"].strip():
                span.body.extend(_decisions_apart(label["rest"].strip(" |")) if rows else [label["rest"].strip()])
                span.lines_used.add(index)
                span.body_lines.add(index)
            continue
        kind = heading_here(kinds, index) if line else None
        if kind is None and _JUNK.match(line):
            span.junk.append(line)
            continue
        if kind is None:
            glued = kinds.glued.get(index)
            if glued:
                span.body.append(glued[0].rstrip(" |") if rows else glued[0])
                span.lines_used.add(index)
                span.body_lines.add(index)
                headings.append(("restricted", glued[1], index))
                continue
            if rows:
                span.body.extend(_decisions_apart(line.rstrip(" |")))
            else:
                span.body.append(line)
            if line:
                span.lines_used.add(index)
                span.body_lines.add(index)
            continue
        headings.append((kind, heading_core(line), index))
        after = next((i for i in range(index + 1, end) if lines[i] and not rule.drops(lines[i])), None)
        if kind == "restricted" and after is not None and not kinds.kind[after]:
            # Printed inside the item, with its minute still to come: the item is under it too.
            span.inner_heading = heading_core(line)
    return headings


def split_items(lines: list[str], *, prefix: str = DEFAULT_PREFIX) -> Layout:
    """The document's items, each with its lines and the private section it stands in, if any.

    Args:
        lines: the cleaned lines of the document.
        prefix: the body's short name that item labels start with (``SSP 7/17``).
    """
    pats: Patterns = patterns_for(prefix)
    rule, heads = find_layout(lines, pats)
    first_line = heads[0].start if heads else len(lines)
    kinds = LineKinds(lines)
    layout = Layout(rule, [], first_line, kinds)
    section = None
    for index in range(first_line):
        if not lines[index]:
            continue
        kind = kinds.kind[index]
        if kind is None:
            glued = kinds.glued.get(index)
            kind, heading = ("restricted", glued[1]) if glued else (None, None)
        else:
            heading = heading_core(lines[index])
        if kind:
            layout.headings.add(index)
            if kind == "restricted":
                layout.restricted_headings[index] = heading
            section = _next_section(section, kind, heading)
    if rule is None:
        return layout
    for position, head in enumerate(heads):
        end = heads[position + 1].start if position + 1 < len(heads) else len(lines)
        title, body_start, carried, title_lines = _complete_title(lines, head, end)
        span = ItemSpan(head.number, title, head.start, list(carried), section, end=end)
        span.lines_used.update(title_lines)
        span.lines_used.update(range(head.start, head.body_start))
        glued = kinds.glued.get(head.start) if head.first_text else None
        if glued and span.body and span.body[-1].endswith(glued[1]):
            # A heading glued to the end of a table-view row: it opens a section for the items after.
            span.body[-1] = span.body[-1][: -len(glued[1])].rstrip(" |")
            layout.restricted_headings[head.start] = glued[1]
            section = _next_section(section, "restricted", glued[1])
        for kind, heading, index in _fill_body(kinds, rule, head, body_start, end, span):
            layout.headings.add(index)
            if kind == "restricted":
                layout.restricted_headings[index] = heading
            section = _next_section(section, kind, heading)
        layout.items.append(span)
    return layout
