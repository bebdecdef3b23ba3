"""Normalising names so that spellings of one person or organisation compare equal. Pure Python."""
import re
import unicodedata

# Titles and ranks seen in the minutes; they are not part of the name a person is matched by.
HONORIFICS = (
    "councillor", "cllr", "cll", "cllr mrs", "mrs", "mr", "ms", "miss", "dr", "prof", "professor",
    "insp", "inspector", "ch insp", "chief inspector", "supt", "superintendent", "ch supt",
    "chief superintendent", "det", "sgt", "sergeant", "pc", "rev", "revd", "sir", "dame", "lord",
)
POST_NOMINALS = ("obe", "mbe", "cbe", "qpm", "jp", "dl")

_HONORIFIC_RE = re.compile(
    r"^(?:(?:%s)\.?\s+)+" % "|".join(sorted((re.escape(h) for h in HONORIFICS), key=len, reverse=True))
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
