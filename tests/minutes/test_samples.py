"""Golden tests: every field of ``sample_data/minutes/expected.json`` for each of the five samples."""
import pytest

from tests.minutes.samples import GOLD, SAMPLE_NAMES, parsed_sample


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_meeting(name):
    """Body, meeting date, the minutes approved and the next meeting."""
    gold, parsed = GOLD[name], parsed_sample(name)
    assert parsed.body == gold["body"]
    assert parsed.date.isoformat() == gold["date"]
    previous = parsed.previous_minutes_date
    assert (previous.isoformat() if previous else None) == gold["previous_minutes_date"]
    following = parsed.next_meeting.date.isoformat() if parsed.next_meeting else None
    assert following == gold["next_meeting_date"]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_attendance(name):
    """Every person once, in order, with role and capacity; organisation where the gold checks it."""
    gold, parsed = GOLD[name], parsed_sample(name)
    got = [(person.name, person.role, person.organisation, person.capacity) for person in parsed.attendance]
    expected = [
        (person, role, organisation if organisation is not None else got_organisation, capacity)
        for (person, role, organisation, capacity), (_, _, got_organisation, _) in zip(gold["attendance"], got)
    ]
    assert got == expected
    assert len(got) == len(gold["attendance"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_items(name):
    """Each item's number, title, restricted flag and resolutions; its minute begins near ``first``
    and ends with ``last``."""
    gold, parsed = GOLD[name], parsed_sample(name)
    assert [item.number for item in parsed.items] == [item["n"] for item in gold["items"]]
    for expected, item in zip(gold["items"], parsed.items):
        assert item.title == expected["title"], item.number
        assert item.restricted is expected["restricted"], item.number
        assert [resolution.text for resolution in item.resolutions] == expected["resolutions"], item.number
        assert _squash(expected["first"]) in _squash(f"{item.title} {item.text}")[: len(item.title) + 400], item.number
        assert _squash(item.text).endswith(_squash(expected["last"])), item.number


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_declarations(name):
    """Declarations of interest: who, and the item the interest relates to."""
    gold, parsed = GOLD[name], parsed_sample(name)
    got = [[declaration.name, declaration.item] for item in parsed.items for declaration in item.declarations]
    assert got == gold.get("declarations", [])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_restricted_items_say_why(name):
    """A restricted item always carries the reason; an unrestricted one never does."""
    for item in parsed_sample(name).items:
        assert bool(item.restriction_note) is item.restricted, item.number
