"""factory_boy factories for the archive's models, shared by every test module."""
import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from meetings.models import AgendaItem, Attendance, Body, Declaration, Meeting, Resolution
from people.models import Organisation, Person


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = "Safer Stockton Partnership"
    short_name = "SSP"
    slug = "safer-stockton-partnership"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=7 * n))
    venue = "Jim Cooke Conference Suite, Stockton Central Library"
    status = Meeting.Status.APPROVED
    # Published for convenience; the model's default is awaiting review (tests/meetings/test_publication.py).
    is_published = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"SSP {o.position}/{o.meeting.date:%y}")
    title = factory.Sequence(lambda n: f"Item {n}")
    minute = "Members were presented with a report."
    is_restricted = False


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    item = factory.SubFactory(AgendaItemFactory)
    position = 1
    text = "the report be noted."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = Attendance.Role.PRESENT


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    meeting = factory.SelfAttribute("item.meeting")
    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)
    text = "declared a personal interest"


def user_in_group(group_name: str, *, username: str, staff: bool = False) -> User:
    """A user belonging to one of the groups the data migration creates."""
    user = User.objects.create_user(username=username, password="a-long-test-password", is_staff=staff)
    user.groups.add(Group.objects.get(name=group_name))
    return user


# --- What the minutes parser returns (frozen dataclasses), for testing the import without it ---

from meetings.minutes import (  # noqa: E402
    NextMeeting,
    ParsedAttendee,
    ParsedItem,
    ParsedMinutes,
    ParsedResolution,
)


class ParsedResolutionFactory(factory.Factory):
    class Meta:
        model = ParsedResolution

    text = "the report be noted."


class ParsedItemFactory(factory.Factory):
    class Meta:
        model = ParsedItem

    number = factory.Sequence(lambda n: f"SSP {n + 1}/20")
    title = factory.Sequence(lambda n: f"Item {n + 1}")
    text = "Members were presented with a report.\n\nAGREED that the report be noted."
    restricted = False
    resolutions = factory.LazyFunction(lambda: (ParsedResolutionFactory(),))


class ParsedAttendeeFactory(factory.Factory):
    class Meta:
        model = ParsedAttendee

    name = factory.Sequence(lambda n: f"Attendee Number{n}")
    role = "present"


class ParsedMinutesFactory(factory.Factory):
    class Meta:
        model = ParsedMinutes

    body = "Safer Stockton Partnership"
    date = factory.Sequence(lambda n: dt.date(2020, 1, 28) + dt.timedelta(days=7 * n))
    venue = "Jim Cooke Conference Suite, Stockton Central Library"
    attendance = factory.LazyFunction(
        lambda: (ParsedAttendee(name="Steve Nelson", honorific="Cllr", role="present", capacity="Chair"),)
    )
    items = factory.LazyFunction(lambda: tuple(ParsedItemFactory.build_batch(2)))
    next_meeting = factory.LazyFunction(NextMeeting)


def minutes_document(parsed: ParsedMinutes | None = None, *, filename: str = "minutes.txt", content: bytes | None = None):
    """A MinutesDocument as minutes_document_read would give it, around a hand-built parse."""
    from meetings.imports import MinutesDocument, checksum_of

    parsed = parsed or ParsedMinutesFactory()
    content = content if content is not None else f"Minutes of {parsed.date} ({filename})".encode()
    return MinutesDocument(filename=filename, content=content, checksum=checksum_of(content), text=content.decode(), parsed=parsed)

