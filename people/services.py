"""Writes to people and organisations: merging duplicate records."""
from dataclasses import dataclass

from django.db import transaction

from .models import Organisation, OrganisationAlias, Person, PersonAlias
from .names import normalise_name


@dataclass(frozen=True)
class MergeResult:
    kept: object
    merged: int  # records folded into `kept`
    moved: int  # attendance and declaration rows re-pointed
    aliases_added: int


def _add_alias(alias_model, owner_field: str, owner, name: str) -> bool:
    """Record `name` as an alias of `owner` unless it is the owner's own spelling or already known."""
    key = normalise_name(name)
    if not key or key == normalise_name(owner.name):
        return False
    _, created = alias_model.objects.update_or_create(normalised=key, defaults={owner_field: owner, "name": name})
    return created


@transaction.atomic
def person_merge(*, keep: Person, duplicates) -> MergeResult:
    """Fold `duplicates` into `keep`: their attendance and declarations move, their names become aliases.

    Where a duplicate and `keep` both attended one meeting, the kept record's attendance stays and
    the duplicate's is dropped, since one person attends a meeting once.

    Returns:
        MergeResult with counts an officer can be told.
    """
    from meetings.models import Attendance, Declaration

    merged = moved = aliases = 0
    for dup in duplicates:
        if dup.pk == keep.pk:
            continue
        kept_meetings = set(Attendance.objects.filter(person=keep).values_list("meeting_id", flat=True))
        Attendance.objects.filter(person=dup, meeting_id__in=kept_meetings).delete()
        moved += Attendance.objects.filter(person=dup).update(person=keep)
        moved += Declaration.objects.filter(person=dup).update(person=keep)
        names = [dup.name, *dup.aliases.values_list("name", flat=True)]
        dup.delete()  # its aliases go with it (CASCADE) and are re-created on `keep` below
        aliases += sum(_add_alias(PersonAlias, "person", keep, name) for name in names)
        merged += 1
    return MergeResult(kept=keep, merged=merged, moved=moved, aliases_added=aliases)


@transaction.atomic
def organisation_merge(*, keep: Organisation, duplicates) -> MergeResult:
    """Fold `duplicates` into `keep`: attendance moves to it, their names become its aliases."""
    from meetings.models import Attendance

    merged = moved = aliases = 0
    for dup in duplicates:
        if dup.pk == keep.pk:
            continue
        moved += Attendance.objects.filter(organisation=dup).update(organisation=keep)
        names = [dup.name, *([dup.short_name] if dup.short_name else []), *dup.aliases.values_list("name", flat=True)]
        dup.delete()
        aliases += sum(_add_alias(OrganisationAlias, "organisation", keep, name) for name in names)
        merged += 1
    return MergeResult(kept=keep, merged=merged, moved=moved, aliases_added=aliases)


@transaction.atomic
def organisations_load(*, entries) -> tuple[int, int]:
    """Create (or complete) organisations and their known spellings; running it again changes nothing.

    Args:
        entries: dicts with "name", optional "short_name" and "aliases" (a list of spellings).
    Returns:
        (organisations created, aliases added).
    """
    created = aliases = 0
    for entry in entries:
        organisation, was_created = Organisation.objects.get_or_create(
            name=entry["name"], defaults={"short_name": entry.get("short_name", "")}
        )
        created += was_created
        for name in entry.get("aliases", []):
            if not OrganisationAlias.objects.filter(normalised=normalise_name(name)).exists():
                aliases += _add_alias(OrganisationAlias, "organisation", organisation, name)
    return created, aliases
