"""Normalising names so that spellings of one person or organisation compare equal. Pure Python."""
import re
import unicodedata

# The one honorific and rank table of the project, used by the minutes parser (meetings/minutes/
# names.py, which splits them off printed names) and by people matching (normalise_name below).
# Printed form (lower case, no full stops) -> the form kept. "Cll" is a typo in several sets of minutes.
COUNCILLOR = {"cllr": "Cllr", "councillor": "Cllr", "cll": "Cllr", "coun": "Cllr", "cllrs": "Cllr"}
TITLES = {
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "dr": "Dr", "prof": "Prof",
    "professor": "Professor", "rev": "Rev", "revd": "Revd", "reverend": "Reverend", "sir": "Sir",
    "dame": "Dame", "lord": "Lord", "lady": "Lady",
}
# Police and fire ranks; matching tries the longest first, so "Chief Inspector" is not "Chief" + a name.
RANKS = {
    "chief superintendent": "Chief Superintendent", "ch supt": "Ch Supt", "c/supt": "C/Supt",
    "ch/supt": "C/Supt", "chief supt": "Ch Supt", "det supt": "Det Supt",
    "chief inspector": "Chief Inspector", "ch insp": "Ch Insp", "c/insp": "Ch Insp", "ch/insp": "Ch Insp",
    "detective chief superintendent": "Detective Chief Superintendent",
    "detective chief inspector": "Detective Chief Inspector", "det ch insp": "Det Ch Insp",
    "detective superintendent": "Detective Superintendent", "detective inspector": "Detective Inspector",
    "detective sergeant": "Detective Sergeant", "detective constable": "Detective Constable",
    "det insp": "Det Insp", "det sgt": "Det Sgt", "det": "Det",
    "chief constable": "Chief Constable", "deputy chief constable": "Deputy Chief Constable",
    "assistant chief constable": "Assistant Chief Constable", "superintendent": "Superintendent",
    "supt": "Supt", "inspector": "Inspector", "insp": "Insp", "sergeant": "Sergeant", "sgt": "Sgt",
    "police constable": "PC", "dci": "DCI", "ds": "DS", "dc": "DC", "pc": "PC", "pcso": "PCSO",
    "acc": "ACC", "dcc": "DCC",
    "station manager": "Station Manager", "group manager": "Group Manager",
    "area manager": "Area Manager", "watch manager": "Watch Manager",
}
HONORIFIC_TABLE = {**COUNCILLOR, **TITLES, **RANKS}
POST_NOMINAL_TABLE = ("obe", "mbe", "cbe", "bem", "qpm", "qfsm", "jp", "dl", "kc", "qc", "mp", "mep", "frsa",
                      "phd", "msc", "bsc", "ma", "ba", "llb", "mba")
# For matching keys, where "/" and "-" have become spaces ("C/Supt" -> "c supt").
HONORIFICS = tuple(sorted({key.replace("/", " ") for key in HONORIFIC_TABLE} | {"cllr mrs"}, key=len, reverse=True))
POST_NOMINALS = POST_NOMINAL_TABLE[:6]

_HONORIFIC_RE = re.compile(
    r"^(?:(?:%s)\.?\s+)+" % "|".join(re.escape(h) for h in HONORIFICS)
)
_POST_NOMINAL_RE = re.compile(r"(?:\s+(?:%s)\.?)+$" % "|".join(POST_NOMINALS))


def normalise_name(name: str) -> str:
    """A matching key: case, accents, punctuation, hyphens, spacing and honorifics folded away.

    "Cllr Mrs Sarah Bowman-Abouna OBE" and "sarah bowman abouna" give the same key.
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\u2010-\u2015\-_/]", " ", text)  # hyphens and dashes separate words
    text = re.sub(r"[^\w\s&]", "", text)  # drop punctuation (apostrophes, full stops, brackets)
    text = re.sub(r"\s+", " ", text).strip()
    text = _HONORIFIC_RE.sub("", text)
    text = _POST_NOMINAL_RE.sub("", text)
    return text.strip()


def _fold(text: str) -> str:
    """Case, accents and punctuation folded as in `normalise_name`, hyphens kept as spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\u2010-\u2015\-_/]", " ", text)
    text = re.sub(r"[^\w\s&]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def person_sort_key(name: str) -> str:
    """The A–Z key of a person: surname first, then the given names, honorifics and letters left out.

    "Sarah Bowman-Abouna" -> "bowman abouna sarah"; "Cllr Steve Nelson" -> "nelson steve";
    "Jane Smith OBE" -> "smith jane". The surname is the last word as written (a hyphenated surname
    is one word); a one-word name ("Cunningham", as some minutes list apologies) is its own key.
    """
    words = (name or "").split()
    while len(words) > 1 and _fold(words[-1]) in POST_NOMINAL_TABLE:
        words.pop()
    if not words:
        return ""
    surname, given = _fold(words[-1]), _fold(" ".join(words[:-1]))
    # The honorific pattern expects a space after each title; "Cllr" alone before a surname has none.
    given = _HONORIFIC_RE.sub("", given + " ").strip()
    return f"{surname} {given}".strip()
