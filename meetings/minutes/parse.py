"""``parse_minutes``: the text of one set of minutes to a ``ParsedMinutes``."""
from __future__ import annotations

import datetime as dt

from .attendance import find_label, read_attendance
from .checks import check_meeting_date, check_numbering, check_placeholders
from .clean import clean_text
from .declarations import read_declarations
from .header import read_header
from .items import ItemSpan, split_items
from .other_meetings import next_meeting, previous_minutes_date
from .paragraphs import is_lone_number, paragraphs, wrap_width
from .resolutions import read_resolutions
from .restriction import judge
from .types import MinutesParseError, ParsedItem, ParsedMinutes
from .warninglog import WarningLog

UNTITLED = "(untitled item)"


def parse_minutes(text: str, *, today: dt.date | None = None) -> ParsedMinutes:
    """Parse the text of one set of minutes.

    Args:
        text: the document's text, as ``read_document`` returns it (any line ends, markdown or not).
        today: the date to judge "in the future" against; ``datetime.date.today()`` if not given.

    Returns:
        The parsed minutes. Anything the parser was unsure of is in ``warnings``; nothing is
        guessed silently.

    Raises:
        MinutesParseError: the text is empty.
    """
    if not isinstance(text, str):
        raise MinutesParseError(f"expected the text of the minutes, got {type(text).__name__}")
    text = clean_text(text)
    lines = text.split("\n")
    if not any(lines):
        raise MinutesParseError("the document has no text")
    log = WarningLog()
    layout = split_items(lines)
    # The header runs to the first attendance label; the attendance, to the first item.
    labels_at = next(
        (index for index in range(layout.first_line) if find_label(lines[index], index)), layout.first_line
    )
    header = read_header(lines, labels_at)
    attendance, attendance_lines = read_attendance(lines, labels_at, layout.first_line, log)
    placed = header.used | attendance_lines | layout.headings
    _report_unplaced(lines, layout.first_line, placed, log)

    if header.date_is_guess:
        log.add("meeting date", "the meeting date was taken from a date in the heading, not from a sentence "
                "saying when the meeting was held; please check", line=header.date_line + 1)
    check_meeting_date(header.date, today or dt.date.today(), log)
    if layout.family == "none":
        log.add("layout", "no items found: the layout of these minutes was not recognised")
    check_numbering(layout.items, log)
    check_placeholders(text, log)

    numbers = [span.number for span in layout.items]
    width = wrap_width(lines)
    items = []
    excluded_at = None  # the item whose minute excluded press and public from the rest of the meeting
    for span in layout.items:
        item, excludes_public = _build_item(span, numbers, width, _section_reason(span, excluded_at), log)
        items.append(item)
        excluded_at = excluded_at or (_item_name(span) if excludes_public else None)
    previous, problem = previous_minutes_date([f"{item.title}\n{item.text}" for item in items], header.date)
    if problem:
        log.add("other meetings", problem)
    following, problem = next_meeting([(item.title, item.text) for item in items], header.date)
    if problem:
        log.add("other meetings", problem)
    if header.body is None:
        log.add("body", "the name of the body that met was not found")
    return ParsedMinutes(
        body=header.body,
        date=header.date,
        start_time=header.start_time,
        venue=header.venue,
        status=header.status,
        attendance=attendance,
        items=tuple(items),
        previous_minutes_date=previous,
        next_meeting=following,
        warnings=log.as_tuple(),
    )


def _report_unplaced(lines: list[str], end: int, placed: set[int], log: WarningLog) -> None:
    """Text before the first item that is neither header, attendance nor a section heading."""
    for index in range(end):
        if lines[index] and index not in placed:
            log.add(
                "unplaced text",
                f"text not placed in any item and left out: '{lines[index][:80]}'",
                line=index + 1,
            )


def _item_name(span: ItemSpan) -> str:
    return f"item {span.number}" if span.number else f"item '{span.title[:60]}'"


def _drop_page_numbers(span: ItemSpan, log: WarningLog) -> list[str]:
    """A number alone on a line inside a minute is a page number from a PDF, or an item the finder
    missed; it is left out of the text, with a warning so the second case is seen."""
    if not any(map(is_lone_number, span.body)):
        return span.body
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
) -> tuple[ParsedItem, bool]:
    """The item, and whether its minute excluded the press and public from the items after it."""
    name = _item_name(span)
    title = span.title
    if not title:
        title = UNTITLED
        log.add("items", f"{name} has no title", line=span.line + 1)
    parts = paragraphs(_drop_page_numbers(span, log), width)
    resolutions, problems = read_resolutions(parts)
    for problem in problems:
        log.add("resolutions", f"{name}: {problem}", line=span.line + 1)
    judgement = judge(title, parts, section_reason=section_reason)
    if judgement.warning:
        titled = f"{name} '{title[:60]}'" if span.number else name
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
    return item, judgement.excludes_public

