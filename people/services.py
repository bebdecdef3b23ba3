"""Writes to people and organisations alone: loading the known spellings of partners and people.

Merging duplicates rewrites attendance, so it lives in meetings/merges.py (people/ is a leaf).
"""
from django.db import transaction

from .matching import person_directory
from .models import Organisation, OrganisationAlias, Person, PersonAlias
from .names import normalise_name


def _add_alias(alias_model, owner_field: str, owner, name: str) -> bool:
    """Record `name` as an alias of `owner` unless it is the owner's own spelling or already known."""
    key = normalise_name(name)
    if not key or key == normalise_name(owner.name):
        return False
    _, created = alias_model.objects.update_or_create(normalised=key, defaults={owner_field: owner, "name": name})
    return created


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


@transaction.atomic
def people_load(*, entries) -> tuple[int, int, list[str]]:
    """Create (or complete) people and the other spellings minutes use for them; a second run changes nothing.

    A person is found by any spelling already known (their name or an alias, as the import matches);
    a spelling already an alias of anyone is left where it is (an officer may have set it). A spelling
    that is another person's own name (the import made two records before this list existed) is not
    merged here: merging moves attendance and is an officer's decision (admin, People → merge), so it
    is reported instead.

    Args:
        entries: dicts with "name", optional "honorific" and "aliases" (a list of spellings).
    Returns:
        (people created, aliases added, [messages about spellings that belong to another record]).
    """
    directory = person_directory()
    created = aliases = 0
    conflicts = []
    for entry in entries:
        known = directory.find(entry["name"])
        if known is None:
            for name in entry.get("aliases", []):
                known = known or directory.find(name)
        if known is None:
            person = Person.objects.create(name=entry["name"], honorific=entry.get("honorific", ""))
            created += 1
        else:
            person = Person.objects.get(pk=known.pk)
        directory.add(person.pk, person.name)
        for name in [entry["name"], *entry.get("aliases", [])]:
            key = normalise_name(name)
            other = directory.find(name)
            if other is not None and other.pk != person.pk:
                conflicts.append(f"“{name}” is a separate record ({other.name}): merge it into "
                                 f"“{person.name}” in the admin if they are one person.")
                continue
            if PersonAlias.objects.filter(normalised=key).exists():
                continue
            if _add_alias(PersonAlias, "person", person, name):
                aliases += 1
                directory.add(person.pk, person.name, [name])
    return created, aliases, conflicts
