"""The data model's rules, enforced by the database itself."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import DUPLICATE_MEETING_MESSAGE, Attendance, Meeting, resolution_reference
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def test_one_meeting_per_body_per_date_in_the_database():
    """A second meeting of the same body on the same date is refused by the database."""
    meeting = MeetingFactory(date=dt.date(2020, 1, 28))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=meeting.body, date=meeting.date, slug="other")


def test_duplicate_meeting_gives_a_readable_validation_error():
    """Model validation (admin forms, services) names the problem in words an officer understands."""
    meeting = MeetingFactory(date=dt.date(2020, 1, 28))
    with pytest.raises(ValidationError) as excinfo:
        Meeting(body=meeting.body, date=meeting.date).full_clean()
    assert DUPLICATE_MEETING_MESSAGE in str(excinfo.value)


def test_other_bodies_may_meet_on_the_same_date_with_their_own_url():
    """The archive holds other bodies; same-day meetings get distinct slugs."""
    first = MeetingFactory(date=dt.date(2020, 1, 28))
    board = BodyFactory(name="Youth Offending Board", short_name="YOB", slug="youth-offending-board")
    second = MeetingFactory(body=board, date=dt.date(2020, 1, 28))
    assert first.slug == "2020-01-28"
    assert second.slug == "2020-01-28-youth-offending-board"


def test_item_positions_are_unique_within_a_meeting():
    item = AgendaItemFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, position=1)


def test_item_positions_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(position=0)


def test_resolution_positions_are_unique_within_an_item():
    resolution = ResolutionFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResolutionFactory(item=resolution.item, position=1)


def test_one_attendance_per_person_per_meeting():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=attendance.meeting, person=attendance.person, role=Attendance.Role.APOLOGIES)


def test_attendance_role_must_be_valid():
    """The check constraint refuses a role outside the four the minutes use."""
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(role="spectator")


def test_attendance_capacity_must_be_valid():
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(capacity="treasurer")


def test_person_may_not_be_deleted_while_they_have_attendance():
    """Deleting a person would silently rewrite the record of who attended: it is protected."""
    from django.db.models import ProtectedError

    attendance = AttendanceFactory()
    with pytest.raises(ProtectedError):
        attendance.person.delete()


@pytest.mark.parametrize(
    ("number", "item_position", "position", "expected"),
    [
        ("SSP 50/21", 5, 2, "SSP 50/21 (2)"),
        ("SSP/7/23", 7, 1, "SSP 7/23 (1)"),
        ("SSP  8/17", 8, 3, "SSP 8/17 (3)"),
        ("5", 5, 1, "2020-01-28/5 (1)"),
        ("", 4, 1, "2020-01-28/4 (1)"),
    ],
)
def test_resolution_reference(number, item_position, position, expected):
    """References are built from the item number and position, one style for every layout."""
    assert resolution_reference(number, dt.date(2020, 1, 28), item_position, position) == expected


def test_resolution_reference_is_stored_on_save():
    item = AgendaItemFactory(number="SSP 50/21", meeting=MeetingFactory(date=dt.date(2021, 11, 2)))
    resolution = ResolutionFactory(item=item, position=2)
    assert resolution.reference == "SSP 50/21 (2)"


def test_people_get_unique_slugs():
    assert PersonFactory(name="Jo Smith").slug == "jo-smith"
    assert PersonFactory(name="Jo Smith").slug == "jo-smith-2"


def test_edits_to_items_are_audited():
    """django-simple-history keeps every change of an item, above all of its restricted flag."""
    item = AgendaItemFactory(is_restricted=False)
    item.is_restricted = True
    item.save()
    assert [h.is_restricted for h in item.history.order_by("history_date")] == [False, True]
