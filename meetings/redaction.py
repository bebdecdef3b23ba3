"""The public text of minutes and resolutions: sentences naming a restricted item of the meeting are withheld.

A public "Declarations of interest" minute can say "Cllr X declared an interest in respect of agenda
item 3 - Operation Kestrel Vantage": the item is restricted, but the sentence naming it is not. The
public text (`AgendaItem.public_minute`, `Resolution.public_text`) is the text with each such
sentence replaced by a notice, and a declaration whose own text names a restricted item is `withheld`. Both are stored, not worked
out per view, so search, filters and the API's `q=` match only what the public may read.

`meeting_refresh_public_text(meeting)` is the one service that keeps them current: the import calls
it after writing a meeting, the admin whenever an item's restricted flag or minute may have changed.
The text functions above it are pure Python (no database) so the import can warn in its preview.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DECLARATION_WITHHELD = "[An interest was declared in an item that is not published.]"
REFERENCE_WITHHELD = "[A sentence about an item that is not published has been withheld.]"
SENTENCE_WITHHELD_WARNING = (
    'Item {item}: a sentence naming restricted item {restricted} is withheld from the public '
    '(the public sees "{notice}"): "{sentence}"'
)
DECLARATION_WITHHELD_WARNING = (
    "Item {item}: the declaration by {person} names restricted item {restricted}, so it is restricted too."
)

# Words that end with a full stop without ending a sentence ("Cllr. Smith", "item no. 3").
_ABBREVIATIONS = {"no", "nos", "cllr", "mr", "mrs", "ms", "dr", "st", "insp", "supt", "sgt", "det", "ch",
                  "prof", "rev", "revd", "eg", "ie", "etc", "approx", "cf", "vs", "para", "paras"}
_BOUNDARY = re.compile(r"(\n+|(?<=[.!?])[ \t]+(?=[\"'‘“(\[]?[A-Z0-9]))")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.\s*$")
_WORDS = re.compile(r"[a-z0-9]+")
_DECLARED = re.compile(r"\b(?:interests?|declar\w*)\b", re.IGNORECASE)
# "item 3", "agenda items 2 and 3", "minute no. 4", "items 3, 4 & 5"
_ITEM_NUMBERS = re.compile(
    r"\b(?:agenda\s+)?(?:items?|minutes?)\s+(?:nos?\.?\s*|numbers?\s+)?"
    r"(\d+[a-z]?(?:\s*(?:,|and|&|to|or|-)\s*\d+[a-z]?\b)*)",
    re.IGNORECASE,
)
# "SSP 3/20", "SSP/3/20", "3/20", "3 / 20"
_SLASH_NUMBER = re.compile(r"\b(\d+[a-z]?)\s*/\s*(\d{2,4})\b", re.IGNORECASE)
_MIN_TITLE_CHARS = 4  # a title key shorter than this ("AOB") would withhold sentences at random


@dataclass(frozen=True)
class RestrictedRef:
    """How a sentence can name a restricted item: its label, title words and numbers."""

    label: str
    title_key: str  # the title's words, lower case, single-spaced, padded with spaces
    slash_numbers: frozenset[str]  # "3/20"
    bare_numbers: frozenset[str]  # "3" (the printed number, its first part, and the position)


def _words_key(text: str) -> str:
    return " " + " ".join(_WORDS.findall((text or "").lower())) + " "


def restricted_ref(*, position: int, number: str, title: str) -> RestrictedRef:
    """The ways minutes name an item: "SSP 3/20", "3/20", "item 3" (number or position), its title."""
    number = " ".join((number or "").split())
    slash = {f"{a.lower()}/{b[-2:]}" for a, b in _SLASH_NUMBER.findall(number)}
    bare = {str(position)}
    bare |= {a.lower() for a, _ in _SLASH_NUMBER.findall(number)}
    plain = re.fullmatch(r"(?:[A-Za-z]+\s*)?(\d+[a-z]?)\.?", number, re.IGNORECASE)
    if plain:
        bare.add(plain.group(1).lower())
    title_key = _words_key(title)
    if len(title_key.strip()) < _MIN_TITLE_CHARS:
        title_key = ""
    return RestrictedRef(label=number or str(position), title_key=title_key,
                         slash_numbers=frozenset(slash), bare_numbers=frozenset(bare))


def names_restricted(text: str, refs: Iterable[RestrictedRef]) -> RestrictedRef | None:
    """The first restricted item `text` names by title or number, or None."""
    key = _words_key(text)
    slashes = {f"{a.lower()}/{b[-2:]}" for a, b in _SLASH_NUMBER.findall(text or "")}
    bare = set()
    for match in _ITEM_NUMBERS.finditer(text or ""):
        bare |= {n.lower() for n in re.findall(r"\d+[a-z]?", match.group(1), re.IGNORECASE)}
    for ref in refs:
        if ref.title_key and ref.title_key in key:
            return ref
        if slashes & ref.slash_numbers or bare & ref.bare_numbers:
            return ref
    return None


def _sentences(text: str) -> list[str]:
    """`text` cut into sentences and the separators between them: "".join(result) == text."""
    parts = _BOUNDARY.split(text)  # sentence, separator, sentence, ... (one capturing group)
    out = [parts[0]]
    for separator, sentence in zip(parts[1::2], parts[2::2]):
        # A space after an abbreviation ("item no. 3", "Cllr. Cook") is not a sentence boundary.
        if "\n" not in separator and _ends_with_abbreviation(out[-1]):
            out[-1] += separator + sentence
        else:
            out += [separator, sentence]
    return out


def _is_separator(part: str) -> bool:
    return part.strip() == ""


def _ends_with_abbreviation(sentence: str) -> bool:
    match = _LAST_WORD.search(sentence)
    return bool(match) and match.group(1).replace(".", "").lower() in _ABBREVIATIONS


@dataclass(frozen=True)
class Withheld:
    sentence: str
    restricted: RestrictedRef
    notice: str


def public_text(text: str, refs: Iterable[RestrictedRef]) -> tuple[str, list[Withheld]]:
    """`text` with every sentence naming one of `refs` replaced by a notice; and what was withheld."""
    refs = list(refs)
    if not refs or not text:
        return text or "", []
    out, withheld = [], []
    for part in _sentences(text):
        ref = None if _is_separator(part) else names_restricted(part, refs)
        if ref is None:
            out.append(part)
            continue
        notice = DECLARATION_WITHHELD if _DECLARED.search(part) else REFERENCE_WITHHELD
        withheld.append(Withheld(sentence=part.strip(), restricted=ref, notice=notice))
        # Two withheld sentences in a row read as one notice, not the same words twice.
        if len(out) >= 2 and out[-2] == notice and _is_separator(out[-1]) and "\n" not in out[-1]:
            out.pop()
            continue
        out.append(notice)
    return "".join(out), withheld


def withheld_warnings(items: Iterable) -> list[str]:
    """Warnings for an import's preview: what the public text of `items` would withhold.

    Args:
        items: objects with `position`, `number`, `title`, `minute`, `restricted` and (optionally)
            `declarations` with `name`, `text` and `relates_to_number` (the import's ItemPlan).
    """
    items = list(items)
    refs = [restricted_ref(position=i.position, number=i.number, title=i.title) for i in items if i.restricted]
    warnings = []
    if not refs:
        return warnings
    for item in items:
        if item.restricted:
            continue
        label = item.number or str(item.position)
        texts = [(label, item.minute)] + [
            (f"{label} (resolution {n})", text) for n, text in enumerate(getattr(item, "resolutions", ()), start=1)
        ]
        for where, text in texts:
            for withheld in public_text(text, refs)[1]:
                warnings.append(SENTENCE_WITHHELD_WARNING.format(
                    item=where, restricted=withheld.restricted.label, notice=withheld.notice,
                    sentence=withheld.sentence[:200]))
        for declaration in getattr(item, "declarations", ()):
            ref = declaration_restricted_ref(text=declaration.text, relates_to_number=declaration.relates_to_number,
                                             refs=refs)
            if ref is not None:
                warnings.append(DECLARATION_WITHHELD_WARNING.format(
                    item=label, person=declaration.name, restricted=ref.label))
    return warnings


# --- The service: stored public text kept current ---------------------------------------------


def declaration_restricted_ref(*, text: str, relates_to_number: str, refs: list[RestrictedRef]) -> RestrictedRef | None:
    """The restricted item a declaration names in its text or in the item number minuted with it."""
    ref = names_restricted(text, refs)
    if ref is None and relates_to_number:
        ref = names_restricted(f"item {relates_to_number} {relates_to_number}", refs)
    return ref


def meeting_refresh_public_text(meeting) -> list[str]:
    """Recompute and store the public text of every item, resolution and declaration of `meeting`.

    Call after writing rows without signals (the import's bulk_create). Saves of items, resolutions
    and declarations, and queryset updates of the fields it reads, call it themselves (see
    connect_signals and RefreshingUpdateMixin). Restricted items and their resolutions get an empty
    public text (never shown; empty fails closed). Writes only rows whose public text changed.

    Returns:
        Warnings in words, one per sentence or declaration withheld (for the officer).
    """
    return meeting_refresh_public_text_by_id(meeting.pk)


def refresh_public_text(meeting_id: int, *, item_model, declaration_model, resolution_model) -> list[str]:
    """meeting_refresh_public_text, with the models given (a migration passes its historical ones)."""
    AgendaItem, Declaration, Resolution = item_model, declaration_model, resolution_model
    items = list(AgendaItem.objects.filter(meeting_id=meeting_id).only(
        "pk", "position", "number", "title", "minute", "public_minute", "is_restricted"
    ).order_by("position"))
    refs = [restricted_ref(position=i.position, number=i.number, title=i.title) for i in items if i.is_restricted]
    warnings, changed = [], []
    for item in items:
        if item.is_restricted:
            public = ""
        else:
            public, withheld = public_text(item.minute, refs)
            label = item.number or str(item.position)
            warnings += [
                SENTENCE_WITHHELD_WARNING.format(item=label, restricted=w.restricted.label, notice=w.notice,
                                                 sentence=w.sentence[:200])
                for w in withheld
            ]
        if public != item.public_minute:
            item.public_minute = public
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["public_minute"], batch_size=500)

    restricted_items = {item.pk for item in items if item.is_restricted}
    labels = {item.pk: item.number or str(item.position) for item in items}
    resolutions = list(Resolution.objects.filter(item__meeting_id=meeting_id).only(
        "pk", "item_id", "text", "public_text", "reference"))
    changed = []
    for resolution in resolutions:
        if resolution.item_id in restricted_items:
            public = ""
        else:
            public, withheld = public_text(resolution.text, refs)
            warnings += [
                SENTENCE_WITHHELD_WARNING.format(item=f"{labels[resolution.item_id]} (resolution {resolution.reference})",
                                                 restricted=w.restricted.label, notice=w.notice,
                                                 sentence=w.sentence[:200])
                for w in withheld
            ]
        if public != resolution.public_text:
            resolution.public_text = public
            changed.append(resolution)
    Resolution.objects.bulk_update(changed, ["public_text"], batch_size=500)

    declarations = list(Declaration.objects.filter(meeting_id=meeting_id).select_related("person", "item")
                        .only("pk", "text", "relates_to_number", "withheld", "person__name", "item__number",
                              "item__position", "item__is_restricted"))
    flipped = []
    for declaration in declarations:
        ref = declaration_restricted_ref(
            text=declaration.text, relates_to_number=declaration.relates_to_number, refs=refs
        ) if refs else None
        # Made in a restricted item, a declaration is restricted already: only a public one is news.
        if ref is not None and not (declaration.item_id and declaration.item.is_restricted):
            item = declaration.item
            warnings.append(DECLARATION_WITHHELD_WARNING.format(
                item=(item.number or item.position) if item else "(meeting)", person=declaration.person.name,
                restricted=ref.label,
            ))
        if (ref is not None) != declaration.withheld:
            declaration.withheld = ref is not None
            flipped.append(declaration)
    Declaration.objects.bulk_update(flipped, ["withheld"], batch_size=500)
    return warnings


# --- Keeping it current whenever an item or declaration is saved ---------------------------------
# The import writes with bulk_create (no signals) and calls the service itself; every other write of
# an item or a declaration (the admin's forms and inlines, a shell, a data fix) arrives here, so no
# path can change a restriction and leave a sibling's public text naming the item.

REDACTION_FIELDS = frozenset({"is_restricted", "minute", "title", "number", "position", "text", "relates_to_number"})


def _refresh_for(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: rows may arrive before their siblings; refresh after loading
        return
    meeting_id = instance.item.meeting_id if sender._meta.model_name == "resolution" else instance.meeting_id
    meeting_refresh_public_text_by_id(meeting_id)


def meeting_refresh_public_text_by_id(meeting_id: int) -> list[str]:
    from .models import AgendaItem, Declaration, Resolution
    from .search_index import search_index_refresh

    warnings = refresh_public_text(meeting_id, item_model=AgendaItem, declaration_model=Declaration,
                                   resolution_model=Resolution)
    # The search index holds the public text just stored: refreshed here, so every path that keeps
    # the public text current keeps the index current too (see meetings/search_index.py).
    search_index_refresh(meeting_ids=[meeting_id])
    # Reports are files, not text to redact: one naming an item restricted since it was attached is
    # withheld whole here, on the same paths that withhold the sentences of minutes naming it.
    from .reports.services import reports_restrict_naming_restricted

    reports_restrict_naming_restricted(meeting_id)
    return warnings


def _refresh_after_resolution_delete(sender, instance, origin=None, **kwargs):
    # A deleted resolution's words must stop matching its item. Deleted by CASCADE with its item or
    # meeting (origin is that item or meeting), there is nothing left to refresh: skipping it keeps
    # deleting a meeting free of a query per resolution.
    from .models import AgendaItem, Resolution

    origin_model = getattr(origin, "model", type(origin))
    if origin is not None and origin_model is not Resolution:
        return
    meeting_id = AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting_id", flat=True).first()
    if meeting_id is not None:
        from .search_index import search_index_refresh

        search_index_refresh(meeting_ids=[meeting_id])


def connect_signals() -> None:
    """Refresh a meeting's public text after any of its items or declarations is saved.

    Deleting needs nothing for the public text: a sentence naming a deleted restricted item stays
    withheld (fails closed) until the next save or import, and deleting a public item changes no other
    text. The search index needs one thing: a deleted resolution's words leave its item's entry.
    Queryset `.update()`s are covered by RefreshingUpdateMixin (meetings/models.py).
    """
    from django.db.models.signals import post_delete, post_save

    from .models import AgendaItem, Declaration, Resolution

    for model in (AgendaItem, Declaration, Resolution):
        post_save.connect(_refresh_for, sender=model, dispatch_uid=f"redaction-save-{model.__name__}")
    post_delete.connect(_refresh_after_resolution_delete, sender=Resolution, dispatch_uid="search-resolution-delete")
