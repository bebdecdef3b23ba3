"""The Atom feed and sitemap.xml (the iCalendar files: test_calendars.py): what they list, and that they list no restricted item."""
import re
import xml.etree.ElementTree as ET

import pytest

from .conftest import CANARY_STRINGS, CANARY_TITLE

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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


def test_sitemap_lists_public_pages_only(client, partner_client, archive):
    for c in (client, partner_client):  # a sitemap is for the public, whoever asks
        index = c.get("/sitemap.xml")
        sections = [loc.text for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc")]
        assert sections == [f"http://testserver/sitemap-{name}.xml" for name in
                            ("pages", "meetings", "items", "people", "organisations")]
        locs, content = [], ""
        for section in sections:
            response = c.get(section.removeprefix("http://testserver"))
            locs += [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
            content += response.content.decode()
        assert "http://testserver/meetings/2020-01-28/" in locs
        assert "http://testserver/meetings/2020-01-28/items/2/" in locs
        assert "http://testserver/meetings/2020-01-28/items/3/" not in locs  # the restricted canary
        assert f"http://testserver{archive.police.get_absolute_url()}" in locs
        assert f"http://testserver{archive.chair.get_absolute_url()}" in locs
        assert "http://testserver/accessibility/" in locs
        assert len(locs) == len(set(locs))
        assert not re.search("|".join(CANARY_STRINGS), content)


def test_sitemap_sections_are_paginated_under_the_limit(client, archive, monkeypatch):
    """With 2 URLs a file, the items section (5 visible items) is three files, listed in the index,
    together holding every visible item once."""
    from meetings.sitemaps import ItemSitemap

    monkeypatch.setattr(ItemSitemap, "limit", 2)
    sections = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")]
    pages = [s for s in sections if "sitemap-items" in s]
    assert pages == ["http://testserver/sitemap-items.xml", "http://testserver/sitemap-items.xml?p=2",
                     "http://testserver/sitemap-items.xml?p=3"]
    locs = []
    for page in pages:
        found = [loc.text for loc in ET.fromstring(client.get(page.removeprefix("http://testserver")).content)
                 .iter(f"{SITEMAP}loc")]
        assert 1 <= len(found) <= 2
        locs += found
    assert len(locs) == len(set(locs)) == 5
    assert client.get("/sitemap-items.xml?p=4").status_code == 404
