"""Constant queries: every page type runs as many queries for a 300-item meeting as for a 3-item one.

Each page is requested once while the meeting has 3 items (each with a resolution and a
declaration) and 3 attendees, then again after it has grown to 300 items and 30 attendees; the
second request must run exactly the number of queries the first did, and that number is pinned in
EXPECTED so a new N+1 (or an extra query) fails here first.
"""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import AgendaItem, Attendance, Declaration, Resolution, resolution_reference
from people.models import Organisation, Person
from tests.factories import AgendaItemFactory, AttendanceFactory, DeclarationFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

SLUG = "2020-01-28"

# Queries per page for the public. A signed-in partner adds 4: the session, the user, and the
# user's and groups' permissions (looked up once per request by `can_view_restricted`).
# Filter panels add one query per drop-down (people, organisations) for its choices. Lists are paged in
# two steps (the page's keys, then its rows with their figures: selectors.rows_in_order, person_counts).
EXPECTED = {
    "home": ("/", 7),
    "meeting list": ("/meetings/", 6),
    "meeting year": ("/meetings/2020/", 6),
    "meeting list filtered": ("/meetings/?q=report&person=person-1", 7),
    "meeting": (f"/meetings/{SLUG}/", 8),  # withheld items' places (number only); the items' reports (issue 14)
    "item": (f"/meetings/{SLUG}/items/2/", 4),  # 4th: the item's reports
    "resolutions": ("/resolutions/", 5),
    "resolutions filtered": ("/resolutions/?year=2020&organisation=organisation-1", 6),
    "people": ("/people/", 3),
    # the person, two aggregates for the figures (by role and year; by organisation), a page of meetings and its count
    "person": ("/people/person-1/", 5),
    "organisations": ("/organisations/", 3),
    "organisation": ("/organisations/organisation-1/", 5),
    # The items (no count: meetings/search.py; on SQLite the page's keys, then its rows), the matches inside reports.
    "search": ("/search/?q=report", 3 if connection.vendor == "sqlite" else 2),
    "atom": ("/feeds/meetings.atom", 2),
    "ics": ("/feeds/meetings.ics", 3),
    "ics year": ("/feeds/meetings-2020.ics", 2),
    "meeting ics": (f"/meetings/{SLUG}/calendar.ics", 2),
    "sitemap": ("/sitemap.xml", 6),
    "sitemap meetings": ("/sitemap-meetings.xml", 2),
    "sitemap items": ("/sitemap-items.xml", 2),
    "sitemap people": ("/sitemap-people.xml", 2),
    "sitemap organisations": ("/sitemap-organisations.xml", 2),
}
# Queries the public makes that a partner does not: the meeting page's withheld items' places
# (a partner sees every item, so nothing is withheld and nothing is read).
PARTNER_FEWER = {"meeting": 1}


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(date=dt.date(2020, 1, 28))
    MeetingFactory(date=dt.date(2019, 11, 22))  # a neighbour, so previous/next links are built
    for n in range(1, 4):
        _attend(meeting, n)
        item = AgendaItemFactory(meeting=meeting, position=n, minute=f"Members received report {n}.")
        ResolutionFactory(item=item, text="the report be noted.")
        DeclarationFactory(item=item, person=Person.objects.get(slug="person-1"))
    AgendaItemFactory(meeting=meeting, position=4, is_restricted=True, title="Restricted report")
    return meeting


def _attend(meeting, n):
    person = Person.objects.create(name=f"Person {n}", slug=f"person-{n}")
    organisation = Organisation.objects.create(name=f"Organisation {n}", slug=f"organisation-{n}")
    AttendanceFactory(meeting=meeting, person=person, organisation=organisation, position=n)


def grow_to_300_items(meeting):
    """297 more items (from position 5) with a resolution and a declaration each, and 27 more attendees."""
    for n in range(4, 31):
        _attend(meeting, n)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=p, number=f"SSP {p}/20", title=f"Item {p}", minute=f"A report {p}.")
        for p in range(5, 302)
    )
    Resolution.objects.bulk_create(
        Resolution(item=item, position=1, text="the report be noted.",
                   reference=resolution_reference(item.number, meeting.date, item.position, 1))
        for item in items
    )
    person = Person.objects.get(slug="person-1")
    Declaration.objects.bulk_create(Declaration(meeting=meeting, item=item, person=person, text="interest")
                                    for item in items)
    assert AgendaItem.objects.filter(meeting=meeting, is_restricted=False).count() == 300
    assert Attendance.objects.filter(meeting=meeting).count() == 30


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.mark.parametrize("page", EXPECTED)
def test_queries_do_not_grow_with_the_meeting(client, meeting, page, django_assert_num_queries):
    url, expected = EXPECTED[page]
    small = count_queries(client, url)
    grow_to_300_items(meeting)
    with django_assert_num_queries(small, exact=True):
        response = client.get(url)
    assert response.status_code == 200
    assert small == expected, f"{page}: {small} queries, expected {expected}"


@pytest.mark.parametrize("page", ["home", "meeting", "item", "resolutions", "search", "atom", "person"])
def test_queries_do_not_grow_for_a_partner(partner_client, meeting, page, django_assert_num_queries):
    url, expected = EXPECTED[page]
    small = count_queries(partner_client, url)
    grow_to_300_items(meeting)
    with django_assert_num_queries(small, exact=True):
        partner_client.get(url)
    # + the session, the user, and the user's and groups' permissions
    assert small == expected + 4 - PARTNER_FEWER.get(page, 0)
