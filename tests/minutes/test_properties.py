"""Property tests: damaged minutes never crash the parser, and what it returns always holds together."""
import datetime as dt
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from meetings.minutes import CAPACITIES, ROLES, MinutesParseError, parse_minutes, read_document
from tests.minutes.samples import SAMPLE_NAMES, SAMPLES_TODAY, sample_text

# Written here, apart from the parser's own patterns, so the test does not share its blind spots.
RESTRICTED_TITLE = re.compile(r"\b(?:restricted|confidential|exempt)\b", re.IGNORECASE)

# One damage to a document: (what, where, where else, what to put in).
_EDIT = st.tuples(
    st.sampled_from(["delete line", "duplicate line", "swap lines", "damage character", "insert text"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.text(max_size=30),
)


def _damage(text: str, edits) -> str:
    lines = text.split("\n")
    for what, where, elsewhere, inserted in edits:
        i, j = where % len(lines), elsewhere % len(lines)
        if what == "delete line" and len(lines) > 1:
            del lines[i]
        elif what == "duplicate line":
            lines.insert(i, lines[i])
        elif what == "swap lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif what == "damage character" and lines[i]:
            k = elsewhere % len(lines[i])
            lines[i] = lines[i][:k] + (inserted[:1] or "\x00") + lines[i][k + 1:]
        elif what == "insert text":
            k = elsewhere % (len(lines[i]) + 1)
            lines[i] = lines[i][:k] + inserted + lines[i][k:]
    return "\n".join(lines)


def _parse_or_refuse(text: str):
    """The parse, or None where the parser refused the text with a MinutesParseError."""
    try:
        return parse_minutes(text, today=SAMPLES_TODAY)
    except MinutesParseError:
        return None


def _assert_consistent(parsed) -> None:
    json.dumps(parsed.to_dict())
    for value in (parsed.date, parsed.previous_minutes_date, parsed.next_meeting and parsed.next_meeting.date):
        assert value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))
    for person in parsed.attendance:
        assert person.role in ROLES
        assert person.capacity is None or person.capacity in CAPACITIES
        assert person.name.strip()
    for item in parsed.items:
        assert item.title is None or item.title.strip()
        if item.title is None:
            assert any("no title" in warning for warning in parsed.warnings)
        if RESTRICTED_TITLE.search(item.title or ""):
            assert item.restricted, item.title
        assert bool(item.restriction_note) is item.restricted
    assert all(isinstance(warning, str) and warning for warning in parsed.warnings)


@given(name=st.sampled_from(SAMPLE_NAMES), edits=st.lists(_EDIT, max_size=12))
def test_damaged_samples_parse_consistently(name, edits):
    """Lines deleted, repeated or swapped, characters damaged or inserted: a consistent parse
    or a MinutesParseError, never anything else."""
    parsed = _parse_or_refuse(_damage(sample_text(name), edits))
    if parsed is not None:
        _assert_consistent(parsed)


ALL_SAMPLE_LINES = sorted({line for name in SAMPLE_NAMES for line in sample_text(name).split("\n")})


@given(lines=st.lists(st.sampled_from(ALL_SAMPLE_LINES), max_size=150))
def test_sample_lines_in_any_order_parse_consistently(lines):
    """Real lines of minutes in any order and number: headings, labels and lists out of place."""
    parsed = _parse_or_refuse("\n".join(lines))
    if parsed is not None:
        _assert_consistent(parsed)


@given(text=st.text(max_size=2000))
def test_any_text_parses_or_is_refused(text):
    parsed = _parse_or_refuse(text)
    if parsed is not None:
        _assert_consistent(parsed)


@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".pdf", ".docx", ".rtf", ""]))
def test_any_bytes_read_or_are_refused(data, suffix):
    try:
        text = read_document(data, f"minutes{suffix}")
    except MinutesParseError:
        return
    assert isinstance(text, str) and "\r" not in text
