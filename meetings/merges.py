"""Merging duplicate people and organisations, recorded so that an officer can undo a merge.

A merge rewrites attendance and declarations (meetings' rows), so it lives here rather than in
people/, which knows nothing of meetings. Each duplicate folded in leaves a MergeRecord holding
everything needed to put it back: the record itself, its aliases, the rows re-pointed or dropped,
and the aliases the kept record gained.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import Organisation, OrganisationAlias, Person, PersonAlias, SlugRedirect, unique_slug
from people.names import normalise_name

from .models import Attendance, Declaration, MergeRecord

ALREADY_UNDONE = "This merge was undone on {when:%-d %B %Y at %H:%M}."
KEPT_GONE = "The record “{name}” that this merge kept no longer exists (merged again or deleted): undo that first."


@dataclass(frozen=True)
class MergeResult:
    kept: object
    merged: int  # records folded into `kept`
    moved: int  # attendance and declaration rows re-pointed
    aliases_added: int
    records: tuple = ()  # the MergeRecords written, one per duplicate


def _move_alias(alias_model, owner_field: str, owner, name: str) -> dict | None:
    """Make `name` an alias of `owner`, unless it is the owner's own spelling or already its alias.

    Returns what changed, for undo: the key, the name, and the previous owner's pk (None if new).
    """
    key = normalise_name(name)
    if not key or key == normalise_name(owner.name):
        return None
    existing = alias_model.objects.filter(normalised=key).first()
    previous = getattr(existing, f"{owner_field}_id") if existing else None
    if previous == owner.pk:
        return None
    alias_model.objects.update_or_create(normalised=key, defaults={owner_field: owner, "name": name})
    return {"key": key, "name": name, "previous_owner": previous,
            "previous_name": existing.name if existing else None}


def _redirect_slug(kind: str, owner_field: str, dup, keep) -> list[str]:
    """Before `dup` is deleted: its address, and those already redirected to it, now lead to `keep`.

    Returns the old slugs that were redirected to `dup` (undo gives them back to it).
    """
    earlier = SlugRedirect.objects.filter(kind=kind, **{owner_field: dup})
    moved = list(earlier.values_list("old_slug", flat=True))
    earlier.update(**{owner_field: keep})
    SlugRedirect.objects.update_or_create(kind=kind, old_slug=dup.slug, defaults={owner_field: keep})
    return moved


def _unredirect_slug(kind: str, owner_field: str, snapshot: dict, keep, restored) -> None:
    """Undo `_redirect_slug`: the restored record's address is its own again."""
    SlugRedirect.objects.filter(kind=kind, old_slug=snapshot["duplicate"]["slug"]).delete()
    SlugRedirect.objects.filter(
        kind=kind, old_slug__in=snapshot.get("redirects_moved", []), **{owner_field: keep}
    ).update(**{owner_field: restored})


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def person_merge(*, keep: Person, duplicates, user=None) -> MergeResult:
    """Fold `duplicates` into `keep`: their attendance and declarations move, their names become aliases.

    Where a duplicate and `keep` both attended one meeting, the kept record's attendance stays and
    the duplicate's is dropped (recorded, so undo brings it back), since one person attends once.

    Returns:
        MergeResult with counts an officer can be told, and the MergeRecords written.
    """
    merged = moved = aliases = 0
    records = []
    for dup in duplicates:
        if dup.pk == keep.pk:
            continue
        kept_meetings = set(Attendance.objects.filter(person=keep).values_list("meeting_id", flat=True))
        clashing = Attendance.objects.filter(person=dup, meeting_id__in=kept_meetings)
        dropped = list(clashing.values("id", "meeting_id", "position", "role", "capacity", "organisation_id",
                                       "affiliation"))
        clashing.delete()
        attendance_ids = list(Attendance.objects.filter(person=dup).values_list("pk", flat=True))
        declaration_ids = list(Declaration.objects.filter(person=dup).values_list("pk", flat=True))
        moved += Attendance.objects.filter(pk__in=attendance_ids).update(person=keep)
        moved += Declaration.objects.filter(pk__in=declaration_ids).update(person=keep)
        own_aliases = list(dup.aliases.values_list("name", flat=True))
        snapshot = {
            "duplicate": {"pk": dup.pk, "name": dup.name, "honorific": dup.honorific, "slug": dup.slug},
            "attendance_moved": attendance_ids,
            "attendance_dropped": dropped,
            "declarations_moved": declaration_ids,
            "own_aliases": own_aliases,
            "redirects_moved": _redirect_slug(SlugRedirect.Kind.PERSON, "person", dup, keep),
        }
        dup.delete()  # its aliases go with it (CASCADE) and are re-created on `keep` below
        changes = [_move_alias(PersonAlias, "person", keep, name) for name in [snapshot["duplicate"]["name"], *own_aliases]]
        changes = [c for c in changes if c]
        # The duplicate's own aliases were its (deleted above): undo gives them back to it.
        for change in changes:
            if change["name"] in own_aliases and change["previous_owner"] is None:
                change["previous_owner"] = snapshot["duplicate"]["pk"]
        snapshot["aliases"] = changes
        aliases += len(changes)
        merged += 1
        records.append(MergeRecord.objects.create(
            kind=MergeRecord.Kind.PERSON, kept_id=keep.pk, kept_name=str(keep.name),
            merged_name=snapshot["duplicate"]["name"], user=_user_or_none(user), snapshot=snapshot,
        ))
    return MergeResult(kept=keep, merged=merged, moved=moved, aliases_added=aliases, records=tuple(records))


