"""Declarations of interest, attached to the item in which they were declared."""
from __future__ import annotations

import re

from .layouts import SSP_LABEL, label_digits
from .names import split_name
from .paragraphs import sentences
from .types import ParsedDeclaration

# "Tina Williams declared an interest in respect of agenda item 15 - Alcohol Strategy ..." (2012);
# "Councillor Nelson declared a personal non prejudicial interest in item SSP 12/17 ...".
_DECLARED = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,5}) declared (?:an? )?(?:[\w-]+ ){0,4}?interests?\b",
)
_ITEM_REFERENCE = re.compile(
    r"\b(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?"
    rf"(?P<ref>{SSP_LABEL}|\d{{1,3}}(?:\s*/\s*\d{{2,4}})?)\b",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(r"\bno\s+(?:declarations|interests)\b|\bnone\b|\bnil\b", re.IGNORECASE)


def resolve_reference(reference: str, numbers: list[str | None]) -> str | None:
    """The printed number of the item a declaration points at: the item whose number has the same
    digits (``15`` -> ``15``, ``SSP 12/17`` -> ``SSP 12/17``), or None if no item matches."""
    wanted = label_digits(reference)
    return next((number for number in numbers if number and label_digits(number) == wanted), None)


def read_declarations(paragraphs: list[str], numbers: list[str | None]) -> tuple[list[ParsedDeclaration], list[str]]:
    """Declarations in one item's minute, and the sentences that speak of an interest but could not
    be read (for warnings)."""
    found, unread = [], []
    if "declar" not in "\n".join(paragraphs).lower():
        return found, unread  # nearly every minute: one search rather than one per paragraph
    for paragraph in paragraphs:
        if "declar" not in paragraph.lower():
            continue
        for sentence in sentences(paragraph):
            lowered = sentence.lower()
            if "declar" not in lowered or "interest" not in lowered or _NEGATIVE.search(sentence):
                continue
            match = _DECLARED.match(sentence)
            if not match:
                unread.append(sentence)
                continue
            name, _ = split_name(match["name"])
            reference = _ITEM_REFERENCE.search(sentence, match.end())
            item = None
            if reference:
                item = resolve_reference(reference["ref"], numbers) or " ".join(reference["ref"].split())
            found.append(ParsedDeclaration(name, item, sentence))
    return found, unread
