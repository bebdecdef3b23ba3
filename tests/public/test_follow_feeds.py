"""Atom feeds to follow a person, an organisation, a search: parsed, checked for canaries, queries bounded."""
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory

from .conftest import CANARY_STRINGS, CANARY_TITLE, PENDING_STRINGS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    """The feed as (feed element, [(title, link href, summary)]), after checking it is Atom."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"), e.find(f"{ATOM}summary").text or "")
               for e in feed.findall(f"{ATOM}entry")]
    return feed, entries


def feed_urls(archive):
    return [f"/people/{archive.inspector.slug}/feed.atom", f"/organisations/{archive.police.slug}/feed.atom",
            "/search/feed.atom?q=report", "/search/feed.atom?q=Kestrelwing", "/search/feed.atom?q=Zarquon",
            "/search/feed.atom?q=Marmadukeplan", "/search/feed.atom?q=canary"]


def test_person_feed_lists_the_meetings_they_attended_newest_first(client, archive):
    feed, entries = parse(client.get(f"/people/{archive.absent.slug}/feed.atom"))
    assert [link for _, link, _ in entries] == ["http://testserver/meetings/2020-01-28/"]  # apologies count
    _, entries = parse(client.get(f"/people/{archive.chair.slug}/feed.atom"))
    assert [link for _, link, _ in entries] == [
        "http://testserver/meetings/2021-03-02/", "http://testserver/meetings/2020-01-28/",
        "http://testserver/meetings/2019-11-22/"]
    assert "1 restricted item is not published" in entries[1][2] and "Recorded Crime and Disorder" in entries[1][2]
    chair_feed, _ = parse(client.get(f"/people/{archive.chair.slug}/feed.atom"))
    assert chair_feed.find(f"{ATOM}title").text.startswith(f"Cllr {archive.chair.name}: meetings")


def test_organisation_feed_lists_the_meetings_it_was_represented_at(client, archive):
    feed, entries = parse(client.get(f"/organisations/{archive.police.slug}/feed.atom"))
    assert "Cleveland Police" in feed.find(f"{ATOM}title").text
    assert len(entries) == 3 and entries[0][1] == "http://testserver/meetings/2021-03-02/"


def test_search_feed_lists_matching_items(client, archive):
    feed, entries = parse(client.get("/search/feed.atom", {"q": "crime"}))
    assert [link for _, link, _ in entries] == ["http://testserver/meetings/2020-01-28/items/2/"]
    assert entries[0][0] == "SSP 2/20 Recorded Crime and Disorder (Safer Stockton Partnership, 28 January 2020)"
    assert "crime" in entries[0][2].lower() and "<mark>" not in entries[0][2]
    assert "/search/feed.atom?q=crime" in ET.tostring(feed).decode()


def test_search_feed_without_a_query_is_empty(client, archive):
    _, entries = parse(client.get("/search/feed.atom"))
    assert entries == []


def test_no_feed_shows_restricted_content_to_the_public(client, archive):
    """Canary words (the restricted item's title, minute, resolution, declaration) appear in no feed."""
    for url in feed_urls(archive):
        response = client.get(url)
        _, entries = parse(response)
        body = response.content.decode()
        # A search feed names its own query in its title and address: that is the reader's own word.
        query = url.partition("?q=")[2]
        assert not any(canary in body for canary in CANARY_STRINGS if canary != query), url
        assert CANARY_TITLE not in body and "Police intelligence" not in body, url
        if query in CANARY_STRINGS or query == "canary":
            assert entries == [], url


def test_a_partner_sees_restricted_titles_and_the_feed_is_never_stored(partner_client, client, archive):
    response = partner_client.get(f"/people/{archive.inspector.slug}/feed.atom")
    assert CANARY_TITLE in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    _, entries = parse(partner_client.get("/search/feed.atom", {"q": "Kestrelwing"}))
    assert len(entries) == 1
    public = client.get(f"/people/{archive.inspector.slug}/feed.atom")
    assert "no-store" not in public["Cache-Control"] and "private" in public["Cache-Control"]


def test_feeds_know_nothing_of_a_meeting_awaiting_review(client, partner_client, archive, pending):
    assert client.get(f"/people/{pending.person.slug}/feed.atom").status_code == 404
    assert client.get(f"/organisations/{pending.organisation.slug}/feed.atom").status_code == 404
    for c in (client, partner_client):
        for url in [f"/people/{archive.chair.slug}/feed.atom", "/search/feed.atom?q=Tarrowgate",
                    "/search/feed.atom?q=Wrenthorpe"]:
            response = c.get(url)
            _, entries = parse(response)
            body = response.content.decode()
            query = url.partition("?q=")[2]  # the reader's own word, echoed in the feed's title
            assert not any(s in body for s in PENDING_STRINGS if s != query), url
            if query:
                assert entries == [], url


def test_unknown_slugs_are_404(client, archive):
    assert client.get("/people/nobody/feed.atom").status_code == 404
    assert client.get("/organisations/nothing/feed.atom").status_code == 404


def test_pages_link_to_their_feeds(client, archive):
    for page, feed in [(archive.chair.get_absolute_url(), f"/people/{archive.chair.slug}/feed.atom"),
                       (archive.police.get_absolute_url(), f"/organisations/{archive.police.slug}/feed.atom"),
                       ("/search/?q=crime+report", "/search/feed.atom?q=crime+report")]:
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" title="' in html
        head, body = html.split("</head>", 1)
        assert f'href="{feed}"' in head, page
        assert f'href="{feed}" type="application/atom+xml">Follow' in body, page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("which", ["person", "organisation", "search"])
def test_feed_queries_do_not_grow_with_the_number_of_meetings(client, archive, which):
    """Three meetings or thirty, each with items: the same number of queries (no N+1), and few."""
    url = {"person": f"/people/{archive.chair.slug}/feed.atom",
           "organisation": f"/organisations/{archive.police.slug}/feed.atom",
           "search": "/search/feed.atom?q=report"}[which]
    before = _queries(client, url)
    for _n in range(27):
        meeting = MeetingFactory()
        AttendanceFactory(meeting=meeting, person=archive.chair, organisation=archive.police)
        for p in range(1, 4):
            AgendaItemFactory(meeting=meeting, position=p, title=f"A report {p}", minute="The report was noted.")
    assert _queries(client, url) == before <= 6
