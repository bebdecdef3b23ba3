"""Matching names from minutes to people and organisations: exact by normalised spelling, near as suggestions.

An exact match (same `normalise_name` key, through the record's own name, short name or a stored alias)
is used by the import. A near match ("Dave" / "David Willingham", "Bowman-Abouna" / "Bowman-Abuna") is
only ever a suggestion for an officer: two people of one family, or two officers with similar names, sit
on the partnership, so merging is a human decision (people/services.py does it when asked).

`NameDirectory` and the functions around it are pure; only the two `*_directory()` loaders touch the
database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .names import normalise_name

# Short and long forms of first names seen in (or likely in) the partnership's minutes. Two names of
# one group are "compatible": "Dave Willingham" (2020, 2022) is very likely "David Willingham" (2017,
# 2024), but only an officer can say so.
_NAME_GROUPS = (
    {"david", "dave", "davey"},
    {"steven", "stephen", "steve"},
    {"michael", "mike", "mick"},
    {"christopher", "chris"},
    {"christine", "chris", "christina"},
    {"james", "jim", "jimmy", "jamie"},
    {"robert", "rob", "bob", "robbie"},
    {"anthony", "tony"},
    {"andrew", "andy", "drew"},
    {"peter", "pete"},
    {"amanda", "mandy", "mandie"},
    {"jonathan", "jon", "john", "johnny"},
    {"daniel", "dan", "danny"},
    {"edward", "ed", "eddie", "ted"},
    {"alexander", "alexandra", "alex"},
    {"geoffrey", "geoff", "jeff", "jeffrey"},
    {"kenneth", "ken", "kenny"},
    {"elizabeth", "liz", "beth", "lizzie"},
    {"katherine", "catherine", "kathryn", "kate", "katie", "kath", "cath"},
    {"joanne", "joanna", "jo"},
    {"nicholas", "nick", "nicky"},
    {"thomas", "tom", "tommy"},
    {"william", "will", "bill", "billy"},
    {"samuel", "samantha", "sam"},
    {"susan", "sue", "suzanne"},
    {"margaret", "maggie", "peggy"},
    {"patricia", "pat", "trish"},
    {"richard", "rich", "rick", "dick"},
    {"philip", "phillip", "phil"},
    {"matthew", "matt"},
    {"timothy", "tim"},
    {"gillian", "gilly", "gill", "jill"},
    {"ann", "anne", "anna"},
)
_COMPATIBLE = {}
for _group in _NAME_GROUPS:
    for _name in _group:
        _COMPATIBLE.setdefault(_name, set()).update(_group)

SURNAME_SIMILARITY = 0.85  # "bowman abouna" / "bowman abuna" is 0.91; "connor" / "corner" is 0.67
ORGANISATION_SIMILARITY = 0.8
# An affiliation is "organisation – department" ("SBC – Public Health"); hyphens inside a name
# ("Stockton-on-Tees") have no spaces around them and are not separators.
_AFFILIATION_SEPARATOR = re.compile(r"\s+[\u2010-\u2015-]+\s+")


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def first_names_compatible(a: str, b: str) -> bool:
    """True when two first names may be one person's: equal, short/long forms, or one a prefix (Steve/Steven)."""
    if a == b or b in _COMPATIBLE.get(a, ()):
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter)


def people_names_near(a: str, b: str) -> bool:
    """Whether two normalised person keys are different spellings that may be one person.

    Near when the surnames are almost the same and the first names compatible, or when one name is a
    bare surname ("Cunningham", as the 2012 minutes list an apology) equal to the other's surname.
    """
    if not a or not b or a == b:
        return False
    ta, tb = a.split(), b.split()
    if len(ta) == 1 or len(tb) == 1:
        return ta[-1] == tb[-1]
    surname_a, surname_b = " ".join(ta[1:]), " ".join(tb[1:])
    return first_names_compatible(ta[0], tb[0]) and _similar(surname_a, surname_b) >= SURNAME_SIMILARITY


