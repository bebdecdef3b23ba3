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


# A meeting awaiting review, with its own person and organisation (seen nowhere else), strings found
# nowhere else, a restricted item, and a link to a published meeting (it approves `later`'s minutes).
PENDING_DATE = dt.date(2022, 5, 10)
PENDING_TITLE = "Wrenthorpe pending review item"
PENDING_RESTRICTED_TITLE = "Sablewick restricted pending briefing"
PENDING_PERSON = "Pendleton Quarrington"
PENDING_ORGANISATION = "Ossingmarsh Widgets Trust"
PENDING_STRINGS = ["Wrenthorpe", "Sablewick", "Tarrowgate", "Quarrington", "Ossingmarsh", "Brindlecombe",
                   "2022-05-10", "10 May 2022"]


def build_pending(archive):
    """A meeting awaiting review (the model's default) in the archive of `build_archive`."""
    meeting = Meeting.objects.create(
        body=archive.body, date=PENDING_DATE, venue="Brindlecombe Hall", approves=archive.later,
        previous_minutes_date=archive.later.date,
    )
    person = PersonFactory(name=PENDING_PERSON)
    organisation = OrganisationFactory(name=PENDING_ORGANISATION)
    AttendanceFactory(meeting=meeting, person=archive.chair, capacity=Attendance.Capacity.CHAIR, position=1)
    AttendanceFactory(meeting=meeting, person=person, organisation=organisation,
                      affiliation=PENDING_ORGANISATION, position=2)
    item = AgendaItemFactory(meeting=meeting, position=1, number="SSP 1/22", title=PENDING_TITLE,
                             minute="The Tarrowgate scheme was discussed.")
    secret = AgendaItemFactory(meeting=meeting, position=2, number="SSP 2/22", title=PENDING_RESTRICTED_TITLE,
                               minute="Tarrowgate intelligence.", is_restricted=True, restriction_note="Police")
    ResolutionFactory(item=item, text="the Tarrowgate report be noted.")
    ResolutionFactory(item=secret, text="the Sablewick briefing be noted.")
    DeclarationFactory(item=item, person=person, text="declared a Tarrowgate interest.")
    return SimpleNamespace(meeting=meeting, person=person, organisation=organisation, item=item, secret=secret)


@pytest.fixture
def pending(archive):
    return build_pending(archive)


def pending_urls(pending) -> list[str]:
    """Every URL that could show the pending meeting or its people, as pages, search, filters, downloads, API."""
    m, person, org = pending.meeting.slug, pending.person.slug, pending.organisation.slug
    urls = [
        f"/meetings/{m}/", f"/meetings/{m}/items/1/", f"/meetings/{m}/items/2/", "/meetings/2022/",
        f"/people/{person}/", f"/organisations/{org}/",
        "/search/?q=Tarrowgate", "/search/?q=Wrenthorpe", "/meetings/?q=Tarrowgate", "/resolutions/?q=Tarrowgate",
        "/people/?q=Quarrington", "/organisations/?q=Ossingmarsh",
        f"/meetings/?person={person}", f"/meetings/?organisation={org}", f"/resolutions/?person={person}",
        f"/resolutions/?meeting={m}", "/meetings/?year=2022",
        f"/downloads/attendance.csv?person={person}", f"/downloads/attendance.json?meeting={m}",
        f"/downloads/resolutions.csv?meeting={m}", "/downloads/resolutions.json?q=Tarrowgate",
        "/downloads/attendance.xlsx", "/downloads/resolutions.xlsx",
        f"/api/events/{m}/", "/api/events/", "/api/events/?q=Tarrowgate", "/api/agenda-items/?q=Tarrowgate",
        f"/api/agenda-items/?meeting={m}", "/api/resolutions/?q=Tarrowgate", f"/api/people/{person}/",
        "/api/people/", f"/api/organizations/{org}/", "/api/organizations/", f"/api/attendance/?person={person}",
        f"/api/attendance/?meeting={m}", "/api/attendance/?year=2022",
        "/sitemap.xml", "/feeds/meetings.atom", "/feeds/meetings.ics", "/",
    ]
    return urls


@pytest.fixture
def empty_page_cache():
    """The anonymous page cache (ssp_archive/anonymous_cache.py) empty before a test and after it, so no
    page kept by one test answers another's request."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()
