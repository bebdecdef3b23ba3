"""``parse_minutes``: the text of one set of minutes to a ``ParsedMinutes``."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import replace

from .attachments import with_expected_reports
from .attendance import find_label, read_attendance
from .checks import check_meeting_date, check_numbering, check_placeholders
from .clean import clean_text
from .declarations import read_declarations
from .header import read_header
from .items import ItemSpan, split_items
from .layouts import DEFAULT_PREFIX
from .linekinds import heading_like
from .other_meetings import next_meeting, previous_minutes_date
from .paragraphs import MAX_LONE_NUMBER_DIGITS, is_lone_number, paragraphs, wrap_width
from .resolutions import read_resolutions
from .restriction import judge
from .types import MinutesParseError, ParsedItem, ParsedMinutes
from .warninglog import WarningLog

# A meeting date outside these years is not believed (issue 11: "1 January 0001", "31 December 9999").
EARLIEST_YEAR = 1990
LATEST_YEARS_AHEAD = 2


def parse_minutes(text: str, *, today: dt.date | None = None, prefix: str = DEFAULT_PREFIX) -> ParsedMinutes:
    """Parse the text of one set of minutes.

    Args:
        text: the document's text, as ``read_document`` returns it (any line ends, markdown or not).
        today: the date to judge "in the future" against; ``datetime.date.today()`` if not given.
        prefix: the body's short name that item labels start with (``Body.short_name``; "SSP").

    Returns:
        The parsed minutes. Anything the parser was unsure of is in ``warnings``; nothing is
        guessed silently.

    Raises:
        MinutesParseError: the text is empty.
    """
    if not isinstance(text, str):
        raise MinutesParseError(f"expected the text of the minutes, got {type(text).__name__}")
    raw_text, text = text, clean_text(text)
    lines = text.split("\n")
    if not any(lines):
        raise MinutesParseError("the document has no text")
    log = WarningLog()
    layout = split_items(lines, prefix=prefix)
    # The header runs to the first attendance label; the attendance, to the first section heading
    # after it (older council system: "Item Description Decision" / "Public" follow the last
    # apology with no blank line) or the first item.
    labels_at = next(
        (index for index in range(layout.first_line) if find_label(lines[index], index)), layout.first_line
    )
    header = read_header(lines, labels_at)
    attendance_end = min(
        (index for index in layout.headings if index >= labels_at and layout.kinds.kind[index]),
        default=layout.first_line,
    )
    attendance, attendance_lines = read_attendance(lines, labels_at, min(attendance_end, layout.first_line), log)
    placed = header.used | attendance_lines | layout.headings
    if layout.rule is not None:  # the rule's own furniture before the first item (a table's rule line)
        placed |= {index for index in range(layout.first_line) if lines[index] and layout.rule.drops(lines[index])}
    unplaced = _report_unplaced(lines, layout.first_line, placed, log)

    if header.date_is_guess:
        log.add("meeting date", "the meeting date was taken from a date in the heading, not from a sentence "
                "saying when the meeting was held; please check", line=header.date_line + 1)
    today = today or dt.date.today()
    date = _plausible_date(header.date, today, log)
    check_meeting_date(date, today, log)
    uncertain = check_numbering(layout.items, log)
    check_placeholders(text, log)

    numbers = [span.number for span in layout.items]
    width = wrap_width(lines)
    items = []
    explained = []  # per item: did the judge account for every mention of restriction in it
    excluded_at = None  # the item whose minute excluded press and public from the rest of the meeting
    for span in layout.items:
        item, excludes_public, judged = _build_item(span, numbers, width, _section_reason(span, excluded_at), log)
        items.append(item)
        explained.append(judged)
        excluded_at = excluded_at or (_item_name(span) if excludes_public else None)
    if not layout.items:
        items = _everything_as_one_item(lines, layout.first_line, unplaced, log)
    else:
        if layout.family == "web_blocks":
            uncertain = uncertain or any(
                not span.title and position > 0 for position, span in enumerate(layout.items)
            )
        items = _restriction_net(lines, layout, items, explained, unplaced, log)
        if uncertain:
            items = _restrict_all(
                items, "item boundaries are uncertain (numbers out of sequence or repeated, or items with no "
                "title); every item was marked restricted: un-restrict in the preview what is public", log)
    previous, problem = previous_minutes_date([f"{item.title or ''}\n{item.text}" for item in items], date)
    if problem:
        log.add("other meetings", problem)
    following, problem = next_meeting([(item.title or "", item.text) for item in items], date)
    if problem:
        log.add("other meetings", problem)
    if header.body is None:
        log.add("body", "the name of the body that met was not found")
    return ParsedMinutes(
        body=header.body,
        date=date,
        start_time=header.start_time,
        venue=header.venue,
        status=header.status,
        attendance=attendance,
        items=with_expected_reports(items, raw_text),
        previous_minutes_date=previous,
        next_meeting=following,
        warnings=log.as_tuple(),
    )


def _report_unplaced(lines: list[str], end: int, placed: set[int], log: WarningLog) -> list[int]:
    """Text before the first item that is neither header, attendance nor a section heading."""
    unplaced = []
    for index in range(end):
        if lines[index] and index not in placed:
            unplaced.append(index)
            log.add(
                "unplaced text",
                f"text not placed in any item and left out: '{lines[index][:80]}'",
                line=index + 1,
            )
    return unplaced


def _plausible_date(date: dt.date | None, today: dt.date, log: WarningLog) -> dt.date | None:
    """The meeting date, or None (with a warning) where its year cannot be right."""
    if date is None or EARLIEST_YEAR <= date.year <= today.year + LATEST_YEARS_AHEAD:
        return date
    log.add("meeting date", f"the meeting date {date.isoformat()} is not plausible (before {EARLIEST_YEAR} or "
            f"more than {LATEST_YEARS_AHEAD} years ahead); it was left out: enter it by hand")
    return None


def _restrict(item: ParsedItem, note: str) -> ParsedItem:
    return item if item.restricted else replace(item, restricted=True, restriction_note=note)


def _restrict_all(items: list[ParsedItem], reason: str, log: WarningLog) -> list[ParsedItem]:
    log.add("restriction", reason)
    return [_restrict(item, reason) for item in items]


def _everything_as_one_item(lines: list[str], start: int, unplaced: list[int], log: WarningLog) -> list[ParsedItem]:
    """No items found: the text that is neither header nor attendance becomes one untitled,
    restricted item, so nothing is lost and nothing is published unseen."""
    text = "\n".join(lines[index] for index in unplaced)
    log.add("layout", "no items found: the layout of these minutes was not recognised")
    if not text.strip():
        return []
    reason = ("no items were found, so the text was kept as one restricted item with no title: split and un-restrict it "
              "by hand")
    log.add("restriction", reason)
    return [ParsedItem(number=None, title=None, text=text, restricted=True, restriction_note=reason)]


def _restriction_net(
    lines: list[str], layout, items: list[ParsedItem], explained: list[bool], unplaced: list[int], log: WarningLog
) -> list[ParsedItem]:
    """The net, independent of layout: every line of restriction language must be accounted for by
    a recognised structure (a section heading that was applied, an item judged restricted, or a
    minute the judge read, finding no restriction or warning about what it found). Any other
    occurrence makes the item it falls in, and every later item, restricted, with a warning naming
    the line. Text before the first item counts as falling in the first item. A restricted heading
    that was not applied as one (read into a title, say) restricts the items after it whatever
    became of its own item."""
    spans = layout.items
    starts = [span.line for span in spans]
    kinds = layout.kinds
    from_position = None
    # Only lines holding a word of restriction language, or a restricted heading, can be anything
    # to the net (linekinds.py): every other line is passed over without a look.
    for index in kinds.restricted:
        line = lines[index]
        if not line or index in layout.restricted_headings:
            continue
        heading = kinds.kind[index] == "restricted" or index in kinds.glued
        position = max(0, bisect_right(starts, index) - 1)
        inside = index >= starts[0]
        if not heading and inside and index in spans[position].body_lines and heading_like(line):
            # A short line of restriction words inside a minute, not a sentence: a section heading
            # the table does not know ("Part 2 Items", "Items in Private" once were). The judge may
            # restrict the item it fell into; the items after it are what a heading restricts.
            if position + 1 < len(items):
                log.add("restriction", f"a line that looks like a private-section heading ('{line[:80]}') was "
                        "not recognised: every later item was marked restricted; please check", line=index + 1)
                from_position = position + 1
                break
            continue
        if not heading:
            if inside and (items[position].restricted or index in spans[position].body_lines):
                continue  # the judge read this minute: restricted, warned, or found nothing to say
            if not kinds.restriction_line(index):
                continue
            if inside and index in spans[position].lines_used and explained[position]:
                continue
            if not inside and index not in unplaced:
                pass  # header or attendance text speaking of restriction: fail closed all the same
        log.add("restriction", f"restriction language the parser could not place ('{line[:80]}'): this item and "
                "every later item were marked restricted; please check", line=index + 1)
        from_position = position
        break
    if from_position is None:
        return items
    note = "restriction language was found that the parser could not place; marked restricted to be safe"
    return items[:from_position] + [_restrict(item, note) for item in items[from_position:]]


def _item_name(span: ItemSpan) -> str:
    if span.number:
        return f"item {span.number}"
    return f"item '{span.title[:60]}'" if span.title else f"the untitled item at line {span.line + 1}"


# The lines ``is_lone_number`` accepts, found in a minute's text at once.
_LONE_NUMBER_LINE = re.compile(rf"^[0-9]{{1,{MAX_LONE_NUMBER_DIGITS}}}$", re.MULTILINE)


def _drop_page_numbers(span: ItemSpan, log: WarningLog) -> list[str]:
    """A number alone on a line inside a minute is a page number from a PDF, or an item the finder
    missed; it is left out of the text, with a warning so the second case is seen."""
    if not _LONE_NUMBER_LINE.search("\n".join(span.body)):
        return span.body  # nearly every minute, told by one search
    kept = []
    for line in span.body:
        if is_lone_number(line):
            log.add(
                "lone numbers",
                f"{_item_name(span)}: a number standing alone ('{line}') was taken for a page number and "
                "left out; if it starts an item, the item was not found",
                line=span.line + 1,
            )
            continue
        kept.append(line)
    return kept


def _section_reason(span: ItemSpan, excluded_at: str | None) -> str | None:
    """Why the part of the minutes ``span`` stands in is private, if it is."""
    if span.inner_heading:
        return f"the heading '{span.inner_heading}' is printed inside it"
    if span.section:
        return f"it stands under the heading '{span.section}'"
    if excluded_at:
        return f"the press and public were excluded at {excluded_at}"
    return None


def _build_item(
    span: ItemSpan, numbers: list[str | None], width: int | None, section_reason: str | None, log: WarningLog
) -> tuple[ParsedItem, bool, bool]:
    """The item, whether its minute excluded the press and public from the items after it, and
    whether the judge accounted for every mention of restriction in it (a warning was given)."""
    name = _item_name(span)
    title = span.title or None
    if title is None:
        log.add("items", f"{name} has no title; enter it by hand", line=span.line + 1)
    for junk in span.junk:
        log.add("junk", f"{name}: a stray line '{junk}' was left out of the minute", line=span.line + 1)
    parts = paragraphs(_drop_page_numbers(span, log), width)
    resolutions, problems = read_resolutions(parts)
    for problem in problems:
        log.add("resolutions", f"{name}: {problem}", line=span.line + 1)
    judgement = judge(title or "", parts, section_reason=section_reason)
    if judgement.warning:
        titled = f"{name} '{title[:60]}'" if span.number and title else name
        log.add("restriction", f"{titled}: {judgement.warning}", line=span.line + 1)
    if span.inner_heading:
        log.add(
            "restriction",
            f"{name}: the heading '{span.inner_heading}' is printed inside the item; the item and those after "
            "it were marked restricted",
            line=span.line + 1,
        )
    declarations, unread = read_declarations(parts, numbers)
    for sentence in unread:
        log.add("declarations", f"{name}: a declaration of interest could not be read: '{sentence[:100]}'",
                line=span.line + 1)
    for declaration in declarations:
        if declaration.item is not None and declaration.item not in numbers:
            log.add("declarations", f"{name}: {declaration.name} declared an interest in item "
                    f"{declaration.item}, which is not in these minutes", line=span.line + 1)
    item = ParsedItem(
        number=span.number,
        title=title,
        text="\n\n".join(parts),
        restricted=judgement.restricted,
        restriction_note=judgement.note,
        resolutions=tuple(resolutions),
        declarations=tuple(declarations),
    )
    return item, judgement.excludes_public, bool(judgement.warning)