def organisation_names_near(a: str, b: str) -> bool:
    """Whether two normalised organisation keys look like one organisation ("thirteen" / "thirteen group")."""
    if not a or not b or a == b:
        return False
    ta, tb = a.split(), b.split()
    shorter, longer = sorted((ta, tb), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    return _similar(a, b) >= ORGANISATION_SIMILARITY


def split_affiliation(affiliation: str) -> tuple[str, str]:
    """("SBC – Public Health") -> ("SBC", "Public Health"); an affiliation without a department -> (it, "")."""
    parts = _AFFILIATION_SEPARATOR.split((affiliation or "").strip(), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0].strip(), parts[1].strip()
    return (affiliation or "").strip(), ""


@dataclass(frozen=True)
class Known:
    """A record the directory knows: its primary key and the name it is shown by."""

    pk: int
    name: str


class NameDirectory:
    """Every known spelling of a set of records, keyed by `normalise_name`.

    Args (constructor):
        entries: (pk, display name, other spellings) for each record; spellings are the record's own
            name, short name and aliases. Where two records share a spelling, the first (lowest pk when
            loaded from the database) keeps it and the spelling is listed in `ambiguous`.
        near: the predicate that says two keys are near (people_names_near or organisation_names_near).
    """

    def __init__(self, entries: Iterable[tuple[int, str, Iterable[str]]], *, near=people_names_near):
        self._by_key: dict[str, Known] = {}
        self._keys_of: dict[int, set[str]] = {}
        self.ambiguous: set[str] = set()
        self._near = near
        for pk, name, spellings in entries:
            self.add(pk, name, spellings)

    def add(self, pk: int, name: str, spellings: Iterable[str] = ()) -> None:
        known = Known(pk, name)
        for spelling in (name, *spellings):
            key = normalise_name(spelling)
            if not key:
                continue
            existing = self._by_key.get(key)
            if existing is not None and existing.pk != pk:
                self.ambiguous.add(key)
                continue
            self._by_key[key] = known
            self._keys_of.setdefault(pk, set()).add(key)

    def find(self, name: str) -> Known | None:
        """The record spelt `name` (after normalising), or None."""
        return self._by_key.get(normalise_name(name))

    def near(self, name: str, *, exclude: Iterable[int] = (), limit: int = 3) -> list[Known]:
        """Records with a spelling near `name`, best first; `exclude` drops records by pk.

        Excluding is how the import avoids suggesting that two people listed at one meeting (Angela
        Connor and Angela Corner, 2020) are one person.
        """
        key = normalise_name(name)
        excluded = set(exclude)
        scored: dict[int, tuple[float, Known]] = {}
        for pk, keys in self._keys_of.items():
            if pk in excluded:
                continue
            for other in keys:
                if self._near(key, other):
                    score = _similar(key, other)
                    if pk not in scored or score > scored[pk][0]:
                        scored[pk] = (score, self._by_key[other])
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))
        return [known for _, known in ranked[:limit]]


def person_directory() -> NameDirectory:
    """Every person's name and aliases (two queries)."""
    from .models import Person, PersonAlias

    aliases: dict[int, list[str]] = {}
    for person_id, name in PersonAlias.objects.values_list("person_id", "name"):
        aliases.setdefault(person_id, []).append(name)
    return NameDirectory(
        (pk, name, aliases.get(pk, ())) for pk, name in Person.objects.order_by("pk").values_list("pk", "name")
    )


def organisation_directory() -> NameDirectory:
    """Every organisation's name, short name and aliases (two queries)."""
    from .models import Organisation, OrganisationAlias

    aliases: dict[int, list[str]] = {}
    for organisation_id, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
        aliases.setdefault(organisation_id, []).append(name)
    rows = Organisation.objects.order_by("pk").values_list("pk", "name", "short_name")
    return NameDirectory(
        ((pk, name, [short, *aliases.get(pk, ())]) for pk, name, short in rows), near=organisation_names_near
    )
