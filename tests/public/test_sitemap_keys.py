"""Sitemap sections paged by key (meetings/sitemaps.py, PagesByKey), with their page starts kept per
archive version (meetings/figures.py): the same files as offset pages, never a row the public may not
see, and a change to the archive seen on the next request.

Transactional (transaction=True): figures are kept only outside a transaction, and on PostgreSQL the
archive stamp moves only at commit.
"""
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import publication
from meetings.demo import demo_archive_generate
from meetings.figures import ArchiveFigure
from meetings.models import AgendaItem, Meeting
from meetings.sitemaps import SITEMAPS, ItemSitemap, MeetingSitemap

from .conftest import CANARY_STRINGS, build_archive, build_pending

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def empty_cache(empty_page_cache):
    """The anonymous page cache emptied around every test here (conftest's empty_page_cache)."""


@pytest.fixture
def partner_client(transactional_db):
    """Signed in as a partner (a user made as test_archive_figures makes them: a transactional test
    before may have flushed the groups the migrations made)."""
    from django.test import Client

    from .test_archive_figures import _user

    client = Client()
    client.force_login(_user("sitemap-partner", "view_restricted", group="Partners"))
    return client


def locs(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def files_of(client, section: str) -> list[list[str]]:
    """The URLs of each file of `section`, as the index lists the files."""
    index = locs(client, "/sitemap.xml")
    return [locs(client, url.removeprefix("http://testserver")) for url in index if f"/sitemap-{section}.xml" in url]


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_keyed_pages_are_the_offset_pages(client, monkeypatch, limit):
    """Every section, at several page sizes: file N holds exactly what an OFFSET page N of the visible
    rows in key order held, read twice (computed, then from the kept starts)."""
    demo_archive_generate(meetings=12, seed=5)
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk")[3].pk).update(is_published=False)
    for site in SITEMAPS.values():
        monkeypatch.setattr(site, "limit", limit, raising=False)
    for name, site_class in SITEMAPS.items():
        if name == "pages":
            continue
        site = site_class()
        expected = [[site.location(row) for row in page]
                    for page in (Paginator(site.items(), limit).page(n).object_list
                                 for n in Paginator(site.items(), limit).page_range)]
        for _ in range(2):
            found = [[url.removeprefix("http://testserver") for url in urls] for urls in files_of(client, name)]
            assert found == expected, name
    assert ArchiveFigure.objects.filter(name__startswith="sitemap items starts").exists()


def test_no_file_lists_what_the_public_may_not_see(client, partner_client, monkeypatch):
    """A restricted item and a meeting awaiting review are in no file, for the public or a partner
    (a sitemap is always the public's), with the page starts computed and then kept."""
    archive = build_archive()
    pending = build_pending(archive)
    monkeypatch.setattr(ItemSitemap, "limit", 1)
    monkeypatch.setattr(MeetingSitemap, "limit", 1)
    for reader in (client, partner_client, client):
        every = [url for section in ("meetings", "items", "people", "organisations")
                 for urls in files_of(reader, section) for url in urls]
        assert every and not any(pending.meeting.slug in url for url in every)
        assert not any(pending.person.slug in url or pending.organisation.slug in url for url in every)
        assert not any(f"/{archive.canary.meeting.slug}/items/{archive.canary.position}/" in url for url in every)
        for section in ("items", "people", "organisations", "meetings"):
            content = b"".join(reader.get(url.removeprefix("http://testserver")).content
                               for url in locs(reader, "/sitemap.xml") if section in url).decode()
            assert not any(canary in content for canary in CANARY_STRINGS)


def test_a_change_is_seen_on_the_next_request(client, monkeypatch):
    """Kept starts are for one archive version: restricting an item, publishing and unpublishing a
    meeting change the files at once, with no stale key served."""
    archive = build_archive()
    pending = build_pending(archive)
    monkeypatch.setattr(ItemSitemap, "limit", 2)

    def item_urls():
        return [url for urls in files_of(client, "items") for url in urls]

    before = item_urls()
    assert item_urls() == before  # now from the kept starts
    crime = f"/meetings/{archive.crime.meeting.slug}/items/{archive.crime.position}/"
    assert any(url.endswith(crime) for url in before)
    publication.items_set_restricted(items=AgendaItem.objects.filter(pk=archive.crime.pk), restricted=True,
                                     user=None, note="Police intelligence")
    after = item_urls()
    assert not any(url.endswith(crime) for url in after) and len(after) == len(before) - 1
    publication.meeting_publish(meeting=pending.meeting, user=None)
    published = item_urls()
    assert any(f"/meetings/{pending.meeting.slug}/" in url for url in published)
    publication.meeting_unpublish(meeting=Meeting.objects.get(pk=pending.meeting.pk), user=None)
    assert item_urls() == after
    assert not any(f"/meetings/{pending.meeting.slug}/" in url for url in locs(client, "/sitemap-meetings.xml"))


def test_a_kept_file_is_two_queries_and_a_deep_one_reads_no_earlier_row(client, monkeypatch):
    """With its starts kept, a file is the stamp-and-figure query and one range read from its first key
    (no count, no OFFSET), the last file as the first."""
    demo_archive_generate(meetings=10, seed=2)
    monkeypatch.setattr(ItemSitemap, "limit", 5)
    pages = [url.removeprefix("http://testserver") for url in locs(client, "/sitemap.xml") if "items" in url]
    assert len(pages) > 3
    for page in (pages[0], pages[-1]):
        client.get(page)  # keeps the starts (and the anonymous cache the page: emptied below)
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        sql = [query["sql"] for query in queries.captured_queries]
        reads = [s for s in sql if "meetings_agendaitem" in s]
        assert len(reads) == 1 and "OFFSET" not in reads[0].upper() and "COUNT(" not in reads[0].upper(), sql
        assert len([s for s in sql if "archivestamp" not in s.lower()]) == 1, sql


def test_a_page_number_past_the_end_or_not_a_number_is_a_404(client):
    build_archive()
    for query in ("?p=2", "?p=0", "?p=-1", "?p=x", "?p=1.5"):
        assert client.get(f"/sitemap-items.xml{query}").status_code == 404, query
    assert client.get("/sitemap-items.xml?p=1").status_code == 200


def test_an_empty_section_is_one_empty_file(client):
    """No meeting published yet: the index still lists each section once, and its file is empty."""
    assert locs(client, "/sitemap-items.xml") == []
    assert sum("/sitemap-items.xml" in url for url in locs(client, "/sitemap.xml")) == 1


def test_the_figure_is_the_publics_whoever_asks(partner_client):
    """A partner's request keeps the public's starts (a sitemap is always built for the public)."""
    archive = build_archive()
    partner_client.get("/sitemap.xml")
    audiences = set(ArchiveFigure.objects.filter(name__startswith="sitemap").values_list("audience", flat=True))
    assert audiences == {"public"}
    assert AnonymousUser().is_anonymous and archive.canary.is_restricted
