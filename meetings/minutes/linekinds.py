"""Each line of a document classified once, for the splitter, the item builder and the net alike."""
# Every stage used to ask its own questions of every line (is it a section heading, a heading glued
# to the text before, restriction language?), each pass re-running patterns over the same lines.
# ``LineKinds`` answers them once per document. Lines holding no word of restriction language at
# all, nearly every line, are told apart by one search over the whole text for the words the
# patterns need (derived from the patterns, see hints.py), so the patterns run only where they can match.
from __future__ import annotations

import re

from .hints import Hints
from .layouts import MAX_HEADING_LENGTH, RESTRICTED_HINTS, glued_heading, section_kind
from .restriction import MENTION_HINTS, mentions_restriction

# A short line of these words that is no sentence looks like a private-section heading.
_HEADING_WORDS = re.compile(r"\b(?:part\s*(?:2|ii|two)|private|press\s+and\s+(?:the\s+)?public)\b", re.IGNORECASE)
_HEADING_LIKE_HINTS = Hints(_HEADING_WORDS, words=MENTION_HINTS.words)
# Every word some question about restriction needs: a line with none of them is no restricted
# heading (own or glued), no restriction language and nothing heading-like.
NET_HINTS = Hints(words=RESTRICTED_HINTS.words + MENTION_HINTS.words + _HEADING_LIKE_HINTS.words)


def heading_like(line: str) -> bool:
    """A short line of restriction words that is no sentence: how a private-section heading looks,
    whatever its wording (the net's fallback for headings ``SECTION_HEADINGS`` does not know)."""
    if not _HEADING_LIKE_HINTS.may_match(line):
        return False  # nearly every line of a minute
    core = line.strip(" |*_#:\t")
    words = core.split()
    if not 0 < len(words) <= 8 or len(core) > MAX_HEADING_LENGTH or core.endswith((".", ",", ";")):
        return False
    return mentions_restriction(core) or bool(_HEADING_WORDS.search(core))


class LineKinds:
    """What each line of a document is, asked once.

    ``kind[i]``: the section heading kind of line ``i`` standing on its own ("restricted", "public",
    "neutral") or None; ``glued[i]``: a restricted heading glued to its end, as ``glued_heading``
    gives it; ``worded``: the lines holding any word of restriction language, in order; ``restricted``:
    the lines the restriction net must look at (worded, or a restricted heading)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.kind: list[str | None] = [section_kind(line) if line else None for line in lines]
        self.worded = NET_HINTS.holding(lines)
        self.glued: dict[int, tuple[str, str]] = {}
        for index in self.worded:
            glued = glued_heading(lines[index])
            if glued:
                self.glued[index] = glued
        restricted = {index for index, kind in enumerate(self.kind) if kind == "restricted"}
        self.restricted = sorted(restricted.union(self.worded))

    def restriction_line(self, index: int) -> bool:
        """Does line ``index`` hold restriction language: a restricted section heading (own line,
        bold, table row, glued to the text before) or words such as "exempt information",
        "Schedule 12A", "not for publication", "press and public be excluded"?"""
        line = self.lines[index]
        if not line:
            return False
        return self.kind[index] == "restricted" or index in self.glued or mentions_restriction(line)
