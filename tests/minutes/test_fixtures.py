"""Every quirk fixture in ``fixtures/`` (a document and its expected parse) is a test of its own."""
import datetime as dt
import json
from pathlib import Path

import pytest

from meetings.minutes import parse_minutes, read_document
from tests.minutes.golden import mismatches

FIXTURES = Path(__file__).parent / "fixtures"
# Fixtures are judged against a fixed "today" so that none of their dates counts as in the future.
FIXTURE_TODAY = dt.date(2026, 1, 1)
DOCUMENTS = sorted(path for path in FIXTURES.iterdir() if path.suffix in (".txt", ".md") and path.stem != "README")


def test_every_fixture_has_its_expectation():
    """A document without an expectation (or the reverse) is a fixture half added."""
    documents = {path.stem for path in DOCUMENTS}
    expectations = {path.stem for path in FIXTURES.glob("*.json")}
    assert documents == expectations


@pytest.mark.parametrize("document", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
def test_fixture(document):
    """The parse of the fixture holds everything its JSON expects."""
    expected = json.loads(document.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse_minutes(read_document(document), today=FIXTURE_TODAY).to_dict()
    assert mismatches(expected, parsed) == []
