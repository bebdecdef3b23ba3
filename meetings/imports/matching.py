"""Matching a meeting's old items to a new document's items by title and text, never by number (pure Python)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

# A fuzzy match is trusted only when it is this close (0..1, titles weighing 0.6 and text 0.4) and
# this far ahead of the next candidate; anything less is "might be", which fails closed.
CONFIDENT = 0.75
MARGIN = 0.1
# New items at least this close to an unmatched restricted item are the ones it "might be".
POSSIBLE = 0.4
TEXT_CHARS = 1500  # enough of a minute to tell items apart; bounds the cost of comparing long minutes
KEY_LENGTH = 255  # RestrictionDecision.title_key


def text_key(text: str | None) -> str:
    """Case, accents, punctuation and spacing folded: "Anti-Social  Behaviour." -> "anti social behaviour"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return text.strip()


def title_key(title: str | None) -> str:
    return text_key(title)[:KEY_LENGTH]


def minute_digest(minute: str | None) -> str:
    """SHA-256 of a minute's folded text: the same minute whatever its line ends and spacing."""
    return hashlib.sha256(text_key(minute).encode()).hexdigest()


@dataclass(frozen=True)
class Candidate:
    """An item to match: its position in its own list, its title and its minute."""

    position: int
    title: str
    text: str = ""


@dataclass(frozen=True)
class Matching:
    matched: dict[int, int]  # old position -> new position, confident matches only
    possible: dict[int, tuple[int, ...]]  # old position with no confident match -> new positions it might be


def _score(old: Candidate, new: Candidate, old_text: str, new_text: str) -> float:
    old_title, new_title = title_key(old.title), title_key(new.title)
    title = 1.0 if old_title and old_title == new_title else SequenceMatcher(None, old_title, new_title).ratio()
    if not old_text and not new_text:
        return title
    return 0.6 * title + 0.4 * SequenceMatcher(None, old_text, new_text).ratio()


def items_match(old: list[Candidate], new: list[Candidate], *, wanted: set[int] | None = None) -> Matching:
    """Pair old items with new ones by title and text.

    Args:
        old: the items of the meeting being replaced.
        new: the new document's items.
        wanted: the old positions whose counterpart matters (the restricted ones); all when None.
            Only they are compared fuzzily, which keeps a 300-item replace cheap.
    Returns:
        Confident one-to-one matches, and for each wanted old item without one, the new items it
        might be (close enough to be it; every unmatched new item when none is close).
    """
    wanted = {o.position for o in old} if wanted is None else wanted
    matched: dict[int, int] = {}
    # 1. Equal titles, when a title occurs as often in both lists (in order: "Any other business" twice).
    old_by_title, new_by_title = defaultdict(list), defaultdict(list)
    for o in old:
        old_by_title[title_key(o.title)].append(o.position)
    for n in new:
        new_by_title[title_key(n.title)].append(n.position)
    for key, olds in old_by_title.items():
        news = new_by_title.get(key, [])
        if key and len(olds) == len(news):
            matched.update(zip(olds, news))
    # 2. The wanted items still unmatched: by title and text, trusted only when clearly the best.
    taken = set(matched.values())
    texts_new = {n.position: text_key(n.text)[:TEXT_CHARS] for n in new}
    possible: dict[int, tuple[int, ...]] = {}
    for o in old:
        if o.position in matched or o.position not in wanted:
            continue
        old_text = text_key(o.text)[:TEXT_CHARS]
        scores = sorted(
            ((_score(o, n, old_text, texts_new[n.position]), n.position) for n in new if n.position not in taken),
            reverse=True,
        )
        if scores and scores[0][0] >= CONFIDENT and (len(scores) == 1 or scores[0][0] - scores[1][0] >= MARGIN):
            matched[o.position] = scores[0][1]
            taken.add(scores[0][1])
            continue
        close = tuple(sorted(position for score, position in scores if score >= POSSIBLE))
        possible[o.position] = close or tuple(sorted(position for _, position in scores))
    return Matching(matched=matched, possible=possible)
