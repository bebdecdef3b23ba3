"""Merging duplicate people and organisations, through the service and the admin action; undoing a merge."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.merges import merge_undo, organisation_merge, person_merge
from meetings.models import Attendance, Declaration, MergeRecord
from people.models import Organisation, OrganisationAlias, Person, PersonAlias
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_person_merge_moves_attendance_and_declarations_and_keeps_the_spelling():
    """The samples spell one partner "Bowman-Abouna" (2020) and "Bowman-Abuna" (2024)."""
    keep = PersonFactory(name="Sarah Bowman-Abouna")
    dup = PersonFactory(name="Sarah Bowman-Abuna")
    AttendanceFactory(person=keep)
    AttendanceFactory(person=dup)
    DeclarationFactory(person=dup, item=AgendaItemFactory())

    result = person_merge(keep=keep, duplicates=[dup])

    assert result.merged == 1 and result.moved == 2 and result.aliases_added == 1
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert keep.attendance.count() == 2
    assert keep.declarations.count() == 1
    assert list(keep.aliases.values_list("name", flat=True)) == ["Sarah Bowman-Abuna"]


def test_person_merge_keeps_one_attendance_when_both_attended_one_meeting():
    keep, dup = PersonFactory(name="David Willingham"), PersonFactory(name="Dave Willingham")
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, person=keep)
    AttendanceFactory(meeting=meeting, person=dup)
    person_merge(keep=keep, duplicates=[dup])
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_person_merge_carries_the_duplicates_aliases_over():
    keep, dup = PersonFactory(name="David Willingham"), PersonFactory(name="Dave Willingham")
    PersonAlias.objects.create(person=dup, name="D. Willingham")
    person_merge(keep=keep, duplicates=[dup])
    assert set(keep.aliases.values_list("name", flat=True)) == {"Dave Willingham", "D. Willingham"}


def test_organisation_merge_moves_attendance_and_keeps_aliases():
    keep = OrganisationFactory(name="Stockton-on-Tees Borough Council", short_name="SBC")
    dup = OrganisationFactory(name="Stockton Council")
    AttendanceFactory(organisation=dup)
    result = organisation_merge(keep=keep, duplicates=[dup])
    assert result.moved == 1
    assert keep.attendance.count() == 1
    assert not Organisation.objects.filter(pk=dup.pk).exists()
    assert list(keep.aliases.values_list("name", flat=True)) == ["Stockton Council"]


def test_merge_action_in_the_admin(client, officer):
    """An officer picks two people, chooses which to keep, and the other becomes an alias."""
    keep = PersonFactory(name="Sarah Bowman-Abouna")
    dup = PersonFactory(name="Sarah Bowman-Abuna")
    AttendanceFactory(person=dup)
    client.force_login(officer)
    url = reverse("admin:people_person_changelist")
    selected = {"action": "merge", "_selected_action": [keep.pk, dup.pk]}

    confirm = client.post(url, selected)
    assert confirm.status_code == 200
    assert b"Keep this record" in confirm.content

    done = client.post(url, {**selected, "apply": "1", "keep": keep.pk}, follow=True)
    assert done.status_code == 200
    assert b"Merged 1 into" in done.content
    assert list(Person.objects.values_list("name", flat=True)) == ["Sarah Bowman-Abouna"]
    assert keep.attendance.count() == 1


def test_merge_action_needs_two_records(client, officer):
    person = PersonFactory()
    client.force_login(officer)
    response = client.post(
        reverse("admin:people_person_changelist"), {"action": "merge", "_selected_action": [person.pk]}, follow=True
    )
    assert b"Choose at least two people" in response.content


# --- Recorded and reversible (issue 11, item 8) --------------------------------------------------

def state():
    """Everything a person merge touches, in comparable form."""
    return {
        "people": sorted(Person.objects.values_list("pk", "name", "honorific", "slug")),
        "aliases": sorted(PersonAlias.objects.values_list("person_id", "name")),
        "attendance": sorted(Attendance.objects.values_list("meeting_id", "person_id", "role", "position")),
        "declarations": sorted(Declaration.objects.values_list("pk", "person_id")),
    }


def test_undoing_a_person_merge_puts_everything_back():
    """Shared meeting (attendance dropped), own meeting, a declaration and an alias: all restored."""
    keep = PersonFactory(name="David Willingham")
    dup = PersonFactory(name="Dave Willingham", honorific="Insp")
    PersonAlias.objects.create(person=dup, name="D. Willingham")
    shared = MeetingFactory()
    AttendanceFactory(meeting=shared, person=keep, position=1)
    AttendanceFactory(meeting=shared, person=dup, position=2, role=Attendance.Role.OFFICER)
    AttendanceFactory(person=dup)
    DeclarationFactory(person=dup, item=AgendaItemFactory())
    before, dup_pk, dup_slug = state(), dup.pk, dup.slug

    result = person_merge(keep=keep, duplicates=[dup])
    record = result.records[0]
    assert MergeRecord.objects.get() == record and record.merged_name == "Dave Willingham"
    assert state() != before

    restored = merge_undo(record=record)

    assert state() == before
    assert restored.pk == dup_pk and restored.slug == dup_slug
    record.refresh_from_db()
    assert record.undone_at is not None
    with pytest.raises(ValidationError):
        merge_undo(record=record)


def test_undoing_an_organisation_merge_puts_attendance_and_spellings_back():
    keep = OrganisationFactory(name="Stockton-on-Tees Borough Council", short_name="SBC")
    dup = OrganisationFactory(name="Stockton Council", short_name="StC")
    OrganisationAlias.objects.create(organisation=dup, name="Stockton BC")
    row, dup_pk = AttendanceFactory(organisation=dup), dup.pk
    aliases_before = sorted(OrganisationAlias.objects.values_list("organisation_id", "name"))

    record = organisation_merge(keep=keep, duplicates=[dup]).records[0]
    restored = merge_undo(record=record)

    row.refresh_from_db()
    assert row.organisation_id == restored.pk == dup_pk
    assert (restored.name, restored.short_name) == ("Stockton Council", "StC")
    assert sorted(OrganisationAlias.objects.values_list("organisation_id", "name")) == aliases_before


def test_undo_is_refused_when_the_kept_record_has_gone():
    keep, dup, third = PersonFactory(name="Jo Smith"), PersonFactory(name="Joanne Smith"), PersonFactory(name="J Smith")
    record = person_merge(keep=keep, duplicates=[dup]).records[0]
    person_merge(keep=third, duplicates=[keep])
    with pytest.raises(ValidationError, match="no longer exists"):
        merge_undo(record=record)


def test_officer_undoes_a_merge_in_the_admin(client, officer):
    keep, dup = PersonFactory(name="Sarah Bowman-Abouna"), PersonFactory(name="Sarah Bowman-Abuna")
    AttendanceFactory(person=dup)
    client.force_login(officer)
    client.post(reverse("admin:people_person_changelist"),
                {"action": "merge", "_selected_action": [keep.pk, dup.pk], "apply": "1", "keep": keep.pk})
    record = MergeRecord.objects.get()
    assert client.get(reverse("admin:meetings_mergerecord_changelist")).status_code == 200
    done = client.post(reverse("admin:meetings_mergerecord_changelist"),
                       {"action": "undo_merges", "_selected_action": [record.pk]}, follow=True)
    assert b"is back" in done.content
    assert Person.objects.get(pk=dup.pk).attendance.count() == 1


def test_a_partner_with_staff_status_cannot_undo(client):
    from tests.factories import user_in_group

    keep, dup = PersonFactory(name="Jo Smith"), PersonFactory(name="Joanne Smith")
    record = person_merge(keep=keep, duplicates=[dup]).records[0]
    user = user_in_group("Partners", username="p", staff=True)
    client.force_login(user)
    response = client.post(reverse("admin:meetings_mergerecord_changelist"),
                           {"action": "undo_merges", "_selected_action": [record.pk]})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.undone_at is None