@transaction.atomic
def organisation_merge(*, keep: Organisation, duplicates, user=None) -> MergeResult:
    """Fold `duplicates` into `keep`: attendance moves to it, their names become its aliases."""
    merged = moved = aliases = 0
    records = []
    for dup in duplicates:
        if dup.pk == keep.pk:
            continue
        attendance_ids = list(Attendance.objects.filter(organisation=dup).values_list("pk", flat=True))
        moved += Attendance.objects.filter(pk__in=attendance_ids).update(organisation=keep)
        own_aliases = list(dup.aliases.values_list("name", flat=True))
        snapshot = {
            "duplicate": {"pk": dup.pk, "name": dup.name, "short_name": dup.short_name, "slug": dup.slug},
            "attendance_moved": attendance_ids,
            "own_aliases": own_aliases,
            "redirects_moved": _redirect_slug(SlugRedirect.Kind.ORGANISATION, "organisation", dup, keep),
        }
        dup.delete()
        names = [dup.name, *([dup.short_name] if dup.short_name else []), *own_aliases]
        changes = [c for c in (_move_alias(OrganisationAlias, "organisation", keep, n) for n in names) if c]
        for change in changes:
            if change["name"] in own_aliases and change["previous_owner"] is None:
                change["previous_owner"] = snapshot["duplicate"]["pk"]
        snapshot["aliases"] = changes
        aliases += len(changes)
        merged += 1
        records.append(MergeRecord.objects.create(
            kind=MergeRecord.Kind.ORGANISATION, kept_id=keep.pk, kept_name=keep.name,
            merged_name=snapshot["duplicate"]["name"], user=_user_or_none(user), snapshot=snapshot,
        ))
    return MergeResult(kept=keep, merged=merged, moved=moved, aliases_added=aliases, records=tuple(records))


def _restore_record(model, fields: dict):
    """Re-create the merged record, with its old pk and slug when they are still free."""
    values = dict(fields)
    pk = values.pop("pk")
    if model.objects.filter(slug=values["slug"]).exists():
        values["slug"] = unique_slug(model, values["name"])
    if model.objects.filter(pk=pk).exists():  # SQLite may reuse the highest pk once it is deleted
        return model.objects.create(**values)
    return model.objects.create(pk=pk, **values)


@transaction.atomic
def merge_undo(*, record: MergeRecord, user=None):
    """Put a merged person or organisation back as it was before `record`'s merge.

    The duplicate is re-created (same pk and slug where free), the attendance and declarations that
    moved go back to it (those since moved elsewhere stay where they are), attendance dropped
    because both had attended is restored, and aliases return to their previous owners.

    Returns:
        The restored Person or Organisation.
    Raises:
        ValidationError: the merge was undone already, or the kept record no longer exists.
    """
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError(ALREADY_UNDONE.format(when=timezone.localtime(record.undone_at)), code="undone")
    person = record.kind == MergeRecord.Kind.PERSON
    model, alias_model, owner_field = (
        (Person, PersonAlias, "person") if person else (Organisation, OrganisationAlias, "organisation")
    )
    keep = model.objects.filter(pk=record.kept_id).first()
    if keep is None:
        raise ValidationError(KEPT_GONE.format(name=record.kept_name), code="kept_gone")
    snapshot = record.snapshot
    restored = _restore_record(model, snapshot["duplicate"])
    _unredirect_slug(owner_field, owner_field, snapshot, keep, restored)
    if person:
        Attendance.objects.filter(pk__in=snapshot["attendance_moved"], person=keep).update(person=restored)
        Declaration.objects.filter(pk__in=snapshot["declarations_moved"], person=keep).update(person=restored)
        for row in snapshot["attendance_dropped"]:
            if not Attendance.objects.filter(meeting_id=row["meeting_id"], person=restored).exists():
                Attendance.objects.create(person=restored, **{k: v for k, v in row.items() if k != "id"})
    else:
        Attendance.objects.filter(pk__in=snapshot["attendance_moved"], organisation=keep).update(organisation=restored)
    for change in snapshot["aliases"]:
        alias = alias_model.objects.filter(normalised=change["key"], **{owner_field: keep}).first()
        if alias is None:
            continue  # an officer has moved or removed it since: theirs is the later decision
        previous = change["previous_owner"]
        if previous is None:
            alias.delete()
            continue
        owner = restored if previous == snapshot["duplicate"]["pk"] else model.objects.filter(pk=previous).first()
        if owner is None:
            alias.delete()
            continue
        setattr(alias, owner_field, owner)
        alias.name = change["previous_name"] or change["name"]
        alias.save()
    # An alias of the duplicate spelt like the kept record's own name was dropped, not moved.
    for name in snapshot.get("own_aliases", []):
        if not alias_model.objects.filter(normalised=normalise_name(name)).exists():
            alias_model.objects.create(name=name, **{owner_field: restored})
    record.undone_at = timezone.now()
    record.undone_by = _user_or_none(user)
    record.save(update_fields=["undone_at", "undone_by"])
    return restored
