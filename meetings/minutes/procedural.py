"""Whether a resolution is procedural (the minutes approved, a report noted or received, an item put off).

Pure Python, no Django: the import service, `Resolution.save()` and the data migration all call
`is_procedural(text)` once, and the register filters on the stored answer
(`Resolution.is_procedural`). The phrasings are the partnership's own, from the sample and real
minutes (sample_data/minutes, ../shared/minutes/real): "the report be noted", "to note the update",
"the minutes be approved, with some small amendments", "the item be postponed until the next
meeting". When unsure the answer is "substantive": a resolution wrongly left out of the filtered
register is worse than a "be noted" left in.
"""
from __future__ import annotations

import re

# Words that make a resolution a decision, wherever they appear: "the report be noted and the
# strategy endorsed" decided something. "approve" counts except in "the minutes ... be approved".
DECISION_WORDS = re.compile(
    r"\b(?:approv\w*|agree\w*|endors\w*|support\w*|adopt\w*|appoint\w*|recommend\w*|request\w*|ask\w*|"
    r"delegat\w*|allocat\w*|fund\w*|commission\w*|sign\w* off|signed|authoris\w*|authoriz\w*|nominat\w*|"
    r"elect\w*|named|establish\w*|set up|ratif\w*|accept\w*|refer\w*|write|writ\w*|invit\w*|seek\w*|"
    r"provided|subject to|but|however)\b",
    re.IGNORECASE,
)
# Lead-ins the minutes print before the resolution proper ("RESOLVED that", "AGREED", "1.").
LEAD_IN = re.compile(r"^(?:\(?[0-9ivx]+[.)]\s*|resolved\b[:,]?\s*|agreed\b[:,]?\s*|that\b\s*)+", re.IGNORECASE)

# The minutes of an earlier meeting approved or confirmed (a correct record), with or without amendments.
MINUTES_APPROVED = re.compile(
    r"^(?:the )?minutes(?: of (?:the |that )?(?:last |previous |meeting|\w+ )[^.;]*?)? "
    r"(?:be|were|was) (?:approved|agreed|confirmed|accepted|signed)"
    r"(?: (?:as (?:a )?(?:true|correct|accurate) record|by the chair)[^.;]*|,? with [^.;]*amendments?)?$",
    re.IGNORECASE,
)
# Something noted or received: "the report be noted", "to note the update", "the letters were received".
NOTED = re.compile(
    r"(?:^(?:to )?note\b|\b(?:be|were|was|is|are|being) (?:duly )?(?:noted|received)(?: by (?:the )?\w+| with thanks| accordingly)?$|^(?:noted|received)\b)",
    re.IGNORECASE,
)
# An item put off or withdrawn: "the item be postponed until the next meeting".
PUT_OFF = re.compile(
    r"\b(?:be|was|were) (?:postponed|deferred|withdrawn|carried forward|moved to (?:a|the) (?:later|next|future) meeting)\b",
    re.IGNORECASE,
)


def _clauses(text: str) -> list[str]:
    """The resolution's sentences, lead-ins and end punctuation taken off."""
    clauses = []
    # Split at a full stop or semicolon before a space, never inside "16.02.17" or "2005/8".
    for part in re.split(r"[.;]\s+|\n+", text):
        part = " ".join(part.split()).strip(" .;:,")
        part = LEAD_IN.sub("", part).strip(" .;:,")
        # "1. the report be noted": the split leaves the number alone, which is no clause.
        if part and not re.fullmatch(r"\(?[0-9]+\)?|\(?[ivx]+\)?|[a-h]\)", part, re.IGNORECASE):
            clauses.append(part)
    return clauses


def _clause_procedural(clause: str) -> bool:
    if MINUTES_APPROVED.match(clause):
        return True
    if DECISION_WORDS.search(clause):
        return False
    # "as Officers were unavailable to attend, the report be moved to a later meeting": the reason
    # before the comma does not make it a decision.
    return bool(NOTED.search(clause) or PUT_OFF.search(clause))


def is_procedural(text: str) -> bool:
    """True when every sentence of the resolution only approves minutes, notes, receives or puts off.

    Args:
        text: the resolution as minuted ("the report be noted.").
    Returns:
        False for anything else, for an empty text, and whenever a sentence decides something.
    """
    clauses = _clauses(text or "")
    return bool(clauses) and all(_clause_procedural(clause) for clause in clauses)
