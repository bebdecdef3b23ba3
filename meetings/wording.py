"""Counted nouns for officers' messages: "1 warning", "2 warnings", "1 spelling", through ngettext.

One helper rather than `{n} warnings` or `'s' if n != 1` scattered in f-strings, which is how
"1 warnings" and "1 spellings" reached the admin.
"""
from django.utils.translation import ngettext

# singular -> plural for the nouns our messages count; a noun missing here takes an "s".
_PLURALS = {"person": "people", "was": "were", "is": "are", "attending": "attending"}


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun agreeing with it: counted(1, "warning") == "1 warning"; counted(2, "warning") == "2 warnings"."""
    plural = plural or _PLURALS.get(singular, singular + "s")
    return f"{n:,} {ngettext(singular, plural, n)}"
