"""The pre-checks derived from the patterns (hints.py): a pre-check may never turn away a text its
pattern matches, or restriction language would go unread."""
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.minutes import layouts, linekinds, restriction
from meetings.minutes.hints import FOLDS, Guarded, Hints, folded, required_words

# Every pattern that now runs behind a derived pre-check.
GUARDED = {
    "mention": (restriction._MENTION, restriction.MENTION_HINTS),
    "statutory": (restriction._STATUTORY, restriction.MENTION_HINTS),
    "title mark": (restriction._TITLE_MARK, restriction._TITLE_HINTS),
    "benign": (restriction._BENIGN, restriction._BENIGN_HINTS),
    "classify: exclusion": (restriction._EXCLUSION, restriction._CLASSIFY_HINTS),
    "classify: statutory": (restriction._STATUTORY, restriction._CLASSIFY_HINTS),
    "classify: mention": (restriction._MENTION, restriction._CLASSIFY_HINTS),
    "heading words": (linekinds._HEADING_WORDS, linekinds._HEADING_LIKE_HINTS),
    **{
        f"guarded {name}": (getattr(restriction, name), getattr(restriction, f"{name}_CHECK").hints)
        for name in ("_EXCLUSION", "_LATER_ITEMS", "_STATUTORY", "_ITSELF", "_ELSEWHERE", "_THIS_REPORT")
    },
}
_ALL_CHARACTERS = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("name", sorted(GUARDED))
@given(data=st.data())
def test_what_a_pattern_matches_passes_its_pre_check(name, data):
    pattern, hints = GUARDED[name]
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert hints.may_match(text), (text, hints.words)


@pytest.mark.parametrize("heading", ["Private", "Part 2 - Not for publication", "Exempt items", "PART II – CONFIDENTIAL",
                                     "Items in Private", "Exclusion of the Press and Public", "Restricted"])
@pytest.mark.parametrize("case", [str, str.upper, str.lower, lambda text: text.replace("i", "\u0131")])
def test_restricted_headings_and_glued_headings_pass_their_pre_checks(heading, case):
    printed = case(heading)
    if layouts.section_kind(printed) == "restricted":
        assert layouts.RESTRICTED_HINTS.may_match(printed)
        assert linekinds.NET_HINTS.may_match(printed)
        assert layouts.glued_heading(f"AGREED that the report be noted.{printed}") is not None


def test_the_words_are_read_from_the_patterns():
    assert required_words(re.compile(r"\bschedule\s+12\s?a\b|\bparagraph\s+\d+", re.IGNORECASE)) == (
        "paragraph", "schedule")
    # The parser moves a shared first letter out of the alternatives; it is put back.
    assert required_words(linekinds._HEADING_WORDS) == ("part", "press", "private")
    assert Hints(re.compile("confidential|confident")).words == ("confident",)
    with pytest.raises(ValueError):
        required_words(re.compile(r"[xX]{3,}|\d+"))


def test_folding_matches_how_patterns_ignore_case():
    """The letters outside ASCII that a case-insensitive pattern takes for an ASCII letter are
    exactly those ``str.lower`` makes that letter, or those in FOLDS; and folding moves no character."""
    taken = set(re.findall(r"[a-z]", _ALL_CHARACTERS[128:], re.IGNORECASE))
    assert {character for character in taken if character.lower() not in string.ascii_lowercase} == set(FOLDS)
    assert len(folded(_ALL_CHARACTERS)) == len(_ALL_CHARACTERS)
    assert Hints(re.compile("private", re.IGNORECASE)).may_match("PR\u0130VATE")
    assert Hints(re.compile("exempt", re.IGNORECASE)).may_match("EXEMPT")


def test_holding_finds_each_text_with_a_word():
    hints = Hints(words=("part", "private"))
    texts = ["", "Partnership", "nothing", "in private and in part", "PRIVATE", "par", "t"]
    assert hints.holding(texts) == [index for index, text in enumerate(texts) if hints.may_match(text)] == [1, 3, 4]
    assert hints.holding([]) == []


def test_a_guarded_search_is_the_search():
    check = Guarded(restriction._ITSELF)
    for sentence in ["Members were presented with a restricted report.", "Members noted the report.",
                     "This item was held in private.", "Exempt information was discussed."]:
        assert bool(check.search(sentence)) == bool(restriction._ITSELF.search(sentence))
