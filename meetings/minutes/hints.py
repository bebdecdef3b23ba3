"""Quick pre-checks derived from the patterns themselves: the words every match must contain."""
# Most lines and minutes hold no restriction language, and a plain substring search is many times
# faster than a case-insensitive pattern with word boundaries. So each slow pattern gets a pre-check
# of literal words, one of which is in every text the pattern can match; the words are read from the
# pattern's own parse, never kept beside it by hand, so a new phrase can never slip past its check.
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from re import _constants as sre
from re import _parser as sre_parse

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _better(found: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    """Of two sets of required words, the one whose shortest word is longest (the sharper check)."""
    if not other:
        return found
    if not found:
        return other
    return other if min(map(len, other)) > min(map(len, found)) else found


def _leading(items) -> str:
    """The literal text a parsed sequence starts with."""
    text = []
    for op, argument in items:
        if op is not sre.LITERAL:
            break
        text.append(chr(argument))
    return "".join(text)


def _required(items) -> frozenset[str] | None:
    """For a parsed sequence: words of which every match of the sequence contains one, or None."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, argument in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        if run and op is sre.BRANCH:
            # The parser moves a prefix the alternatives share out in front ("p(?:art|rivate)"):
            # put it back, so the words are "part" and "private" rather than "p".
            prefix = "".join(run)
            best = _better(best, frozenset((prefix + _leading(branch)).lower() for branch in argument[1]))
        if run:
            best = _better(best, frozenset({"".join(run).lower()}))
            run = []
        if op is sre.SUBPATTERN:
            best = _better(best, _required(argument[-1]))
        elif op is sre.BRANCH:
            branches = [_required(branch) for branch in argument[1]]
            if all(branches):
                best = _better(best, frozenset().union(*branches))
        elif op in _REPEATS and argument[0] >= 1:
            best = _better(best, _required(argument[2]))
        # Anything else (a class, a boundary, a look-around, an optional part) requires no word.
    return best


def required_words(pattern: re.Pattern) -> tuple[str, ...]:
    """Lower-case words one of which every match of ``pattern`` contains.

    Raises:
        ValueError: some match need contain no literal word, so no pre-check can be derived.
    """
    words = _required(sre_parse.parse(pattern.pattern, pattern.flags).data)
    if not words:
        raise ValueError(f"no word is required by every match of {pattern.pattern!r}")
    return tuple(sorted(words))


# The characters outside ASCII that Python's case-insensitive patterns take for an ASCII letter, and
# that ``str.lower`` does not turn into it (test_hints checks this against the whole of Unicode).
FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}
_FOLD_TABLE = str.maketrans(FOLDS)


def folded(text: str) -> str:
    """``text`` in lower case, with the letters of ``FOLDS`` made the ASCII letters a
    case-insensitive pattern takes them for: a word a pattern finds is in it."""
    if not text.isascii() and any(character in text for character in FOLDS):
        text = text.translate(_FOLD_TABLE)
    return text.lower()


class Hints:
    """A pre-check for some patterns: ``may_match(text)`` is False only where none of them can
    match ``text``, told by plain substring searches, many times faster than the patterns."""

    def __init__(self, *patterns: re.Pattern, words: tuple[str, ...] = ()):
        found = set(words)
        for pattern in patterns:
            found.update(required_words(pattern))
        # A word containing another is redundant: the shorter is found wherever the longer is.
        self.words = tuple(sorted(word for word in found if not any(o != word and o in word for o in found)))

    def may_match(self, text: str) -> bool:
        lowered = folded(text)
        return any(word in lowered for word in self.words)

    def holding(self, texts: list[str]) -> list[int]:
        """The indices of the texts (lines, paragraphs) that hold one of the words, in order: one
        substring search per word over all of them joined, rather than every word in every text
        (``folded`` keeps every character in place, so offsets map back to the texts)."""
        joined = folded("\n".join(texts))
        starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        found: set[int] = set()
        for word in self.words:
            at = joined.find(word)
            while at != -1:
                index = bisect_right(starts, at) - 1
                found.add(index)
                # On from the next text: this one is known to hold a word.
                at = joined.find(word, starts[index + 1]) if index + 1 < len(starts) else -1
        return sorted(found)

    def in_folded(self, lowered: str) -> bool:
        """``may_match`` for text already passed through ``folded``."""
        return any(word in lowered for word in self.words)


class Guarded:
    """A pattern behind the pre-check derived from it: ``search`` runs the pattern only where one of
    the words it needs is in the text."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.hints = Hints(pattern)

    def search(self, text: str, lowered: str | None = None) -> re.Match | None:
        """``pattern.search(text)``; ``lowered`` is ``folded(text)`` where the caller has it."""
        if not self.hints.in_folded(folded(text) if lowered is None else lowered):
            return None
        return self.pattern.search(text)
