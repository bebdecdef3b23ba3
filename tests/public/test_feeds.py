"""The Atom feed, the iCalendar feed, sitemap.xml: what they list, and that they list no restricted item."""
import re
import xml.etree.ElementTree as ET

import pytest

from meetings.feeds import _fold

from .conftest import CANARY_STRINGS, CANARY_TITLE

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_atom_feed_lists_meetings_newest_first_with_visible_item_titles(client, archive):
    response = client.get("/feeds/meetings.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        "http://testserver/meetings/2021-03-02/", "http://testserver/meetings/2020-01-28/",
        "http://testserver/meetings/2019-11-22/",
    ]
    summary = entries[1].find(f"{ATOM}summary").text
    assert "Recorded Crime and Disorder" in summary and "1 restricted item is not published" in summary
    assert not any(canary in response.content.decode() for canary in CANARY_STRINGS)


def test_atom_feed_shows_restricted_titles_to_a_signed_in_partner(partner_client, archive):
    assert CANARY_TITLE in partner_client.get("/feeds/meetings.atom").content.decode()


def test_ics_feed_has_an_event_per_meeting_and_the_next_minuted_meeting(client, archive):
    response = client.get("/feeds/meetings.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = unfold(text)
    uids = [line for line in lines if line.startswith("UID:")]
    # Three minuted meetings, plus the next meetings announced at 28 January 2020 and 2 March 2021.
    # The 28 January date announced at 22 November 2019 is a minuted meeting already: no second event.
    assert sorted(uids) == sorted(f"UID:meeting-safer-stockton-partnership-{d}@testserver" for d in (
        "2019-11-22", "2020-01-28", "2020-04-21", "2021-03-02", "2021-06-08"))
    assert "DTSTART:20200128T093000Z" in lines  # 9.30 in January: GMT
    assert "DTSTART;VALUE=DATE:20210302" in lines  # time not minuted: an all-day event
    assert "DTSTART;VALUE=DATE:20200421" in lines
    assert "DTSTART:20210608T123000Z" in lines  # 1.30 pm in June: British Summer Time
    assert any("Recorded Crime and Disorder" in line for line in lines)
    assert not any(canary in text for canary in CANARY_STRINGS)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_uids_are_stable_between_requests(client, archive):
    first = [line for line in unfold(client.get("/feeds/meetings.ics").content.decode()) if line.startswith("UID")]
    second = [line for line in unfold(client.get("/feeds/meetings.ics").content.decode()) if line.startswith("UID")]
    assert first == second


def test_ics_text_is_escaped_and_folded():
    assert _fold("X" * 200).split("\r\n ")[0] == "X" * 75
    folded = _fold("DESCRIPTION:" + "é" * 100)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_sitemap_lists_public_pages_only(client, partner_client, archive):
    for c in (client, partner_client):  # a sitemap is for the public, whoever asks
        response = c.get("/sitemap.xml")
        locs = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
        assert "http://testserver/meetings/2020-01-28/" in locs
        assert "http://testserver/meetings/2020-01-28/items/2/" in locs
        assert "http://testserver/meetings/2020-01-28/items/3/" not in locs  # the restricted canary
        assert f"http://testserver{archive.police.get_absolute_url()}" in locs
        assert f"http://testserver{archive.chair.get_absolute_url()}" in locs
        assert "http://testserver/accessibility/" in locs
        assert len(locs) == len(set(locs))
        assert not re.search("|".join(CANARY_STRINGS), response.content.decode())
