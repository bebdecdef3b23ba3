"""Fixtures for the public pages: a small archive with a restricted "canary" item in it.

The canary's title, minute, resolution and declaration carry strings found nowhere else, so a test
can look for them in any response: HTML, XML, iCalendar, CSV or JSON.
"""
import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from meetings.models import Attendance, Meeting
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DeclarationFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    ResolutionFactory,
)

CANARY_TITLE = "Operation Kestrelwing canary briefing"
CANARY_MINUTE = "Zarquon-77 intelligence about the Quillfeather network."
CANARY_RESOLUTION = "the Marmadukeplan canary report be noted."
CANARY_DECLARATION = "declared an interest as a Vortigern canary trustee."
CANARY_STRINGS = ["Kestrelwing", "Zarquon-77", "Quillfeather", "Marmadukeplan", "Vortigern"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Serve static files unhashed, as in development: tests never run collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def build_archive():
    """Three meetings of the partnership with attendance, items, resolutions and declarations."""
    body = BodyFactory()
    police = OrganisationFactory(name="Cleveland Police", short_name="Police")
    council = OrganisationFactory(name="Stockton-on-Tees Borough Council", short_name="SBC")
    chair = PersonFactory(name="Steve Nelson", honorific="Cllr")
    inspector = PersonFactory(name="Marc Anderson")
    officer = PersonFactory(name="Peter Bell")
    absent = PersonFactory(name="Michael Houghton")

    old = MeetingFactory(body=body, date=dt.date(2019, 11, 22), start_time=dt.time(9, 30),
                         next_meeting_date=dt.date(2020, 1, 28))
    new = MeetingFactory(body=body, date=dt.date(2020, 1, 28), start_time=dt.time(9, 30), approves=old,
                         previous_minutes_date=old.date, next_meeting_date=dt.date(2020, 4, 21),
                         status=Meeting.Status.DRAFT)
    later = MeetingFactory(body=body, date=dt.date(2021, 3, 2), start_time=None,
                           next_meeting_date=dt.date(2021, 6, 8), next_meeting_time=dt.time(13, 30))

    for meeting in (old, new, later):
        AttendanceFactory(meeting=meeting, person=chair, capacity=Attendance.Capacity.CHAIR, position=1)
        AttendanceFactory(meeting=meeting, person=inspector, organisation=police, affiliation="Cleveland Police",
                          position=2)
        AttendanceFactory(meeting=meeting, person=officer, organisation=council, role=Attendance.Role.OFFICER,
                          affiliation="SBC – Democratic Services", position=3)
    AttendanceFactory(meeting=new, person=absent, role=Attendance.Role.APOLOGIES, position=4)

    items = {}
    items["asb"] = AgendaItemFactory(meeting=old, position=1, number="SSP 1/19", title="Anti-social behaviour",
                                     minute="Fly-tipping in Norton had fallen.\n\nAGREED that the report be noted.")
    items["minutes"] = AgendaItemFactory(meeting=new, position=1, number="SSP 1/20", title="Minutes",
                                         minute="The minutes of the meeting held on 22 November 2019 were approved.")
    items["crime"] = AgendaItemFactory(meeting=new, position=2, number="SSP 2/20", title="Recorded Crime and Disorder",
                                       minute="Members were presented with a report on recorded crime in Stockton.")
    canary = AgendaItemFactory(meeting=new, position=3, number="SSP 3/20", title=CANARY_TITLE,
                               minute=CANARY_MINUTE, is_restricted=True, restriction_note="Police intelligence")
    items["next"] = AgendaItemFactory(meeting=new, position=4, number="SSP 4/20", title="Date and time of next meeting",
                                      minute="Tuesday 21 April 2020.")
    items["domestic"] = AgendaItemFactory(meeting=later, position=1, number="SSP 1/21", title="Domestic abuse strategy",
                                          minute="The domestic abuse strategy was presented.")
    ResolutionFactory(item=items["asb"], text="the report be noted.")
    ResolutionFactory(item=items["crime"], position=1, text="the crime figures be noted.")
    ResolutionFactory(item=items["crime"], position=2, text="a further report on burglary be brought back.")
    ResolutionFactory(item=canary, text=CANARY_RESOLUTION)
    ResolutionFactory(item=items["domestic"], text="the strategy be endorsed.")
    DeclarationFactory(item=items["crime"], person=chair, text="declared a personal interest as a landlord.")
    DeclarationFactory(item=canary, person=inspector, relates_to=canary, relates_to_number="SSP 3/20",
                       text=CANARY_DECLARATION)
    return SimpleNamespace(body=body, police=police, council=council, chair=chair, inspector=inspector,
                           officer=officer, absent=absent, old=old, new=new, later=later, canary=canary, **items)


# A declarant named only in the restricted item, and a public declarations minute naming it.
DECLARANT = "Hollowmere Quistbury"
DECLARANT_SLUG = "hollowmere-quistbury"
DECLARATIONS_MINUTE = (
    "Cllr Nelson declared a personal interest in item SSP 2/20 as a landlord. "
    "Hollowmere Quistbury declared a prejudicial interest in respect of agenda item 3 - "
    "Operation Kestrelwing canary briefing."
)
# A public item's resolution: its first sentence names the canary item, its second does not.
PUBLIC_RESOLUTION = "the minute on item 3, the Operation Kestrelwing canary briefing, be recorded. Members thanked the clerk."
DECLARATION_CANARIES = [*CANARY_STRINGS, "Hollowmere", "Quistbury"]


def add_declaration_canaries(archive):
    """The 2020 meeting gains a public "Declarations of interest" item whose minute names the
    canary item, a declaration there about it, and a person who appears nowhere else."""
    archive.declarant = PersonFactory(name=DECLARANT)
    archive.declarations = AgendaItemFactory(
        meeting=archive.new, position=5, number="SSP 5/20", title="Declarations of interest",
        minute=DECLARATIONS_MINUTE,
    )
    DeclarationFactory(item=archive.declarations, person=archive.declarant, relates_to_number="SSP 3/20",
                       text="a prejudicial interest")
    DeclarationFactory(item=archive.canary, person=archive.declarant, relates_to=archive.canary,
                       relates_to_number="SSP 3/20", text="a second interest")
    archive.public_resolution = ResolutionFactory(item=archive.declarations, position=1, text=PUBLIC_RESOLUTION)
    return archive


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def declaring_archive(db):
    return add_declaration_canaries(build_archive())


@pytest.fixture
def partner_client(partner):
    """A second client, signed in as a partner (the `client` fixture stays anonymous)."""
    client = Client()
    client.force_login(partner)
    return client


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client
