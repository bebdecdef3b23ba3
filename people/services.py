"""Writes to people and organisations alone: loading the partners' known spellings.

Merging duplicates rewrites attendance, so it lives in meetings/merges.py (people/ is a leaf).
"""
from django.db import transaction

from .models import Organisation, OrganisationAlias
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
