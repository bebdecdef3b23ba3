"""Property tests of the restriction net (issue 9 item 5): on every sample, fixture and real page,
a restricted heading inserted before item k (own line, glued to the line before, or a table row)
makes items k.. restricted; an exempt-information agenda line under an item's title makes that
item restricted and keeps the item count."""
import datetime as dt
import re
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from meetings.minutes import parse_minutes, read_document
from meetings.minutes.clean import clean_text
from meetings.minutes.items import split_items

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
TODAY = dt.date(2026, 1, 1)
DOCUMENTS = sorted(
    [*(ROOT / "sample_data" / "minutes").glob("*.txt"), *(HERE / "real").glob("*.txt"),
     *(path for path in (HERE / "fixtures").iterdir() if path.suffix in (".txt", ".md"))],
)
# Written here, not taken from the parser's tables, so the test does not share their blind spots.
HEADINGS = ["Private", "Part 2 - Not for publication", "Exempt items", "PART II – CONFIDENTIAL", "Press and Public Excluded"]
EXEMPT_LINE = ("This item contains exempt information under Paragraph 7 of Part 1 of Schedule 12A of the "
               "Local Government Act 1972")


@cache
def _cleaned(path: Path) -> tuple[str, ...]:
    return tuple(clean_text(read_document(path)).split("\n"))


@cache
def _spans(path: Path):
    return split_items(list(_cleaned(path))).items


def _parse(lines: list[str]):
    return parse_minutes("\n".join(lines), today=TODAY)


def _with_heading(lines: list[str], at: int, heading: str, placement: str) -> list[str]:
    lines = list(lines)
    if placement == "own line":
        lines.insert(at, heading)
    elif placement == "table row":
        lines.insert(at, f"| **{heading}** |")
    else:  # glued to the end of the last line of text before the item
        before = max((index for index in range(at) if lines[index]), default=None)
        if before is None:
            lines.insert(at, heading)
        else:
            lines[before] = lines[before] + heading
    return lines


@given(
    document=st.sampled_from(DOCUMENTS),
    position=st.integers(min_value=0, max_value=10**6),
    heading=st.sampled_from(HEADINGS),
    placement=st.sampled_from(["own line", "glued", "table row"]),
)
def test_a_restricted_heading_restricts_every_item_after_it(document, position, heading, placement):
    spans = _spans(document)
    if not spans:
        return
    k = position % len(spans)
    parsed = _parse(_with_heading(list(_cleaned(document)), spans[k].line, heading, placement))
    later = [item for item in parsed.items if item.number in {span.number for span in spans[k:]} or item.number is None]
    assert later, "items after the heading were lost"
    if len(parsed.items) >= len(spans) - (1 if placement == "glued" and k else 0):
        tail = parsed.items[-(len(spans) - k):]
    else:
        # Items after the heading ran together (a table-row heading in a layout of plain blocks): the
        # text is all still there, and none of it may be published from item k on.
        tail = parsed.items[min(k, len(parsed.items) - 1):]
    assert all(item.restricted for item in tail), [(item.number, item.title, item.restricted) for item in tail]


def _title_line(lines: tuple[str, ...], span) -> int:
    """The last line of the item's head: its title, or the number printed after the title
    (``SSP      Title`` then ``46/21``, 2022), or its first line where it has no title."""
    found = span.line
    if span.title:
        words = span.title.split()[:3]
        for index in range(span.line, min(span.end, span.line + 6)):
            if all(word in lines[index] for word in words):
                found = index
                break
    following = next((index for index in range(found + 1, span.end) if lines[index]), None)
    if following is not None and re.match(r"^\d{1,5}/\d{2,4}$", lines[following]):
        return following
    return found


@given(document=st.sampled_from(DOCUMENTS), position=st.integers(min_value=0, max_value=10**6))
def test_an_exempt_agenda_line_restricts_its_item(document, position):
    spans = _spans(document)
    if not spans:
        return
    k = position % len(spans)
    lines = list(_cleaned(document))
    at = _title_line(_cleaned(document), spans[k]) + 1
    lines[at:at] = ["", EXEMPT_LINE]
    parsed = _parse(lines)
    assert len(parsed.items) == len(spans)
    assert parsed.items[k].restricted, (parsed.items[k].number, parsed.items[k].title)
    assert EXEMPT_LINE not in (parsed.items[k].title or "")
