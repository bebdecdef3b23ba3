"""People's names as printed: honorifics and ranks split off, post-nominals dropped."""
from __future__ import annotations

import re

# Printed form (lower case, no dots) -> the form kept. "Cll" is a typo in several sets of minutes.
_COUNCILLOR = {"cllr": "Cllr", "councillor": "Cllr", "cll": "Cllr", "coun": "Cllr"}
_TITLES = {
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "dr": "Dr", "prof": "Prof",
    "professor": "Professor", "rev": "Rev", "revd": "Revd", "reverend": "Reverend", "sir": "Sir",
    "dame": "Dame", "lord": "Lord", "lady": "Lady",
}
# Police and fire ranks, longest first so "Chief Inspector" is not read as "Chief" + a name.
_RANKS = {
    "chief superintendent": "Chief Superintendent", "ch supt": "Ch Supt",
    "chief inspector": "Chief Inspector", "ch insp": "Ch Insp",
    "detective superintendent": "Detective Superintendent", "detective inspector": "Detective Inspector",
    "detective sergeant": "Detective Sergeant", "chief constable": "Chief Constable",
    "assistant chief constable": "Assistant Chief Constable", "superintendent": "Superintendent",
    "supt": "Supt", "inspector": "Inspector", "insp": "Insp", "sergeant": "Sergeant", "sgt": "Sgt",
    "dci": "DCI", "ds": "DS", "pc": "PC", "pcso": "PCSO", "acc": "ACC", "dcc": "DCC",
    "station manager": "Station Manager", "group manager": "Group Manager",
    "area manager": "Area Manager", "watch manager": "Watch Manager",
}
HONORIFICS = {**_COUNCILLOR, **_TITLES, **_RANKS}
_LONGEST_HONORIFIC = max(len(key.split()) for key in HONORIFICS)
_FIRST_WORDS = frozenset(key.split()[0] for key in HONORIFICS)
POST_NOMINALS = frozenset(
    "obe mbe cbe bem qpm qfsm jp dl kc qc mp mep frsa phd msc bsc ma ba llb mba".split()
)


def _plain(word: str) -> str:
    return word.replace(".", "").lower()


def _leading_honorific(words: list[str]) -> tuple[str, int] | None:
    """The honorific at the start of ``words`` and how many words it takes, longest match first."""
    if _plain(words[0]) not in _FIRST_WORDS:
        return None
    for size in range(min(_LONGEST_HONORIFIC, len(words) - 1), 0, -1):
        key = " ".join(_plain(word) for word in words[:size])
        if key in HONORIFICS:
            return HONORIFICS[key], size
    return None


def split_name(printed: str) -> tuple[str, str | None]:
    """``Cllr Mrs Cunningham`` -> (``Cunningham``, ``Cllr Mrs``); ``Norma Stephenson OBE`` ->
    (``Norma Stephenson``, None). A lone honorific is left as the name rather than lost."""
    words = printed.split()
    honorifics = []
    while len(words) > 1:
        found = _leading_honorific(words)
        if not found:
            break
        honorifics.append(found[0])
        words = words[found[1]:]
    while len(words) > 1 and _plain(words[-1]) in POST_NOMINALS:
        words.pop()
    return " ".join(words), (" ".join(honorifics) or None)


_NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$|^(?:de|van|von|der|la|le|du|da|di|of|O')$")


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words: what a person's name in an attendance list looks like."""
    words = text.split()
    return 0 < len(words) <= 5 and all(_NAME_WORD.match(word) for word in words)


def name_key(name: str) -> str:
    """The form two mentions of one person share: case and spacing ignored."""
    return " ".join(name.lower().split())
