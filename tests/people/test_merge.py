"""Merging duplicate people and organisations, through the service and the admin action."""
import pytest
from django.urls import reverse

from meetings.models import Attendance
from people.models import Organisation, Person, PersonAlias
from people.services import organisation_merge, person_merge
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
