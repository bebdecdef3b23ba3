"""Whether an item is restricted: its title, the section it stands in, and what its minute says."""
# A restricted item shown to the public is the worst error the archive can make, so every doubt
# resolves to "restricted" with a warning, and the cases read as not restricted although the minute
# speaks of a restriction (a *separate* restricted report; the resolution excluding the public from
# the items after it) are warned about too.
from __future__ import annotations

import re
from dataclasses import dataclass

from .hints import Guarded, Hints, folded
from .paragraphs import sentences

_TITLE_MARK = re.compile(
    r"\b(?:restricted|confidential|not\s+for\s+publication|exempt|part\s*(?:2|ii))\b"
    r"|\(private\)|^private\s*[-–:]|[-–:]\s*private$",  # not "Private Sector Housing"
    re.IGNORECASE,
)
# Any word of restriction in a minute; each sentence holding one is then classified.
_MENTION = re.compile(
    r"\b(?:restricted|confidential|exempt|not\s+for\s+publication|in\s+private"
    r"|(?:press|public)\s+(?:(?:may|will|shall|should|must|to)\s+)?(?:be|were|was)\s+excluded"
    r"|exclusion\s+of\s+the\s+(?:press|public))\b",
    re.IGNORECASE,
)
# Language of the formal exemption that need not say "exempt" (the restriction net reads it too).
_STATUTORY = re.compile(r"\bschedule\s+12\s?a\b|\bparagraph\s+\d+\s+of\s+part\s+(?:1|i)\b", re.IGNORECASE)
# The quick tests before the patterns, derived from them (see hints.py): whether a text can mention
# a restriction at all, and whether a sentence of it can be classified as anything.
MENTION_HINTS = Hints(_MENTION, _STATUTORY)
# Uses with nothing to do with publication: "solely restricted to car parking functions" (2017).
# "restricted to members of the Partnership" is a restriction, so it is not passed over.
_BENIGN = re.compile(
    r"\b(?:restricted\s+to\s+(?!(?:the\s+)?(?:members|partners|partnership|officers|those|board)\b)"
    r"|restricted\s+(?:access|parking|areas?|zones?|hours)\b|exempt\s+from\b)",
    re.IGNORECASE,
)
# The item itself was restricted: "Members were presented with a restricted report" (2020 item 11,
# 2024), "this item was restricted" (2024), exempt information under Schedule 12A.
_ITSELF = re.compile(
    r"""\b(?:
        (?:presented\s+with|received|considered|given|circulated|submitted|tabled|noted)\s+(?:a|an|the)\s+
            (?:restricted|confidential|exempt)\s+(?:report|presentation|update|paper|document|briefing|item)
      | (?:this|the)\s+(?:item|matter|minute|discussion|agenda\s+item)\s+(?:was|is|were|had\s+been)\s+(?:\w+\s+)?
            (?:restricted|confidential|exempt|not\s+for\s+publication|(?:taken|heard|held)\s+in\s+private)
      | exempt\s+information | schedule\s+12a
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# The formal resolution excluding press and public "for the following item(s) of business": the
# resolution itself is public, the items after it are not.
_EXCLUSION = re.compile(
    r"\b(?:(?:press|public)\s+(?:and\s+(?:the\s+)?(?:press|public)\s+)?(?:(?:may|will|shall|should|must|to)\s+)?"
    r"(?:be|were|was)\s+excluded"
    r"|exclusion\s+of\s+the\s+(?:press|public))\b",
    re.IGNORECASE,
)
_LATER_ITEMS = re.compile(
    r"\b(?:following|next|remaining)\s+items?\b|\bitems?\s+of\s+business\b|\bremainder\s+of\s+the\s+meeting\b",
    re.IGNORECASE,
)
# Some other report is restricted: "... noted within a separate report" (2020 item 7, 2022 51/21).
_ELSEWHERE = re.compile(
    r"\b(?:(?:separate|another|different|second)\s+(?:restricted\s+|confidential\s+)?"
    r"(?:report|paper|document|item|presentation)"
    r"|later\s+(?:in\s+the\s+)?(?:meeting|agenda)|considered\s+separately)\b",
    re.IGNORECASE,
)
# "This report was a restricted document": which report depends on the sentence before.
_THIS_REPORT = re.compile(
    r"\b(?:this|that|the)\s+(?:report|document|paper|presentation)\s+(?:was|is|were)\s+(?:a\s+|an\s+)?"
    r"(?:restricted|confidential|exempt)\b",
    re.IGNORECASE,
)


_MENTION_ONLY = Hints(_MENTION)
_TITLE_HINTS = Hints(_TITLE_MARK)
# Every pattern _classify finds a mention by: a minute without one of these words is not read further.
_CLASSIFY_HINTS = Hints(_EXCLUSION, _STATUTORY, _MENTION)


@dataclass(frozen=True)
class Judgement:
    """The decision on one item."""

    restricted: bool
    note: str | None = None  # why it is restricted, for the item's restriction_note
    warning: str | None = None  # what an officer should check
    excludes_public: bool = False  # press and public were excluded for the items after this one


def mentions_restriction(text: str) -> bool:
    """Whether ``text`` (a line or a sentence) speaks of restriction in a way that matters for
    publication: the words of ``_MENTION`` outside benign uses, or the statutory exemption."""
    if not MENTION_HINTS.may_match(text):
        return False  # nearly every line and sentence, told by substring searches
    if "12" in text and _STATUTORY.search(text):
        return True
    return _MENTION_ONLY.may_match(text) and bool(_MENTION.search(_BENIGN.sub(" ", text)))


_EXCLUSION_CHECK, _LATER_ITEMS_CHECK, _STATUTORY_CHECK, _ITSELF_CHECK, _ELSEWHERE_CHECK, _THIS_REPORT_CHECK = (
    Guarded(pattern) for pattern in (_EXCLUSION, _LATER_ITEMS, _STATUTORY, _ITSELF, _ELSEWHERE, _THIS_REPORT)
)
_BENIGN_HINTS = Hints(_BENIGN)


def _classify(sentence: str, previous: str) -> str | None:
    """"itself", "later items", "elsewhere", "unclear" or None (no mention of restriction). Each
    pattern runs only where the words it needs are in the sentence (hints.py)."""
    lowered = folded(sentence)
    if not _CLASSIFY_HINTS.in_folded(lowered):
        return None  # most sentences of a minute that mentions a restriction somewhere
    if _EXCLUSION_CHECK.search(sentence, lowered):
        return "later items" if _LATER_ITEMS_CHECK.search(sentence, lowered) else "itself"
    if _STATUTORY_CHECK.search(sentence, lowered):
        return "itself"
    unbenign = _BENIGN.sub(" ", sentence) if _BENIGN_HINTS.in_folded(lowered) else sentence
    if not _MENTION.search(unbenign):
        return None
    if _ITSELF_CHECK.search(sentence, lowered):
        return "itself"
    if _ELSEWHERE_CHECK.search(sentence, lowered):
        return "elsewhere"
    if _THIS_REPORT_CHECK.search(sentence, lowered):
        return "elsewhere" if _ELSEWHERE_CHECK.search(previous) else "itself"
    return "unclear"


def _short(sentence: str, limit: int = 120) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def judge(title: str, paragraphs: list[str], *, section_reason: str | None = None) -> Judgement:
    """Decide whether an item is restricted, and say why. ``section_reason`` says why the part of
    the minutes the item stands in is private (a heading, or the exclusion of the public), if it is."""
    match = _TITLE_MARK.search(title) if _TITLE_HINTS.may_match(title) else None
    if match:
        return Judgement(True, f"the title marks it restricted ('{match.group(0)}')")
    if section_reason:
        return Judgement(True, section_reason)
    worded = set(_CLASSIFY_HINTS.holding(paragraphs))
    if not worded:
        return Judgement(False)  # most minutes: no sentence of them can be classified
    found: dict[str, str] = {}
    previous = ""
    for position, paragraph in enumerate(paragraphs):
        if position not in worded:
            previous = paragraph
            continue
        for sentence in sentences(paragraph):
            kind = _classify(sentence, previous)
            if kind:
                found.setdefault(kind, sentence)
            previous = sentence
    if "itself" in found:
        return Judgement(True, f"the minute says the item itself was restricted: '{_short(found['itself'])}'")
    if "unclear" in found:
        sentence = _short(found["unclear"])
        return Judgement(
            True,
            f"the minute mentions a restriction and it is unclear whether it covers this item: '{sentence}'",
            f"the minute mentions a restriction ('{sentence}'); the item was marked restricted to be safe, "
            "please check",
        )
    if "later items" in found:
        return Judgement(
            False,
            warning="the minute excludes the press and public for the items that follow: this item is PUBLISHED "
            "and the items after it were marked restricted; please check",
            excludes_public=True,
        )
    if "elsewhere" in found:
        sentence = _short(found["elsewhere"])
        return Judgement(
            False,
            warning=f"the minute mentions a restricted report ('{sentence}') but reads as if it is a separate "
            "report, so the item will be PUBLISHED; please check",
        )
    return Judgement(False)
