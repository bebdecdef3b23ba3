"""The parser's work grows in step with the document, in every layout: counted, never timed.

A parse of ten times the items must make at most about ten times the function calls (Python
functions, and the C functions they call: every pattern search, split and join is one call). Work
done again for every item over the whole document (a re-scan, a join of all the text, a pattern run
over every line per item) makes the count grow with the square of the size and fails the test,
whatever the speed of the machine it runs on. (One C call over the whole text, such as a join, counts
once whatever its length: the benchmark's growth figures are the check on those.)"""
from __future__ import annotations

import sys

import pytest

from meetings.minutes import parse_minutes
from meetings.minutes.layouts import glued_heading, section_kind

_HEADER = """Safer Stockton Partnership

A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.

Present: Cllr Steve Nelson (Chair), Errol Parks (SBC – Community Services), Marc Anderson (Cleveland Police).

Apologies: Michael Houghton.
"""
_MINUTE = """Members were presented with a report on recorded crime and disorder. The report provided an overview
of recorded crime and anti-social behaviour incidents in the borough for the period to the end of October.

A comparison against other similar Community Safety Partnerships was noted within a separate report.
This report was a restricted document due to the statistical information it contained.

AGREED that:-

1. The report be noted.
2. A further update be brought to the next meeting.
"""
# One item in each layout family that numbers its items (item n of the document).
_ITEMS = {
    "labelled": "\nSSP {n}/{year} Recorded Crime Report {n}\n\n" + _MINUTE,
    "bare": "\n{seq}\n\nRecorded Crime Report {n}\n\n" + _MINUTE,
    "web minutes": "\nSSP/{n}/{year}\n\nRecorded Crime Report {n}\n\nMinutes:\n\n" + _MINUTE,
}
_WEB_HEADER = "Agenda and minutes\n\nSafer Stockton Partnership - Wednesday 14th May 2025 9.00 am\n\n"
TEN_TIMES_AT_MOST = 11.5  # ten times the work, and a little for the fixed cost of a document


def minutes(layout: str, items: int, *, private_from: int | None = None) -> str:
    """Minutes of ``items`` items in ``layout``; from item ``private_from`` on, under a Part 2 heading."""
    head = _WEB_HEADER + _HEADER if layout == "web minutes" else _HEADER
    parts = [head]
    for seq in range(1, items + 1):
        if seq == private_from:
            parts.append("\nPart 2 - Not for publication\n")
        parts.append(_ITEMS[layout].format(n=(seq - 1) % 100 + 1, year=10 + (seq - 1) // 100, seq=seq))
    return "".join(parts)


def calls_to_parse(text: str) -> int:
    """The function calls one parse makes, Python and C, counted by a profile hook (no timing).
    The per-line caches are emptied first, so every count starts from the same state."""
    section_kind.cache_clear()
    glued_heading.cache_clear()
    count = 0

    def hook(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(hook)
    try:
        parsed = parse_minutes(text)
    finally:
        sys.setprofile(None)
    assert parsed.items
    return count


@pytest.mark.parametrize("layout", sorted(_ITEMS))
@pytest.mark.parametrize("private", [False, True], ids=["public", "part 2 half way"])
def test_work_grows_linearly_with_the_items(layout, private):
    small = calls_to_parse(minutes(layout, 100, private_from=50 if private else None))
    large = calls_to_parse(minutes(layout, 1000, private_from=500 if private else None))
    assert large <= TEN_TIMES_AT_MOST * small, f"x{large / small:.1f} the calls for x10 the items"


def test_the_documents_parse_as_intended():
    """The counted documents are what they claim to be: every item found, Part 2 applied."""
    for layout in _ITEMS:
        parsed = parse_minutes(minutes(layout, 100, private_from=50))
        assert len(parsed.items) == 100, layout
        assert [item.restricted for item in parsed.items] == [False] * 49 + [True] * 51, layout


def test_the_count_sees_quadratic_work(monkeypatch):
    """The hook is able to fail: a stage made to re-read every line for each item is caught."""
    import meetings.minutes.parse as parse_module

    real = parse_module.wrap_width

    def rescanning(lines):
        for _ in range(len(lines) // 100):  # a pass over a tenth of the lines, once per few items
            for line in lines[::10]:
                line.strip()
        return real(lines)

    monkeypatch.setattr(parse_module, "wrap_width", rescanning)
    small = calls_to_parse(minutes("labelled", 100))
    large = calls_to_parse(minutes("labelled", 1000))
    assert large > TEN_TIMES_AT_MOST * small
