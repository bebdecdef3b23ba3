"""Every list, feed, sitemap section and download runs as many queries at 300 meetings as at 30.

The demo generator (meetings/demo.py) builds a realistic archive of 30 meetings, every URL is
requested (first, middle and last pages of the paginated lists) and its queries counted; then the
archive is rebuilt with 300 meetings (ten times the items, resolutions and attendance) and every URL
must run exactly as many queries again, for the public and for a signed-in partner. A query per row
(an N+1) or per page skipped would show as a difference. Timings are the benchmark's business
(benchmarks/bench_scale.py), never asserted here.
"""
import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings.demo import demo_archive_generate
from meetings.models import Meeting, Resolution
from meetings.sitemaps import SITEMAPS
from people.models import Organisation, Person

pytestmark = pytest.mark.django_db

MEETINGS_PER_PAGE, RESOLUTIONS_PER_PAGE, NAMES_PER_PAGE, PERSON_MEETINGS_PER_PAGE = 25, 50, 50, 50


def last_page(n: int, per_page: int) -> int:
    return max(1, -(-n // per_page))


def urls() -> dict[str, str]:
    """The URLs to count, named so that a difference says which; page numbers follow the archive's size."""
    meetings = Meeting.objects.filter(is_published=True).count()
    resolutions = Resolution.objects.filter(item__meeting__is_published=True, item__is_restricted=False).count()
    person = Person.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    organisation = Organisation.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    meeting = Meeting.objects.filter(is_published=True).order_by("-date").first()
    person_rows = person.attendance.filter(meeting__in=Meeting.objects.visible_to(None)).count()
    found = {
        "home": "/",
        "meetings": "/meetings/",
        "meetings last page": f"/meetings/?page={last_page(meetings, MEETINGS_PER_PAGE)}",
        "meetings of a year": f"/meetings/{meeting.date.year}/",
        "meetings filtered": f"/meetings/?person={person.slug}&organisation={organisation.slug}",
        "meeting": meeting.get_absolute_url(),
        "resolutions": "/resolutions/",
        "resolutions last page": f"/resolutions/?page={last_page(resolutions, RESOLUTIONS_PER_PAGE)}",
        "resolutions filtered": f"/resolutions/?organisation={organisation.slug}",
        "people": "/people/",
        "people searched": "/people/?q=a",
        "person": person.get_absolute_url(),
        "person last page": f"{person.get_absolute_url()}?page={last_page(person_rows, PERSON_MEETINGS_PER_PAGE)}",
        "organisations": "/organisations/",
        "organisation": organisation.get_absolute_url(),
        "atom": "/feeds/meetings.atom",
        "calendar": "/feeds/meetings.ics",
        "calendar of a year": f"/feeds/meetings-{meeting.date.year}.ics",
        "meeting calendar": f"{meeting.get_absolute_url()}calendar.ics",
        "sitemap index": "/sitemap.xml",
    }
    found.update({f"sitemap {name}": f"/sitemap-{name}.xml" for name in SITEMAPS})
    for kind in ("resolutions", "attendance"):
        for fmt in ("csv", "json", "xlsx"):
            found[f"download {kind}.{fmt}"] = f"/downloads/{kind}.{fmt}"
    found["download resolutions filtered"] = f"/downloads/resolutions.csv?organisation={organisation.slug}"
    return found


def count_queries(client) -> dict[str, int]:
    counts = {}
    for name, url in urls().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            if response.streaming:  # a download's queries run while it streams
                b"".join(response.streaming_content)
        counts[name] = len(queries)
    return counts


@pytest.fixture(params=["public", "partner"])
def user_client(request, partner):
    client = Client()
    if request.param == "partner":
        client.force_login(partner)
    return client


def test_queries_do_not_grow_with_the_archive(user_client):
    demo_archive_generate(meetings=30, seed=3)
    small = count_queries(user_client)
    demo_archive_generate(meetings=300, seed=3)
    assert Meeting.objects.count() == 300
    large = count_queries(user_client)
    grown = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert grown == {}, f"queries at 30 and at 300 meetings: {grown}"
    # Small and fixed, not merely constant: no page reads row by row at any size.
    assert max(small.values()) <= 12, small


def test_sitemap_sections_page_under_the_protocol_limit(client, monkeypatch):
    """With 100 URLs a file, each section's files hold at most 100, and the index lists them all."""
    demo_archive_generate(meetings=30, seed=3)
    for site in SITEMAPS.values():
        monkeypatch.setattr(site, "limit", 100, raising=False)
    index = client.get("/sitemap.xml").content.decode()
    items = [loc for loc in index.split("<loc>")[1:] if "sitemap-items" in loc]
    assert len(items) > 1
    for loc in items:
        path = loc.split("</loc>")[0].removeprefix("http://testserver")
        assert client.get(path).content.count(b"<url>") <= 100
