"""People's names as printed: honorifics and ranks split off, post-nominals dropped."""
from __future__ import annotations

import re

# The one honorific/rank table lives in people/names.py (pure Python, no Django), shared with
# people matching; importing it here keeps the parser free of Django.
from people.names import HONORIFIC_TABLE as HONORIFICS  # noqa: E402
from people.names import POST_NOMINAL_TABLE  # noqa: E402

_LONGEST_HONORIFIC = max(len(key.split()) for key in HONORIFICS)
_FIRST_WORDS = frozenset(key.split()[0] for key in HONORIFICS)
POST_NOMINALS = frozenset(POST_NOMINAL_TABLE)


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
