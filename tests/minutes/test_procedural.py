"""The procedural-resolution classifier, on the partnership's own phrasings (sample and real minutes)."""
import json
from pathlib import Path

import pytest

from meetings.minutes.procedural import is_procedural

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_FILES = [ROOT / "sample_data/minutes/expected.json", ROOT.parent / "shared/minutes/real/expected.json"]

# Every resolution in the sample and real minutes that decides something; all the others there only
# approve minutes, note, receive or put off.
SUBSTANTIVE = {
    "Chief Superintendent Gordon Lang be named a Local Strategic Partnership representative up to the "
    "Partnership's first meeting after 1 September 2014.",
    "Geoff Lee be appointed Chair up to the Partnership's first meeting after 1 September 2014",
    "Jane Humphreys be appointed vice Chair up to the Partnership's first meeting after 1 September 2014",
    "Lucia Saiger, Probation Service, be named a Local Strategic Partnership representative until 1 April 2014.",
    "Stockton-on-Tees Community Safety Strategy 2022-2025 Action Plan be agreed.",
    "Stockton-on-Tees Community Safety Strategy 2022-2025 Overview Report was agreed.",
    "Subject to some minor amendments the Stockton-on-Tees Community Safety Strategy 2022-2025 was formally "
    "signed off by the Partnership.",
    "The principle of attempting to replicate the Minerva Project approach in Stockton be supported.",
    "The strategic direction be endorsed.",
    "the Community Safety Strategy and Action Plan be approved.",
    "the Partnership Structures be endorsed.",
}


def _resolutions():
    for path in EXPECTED_FILES:
        if not path.exists():
            continue
        for name, meeting in json.loads(path.read_text()).items():
            for item in meeting["items"]:
                for text in item.get("resolutions", []):
                    yield pytest.param(text, id=f"{name}:{text[:40]}")


@pytest.mark.parametrize("text", list(_resolutions()))
def test_real_resolutions(text):
    """Each resolution of the sample and real minutes is classified as an archivist would."""
    substantive = text in SUBSTANTIVE or text.startswith((
        "The Partnership seek funding", "the the draft ASB Strategy receive endorsement",
    ))
    assert is_procedural(text) is not substantive


@pytest.mark.parametrize("text", [
    "the minutes be approved.",
    "the minutes be approved, with some small amendments.",
    "the minutes of the meeting held on 26th June 2012 be approved.",
    "RESOLVED that the minutes of the last meeting be confirmed as a correct record.",
    "to Note the report.",
    "the report be noted.",
    "the letters were received.",
    "the report be noted by the Partnership.",
    "the item be postponed until the next meeting.",
    "as Officers were unavailable to attend, the Knife Crime Prevention report be moved to a later meeting.",
    "1. the report be noted; 2. the update be noted.",
])
def test_procedural_phrasings(text):
    assert is_procedural(text)


@pytest.mark.parametrize("text", [
    "",
    "Agreed.",
    "the report be noted and the action plan approved.",
    "the report be noted; the Chair write to the Police and Crime Commissioner.",
    "the Community Safety Plan be approved.",
    "the minutes of the Safer Stockton Partnership be approved and the funding bid supported.",
    "£20,000 be allocated to the Night Time Economy project.",
    "the Partnership receive a further report in six months.",
])
def test_decisions_and_unsure_texts_are_substantive(text):
    """A decision anywhere, an empty text or an unrecognised wording: substantive (kept in the register)."""
    assert not is_procedural(text)
