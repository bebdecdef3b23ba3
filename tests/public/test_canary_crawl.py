"""The canary crawl: visibility proven over every public URL, not page by page.

A restricted item with strings found nowhere else (the canary) is put into a small archive. The crawl
starts at the home page and follows every same-site link: HTML hrefs, sitemap.xml <loc>s, the Atom
feed's links and the iCalendar feed's URLs, plus searches and filters for the canary's own words and
the downloads. As the public, no response (HTML, XML, iCalendar, CSV, XLSX, JSON) may contain any
canary string; as a signed-in partner the same crawl must find it, so the crawl is known to reach it.

The same crawl, with a meeting awaiting review added (and its URLs probed directly), proves that the
public, a signed-in user without permissions and a partner meet nothing of it, while an officer does.

The archive also holds a public declarations minute naming the canary and a person named only in
declarations about it (the declarant's name is a canary too), and the canary meeting's source
document, stored with the canary's words in it: every URL that file could be guessed at is asked for.
"""
import io
import re
import zipfile
from urllib.parse import unquote_plus, urldefrag, urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings import selectors
from meetings.models import AgendaItem, Meeting

from .conftest import (
    CANARY_MINUTE,
    CANARY_TITLE,
    DECLARANT_SLUG,
    DECLARATION_CANARIES,
    PENDING_STRINGS,
    PENDING_TITLE,
    add_declaration_canaries,
    build_archive,
    pending_urls,
)

# A restricted report on a public item: its title and its text are canaries too (issue 14).
REPORT_TITLE_CANARY, REPORT_TEXT_CANARY = "Ravensgill", "Thistlebrook"
# A public report whose item was deleted (item NULL): seen by nobody but officers.
ORPHAN_REPORT_CANARY = "Grimsditch"
CANARY_STRINGS = [*DECLARATION_CANARIES, REPORT_TITLE_CANARY, REPORT_TEXT_CANARY, ORPHAN_REPORT_CANARY]

pytestmark = pytest.mark.django_db

MAX_PAGES = 1500
# Not for residents or partners: the officers' admin (its own tests), the logout form's target.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
XML_LOC = re.compile(r"<loc>([^<]+)</loc>")
ICS_URL = re.compile(r"^URL:(\S+)", re.MULTILINE)
WITHHELD = re.compile(r"(\d+) restricted items? (?:is|are) not published")


@pytest.fixture
def archive(db):
    """The canary archive, its declarations, and the canary meeting's stored source document."""
    archive = add_declaration_canaries(build_archive())
    archive.new.source_document.save(
        "ssp-2020-01-28.txt", ContentFile(f"{CANARY_TITLE}\n{CANARY_MINUTE}\n".encode()), save=False
    )
    archive.new.source_filename = "ssp-2020-01-28.txt"
    archive.new.save()
    add_report_canaries(archive)
    return archive


def add_report_canaries(archive):
    """A public report, a restricted report on a public item and a report on the restricted item,
    the canaries in the restricted ones' titles and text."""
    from meetings.reports.services import report_attach
    from tests.factories import AgendaItemFactory
    from tests.reports.files import pdf_bytes, pptx_bytes, upload

    archive.public_report = report_attach(item=archive.crime, title="Crime summary", file=upload(
        "crime.pdf", pdf_bytes(["Recorded crime summary for Stockton."])))
    archive.secret_report = report_attach(
        item=archive.crime, title=f"Operation {REPORT_TITLE_CANARY} covert plan", restricted=True,
        file=upload("plan.pdf", pdf_bytes([f"The {REPORT_TEXT_CANARY} surveillance schedule."])))
    archive.item_report = report_attach(item=archive.canary, title="Briefing slides", kind="presentation",
                                        file=upload("slides.pptx", pptx_bytes([("Briefing", REPORT_TEXT_CANARY)])))
    doomed = AgendaItemFactory(meeting=archive.later, position=9, number="SSP 9/21", title="Replaced item")
    archive.orphan_report = report_attach(item=doomed, title=f"{ORPHAN_REPORT_CANARY} appendix", file=upload(
        "appendix.pdf", pdf_bytes([f"{ORPHAN_REPORT_CANARY} appendix figures."])))
    doomed.delete()  # as a replaced meeting's item with no counterpart: the report's item is NULL


def report_urls() -> list[str]:
    """Every report's download URL and API detail, and every URL its stored file could be guessed at."""
    from meetings.models import Report

    urls = ["/api/documents/"]
    for report in Report.objects.all():
        name = report.file.name
        urls += [report.get_absolute_url(), f"/api/documents/{report.pk}/", f"/media/{name}", f"/{name}",
                 f"/media/{name.rsplit('/', 1)[-1]}", f"/api/documents/?item={report.item_id}"]
    return urls


def stored_file_urls() -> list[str]:
    """Every URL a stored minutes document could be guessed at, for every meeting that has one."""
    urls = []
    for meeting in Meeting.objects.exclude(source_document=""):
        name = meeting.source_document.name
        base = name.rsplit("/", 1)[-1]
        urls += [f"/media/{name}", f"/{name}", f"/media/minutes/{meeting.date:%Y}/{base}", f"/media/{base}",
                 f"/static/{name}", reverse("admin:meetings_meeting_source_document", args=[meeting.pk])]
    return urls


def probe_urls() -> list[str]:
    """Searches, filters and downloads asking for the canary by its own words; guessed file URLs."""
    urls = [*stored_file_urls(), *report_urls(), f"/people/{DECLARANT_SLUG}/", f"/api/people/{DECLARANT_SLUG}/",
            f"/meetings/?person={DECLARANT_SLUG}", f"/resolutions/?person={DECLARANT_SLUG}",
            "/api/agenda-items/?q=prejudicial", "/search/?q=prejudicial"]
    for word in CANARY_STRINGS:
        urls += [f"/search/?q={word}", f"/meetings/?q={word}", f"/resolutions/?q={word}",
                 f"/downloads/resolutions.csv?q={word}", f"/downloads/resolutions.json?q={word}",
                 f"/search/feed.atom?q={word}", f"/api/agenda-items/?q={word}", f"/people/?q={word}"]
    # Issue 13's surfaces: follow feeds (the declarant's too), the sitemap page, the API's own pages, the
    # register's kind filter and its downloads.
    urls += [f"/people/{DECLARANT_SLUG}/feed.atom", "/sitemap/", "/api/", "/api/?format=json", "/api/docs/",
             "/api/schema/", "/resolutions/?kind=substantive", "/resolutions/?kind=procedural",
             "/downloads/resolutions.csv?kind=procedural", "/downloads/resolutions.xlsx?kind=substantive"]
    for fmt in ("csv", "xlsx", "json"):
        urls += [f"/downloads/resolutions.{fmt}", f"/downloads/attendance.{fmt}",
                 f"/downloads/resolutions.{fmt}?meeting=2020-01-28"]
    return urls + ["/sitemap.xml", "/feeds/meetings.atom", "/feeds/meetings.ics", "/robots.txt",
                   "/meetings/2020-01-28/items/3/"]


def body_text(response) -> str:
    """The response as text; an XLSX's (or .pptx's) parts unzipped, a PDF's text extracted, a stream joined."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if content[:5] == b"%PDF-":  # a report: its text, as its page streams are compressed
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def links_in(text: str, base: str) -> set[str]:
    found = set(LINK.findall(text)) | set(XML_LOC.findall(text)) | set(ICS_URL.findall(text))
    paths = set()
    for link in found:
        absolute = urljoin(f"http://testserver{base}", link.replace("&amp;", "&").strip())
        parts = urlsplit(urldefrag(absolute)[0])
        if parts.netloc != "testserver" or parts.scheme not in ("http", ""):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES):
            paths.add(path)
    return paths


def crawl(client, extra=()) -> dict[str, tuple[int, str]]:
    """Every page reachable from /, the probes and `extra`, fetched once: {path: (status, body)}."""
    queue, seen, pages = ["/", *probe_urls(), *extra], set(), {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        assert len(pages) < MAX_PAGES, "the crawl did not finish: is some page generating endless links?"
        response = client.get(path)
        text = body_text(response)
        if path.startswith("/admin/"):  # the source-document view: asked, never followed
            pages[path] = (response.status_code, text)
            continue
        pages[path] = (response.status_code, text)
        if response.status_code in (301, 302):
            queue.append(links_in(f'href="{response["Location"]}"', path).pop())
        elif response.status_code == 200:
            queue.extend(sorted(links_in(text, path) - seen))
    return pages


def leaks(pages, strings=CANARY_STRINGS) -> dict[str, list[str]]:
    """{path: canary strings in its response}. A probe's page echoes the word it asked for (the
    search box keeps it), so that word is not counted there; every other canary string still is,
    and any hit on the canary item would show its other strings (title, minute, resolution)."""
    found = {}
    for path, (_, text) in pages.items():
        asked = unquote_plus(path).lower()
        hits = [canary for canary in strings
                if canary.lower() in text.lower() and canary.lower() not in asked]
        if hits:
            found[path] = hits
    return found


def test_public_crawl_never_meets_the_canary(client, archive):
    """Anonymous: dozens of pages, feeds, sitemap and downloads, and not one canary string anywhere."""
    pages = crawl(client)
    assert leaks(pages) == {}
    # The crawl really went everywhere: every page type, the feeds, sitemap and downloads.
    for path in ("/", "/meetings/", "/meetings/2020/", "/meetings/2020-01-28/", "/meetings/2020-01-28/items/2/",
                 "/resolutions/", "/people/", archive.chair.get_absolute_url(), "/organisations/",
                 archive.police.get_absolute_url(), "/accessibility/", "/accounts/login/", "/sitemap.xml",
                 "/feeds/meetings.atom", "/feeds/meetings.ics", "/downloads/resolutions.csv?meeting=2020-01-28",
                 "/downloads/attendance.xlsx?meeting=2020-01-28"):
        assert pages[path][0] == 200, path
    assert pages["/meetings/2020-01-28/items/3/"][0] == 404
    assert pages[f"/people/{DECLARANT_SLUG}/"][0] == 404
    for url in stored_file_urls():
        assert pages[url][0] in (302, 404), url  # the admin's login for the officers' view, else none
    for report in (archive.secret_report, archive.item_report, archive.orphan_report):
        assert pages[report.get_absolute_url()][0] == 404
        assert pages[f"/api/documents/{report.pk}/"][0] == 404
    assert pages[archive.public_report.get_absolute_url()][0] == 200
    assert "A restricted report is not published." in pages["/meetings/2020-01-28/items/2/"][1]
    errors = {path: status for path, (status, _) in pages.items() if status >= 500}
    assert errors == {}
    assert len(pages) > 60


def test_partner_crawl_finds_the_canary(partner_client, archive):
    """Signed in as a partner, the same crawl reaches the canary: pages, search, feeds and downloads."""
    pages = crawl(partner_client)
    found = leaks(pages)
    for path in ("/meetings/2020-01-28/", "/meetings/2020-01-28/items/3/", "/resolutions/",
                 "/search/?q=Kestrelwing", "/feeds/meetings.atom", "/feeds/meetings-2020.ics",
                 "/meetings/2020-01-28/calendar.ics", "/downloads/resolutions.csv?meeting=2020-01-28", "/api/documents/",
                 archive.secret_report.get_absolute_url(), archive.item_report.get_absolute_url(),
                 f"/search/?q={REPORT_TITLE_CANARY}", f"/search/?q={REPORT_TEXT_CANARY}"):
        assert path in found, path  # (/feeds/meetings.ics holds only the last year and what is to come)
    assert CANARY_TITLE in pages["/meetings/2020-01-28/"][1]
    assert REPORT_TITLE_CANARY in pages["/meetings/2020-01-28/items/2/"][1]
    # A report whose item is gone is seen by nobody but officers (in the admin), partners included.
    assert not [path for path, hits in found.items() if ORPHAN_REPORT_CANARY in hits]
    assert pages[archive.orphan_report.get_absolute_url()][0] == 404


def test_withheld_counts_shown_are_right(client, partner_client, archive):
    """Every "N restricted items are not published" line matches the data, and partners see none."""
    public = crawl(client)
    shown = {}
    for path, (_, text) in public.items():
        match = re.fullmatch(r"/meetings/(\d{4}-\d{2}-\d{2})/", path)
        if match:
            counts = WITHHELD.findall(text)
            shown[match.group(1)] = int(counts[0]) if counts else 0
    expected = {
        meeting.slug: AgendaItem.objects.filter(meeting=meeting, is_restricted=True).count()
        for meeting in Meeting.objects.all()
    }
    assert shown == expected == {"2019-11-22": 0, "2020-01-28": 1, "2021-03-02": 0}
    anonymous_counts = {m.slug: m.n_withheld for m in selectors.meetings_with_counts(user=None)}
    assert anonymous_counts == expected
    page = partner_client.get("/meetings/2020-01-28/").content.decode()
    assert not WITHHELD.search(page)


@pytest.fixture(params=["anonymous", "plain user", "partner"])
def not_officer_client(request, client, django_user_model, partner_client):
    """The public, a signed-in user with no permission, and a partner: none may see unpublished meetings."""
    if request.param == "plain user":
        client.force_login(django_user_model.objects.create_user("resident", password="a-long-test-password"))
    return partner_client if request.param == "partner" else client


def test_nobody_but_officers_meets_a_meeting_awaiting_review(not_officer_client, archive, pending):
    """Pages, search, counts, people/organisation pages and filters, feeds, sitemap, downloads and API:
    not one string of the pending meeting, its items, its person or its organisation; its own pages 404."""
    pages = crawl(not_officer_client, extra=pending_urls(pending))
    assert leaks(pages, PENDING_STRINGS) == {}
    slug = pending.meeting.slug
    for path in (f"/meetings/{slug}/", f"/meetings/{slug}/items/1/", "/meetings/2022/",
                 f"/people/{pending.person.slug}/", f"/organisations/{pending.organisation.slug}/",
                 f"/api/events/{slug}/", f"/api/people/{pending.person.slug}/",
                 f"/api/organizations/{pending.organisation.slug}/"):
        assert pages[path][0] == 404, path
    # A slug of the pending meeting or its person is refused exactly like one that does not exist.
    assert pages[f"/downloads/attendance.csv?person={pending.person.slug}"][0] == 400
    assert not_officer_client.get("/downloads/attendance.csv?person=nobody-at-all").status_code == 400
    assert pages[f"/downloads/resolutions.csv?meeting={slug}"][0] == 400
    assert {path: status for path, (status, _) in pages.items() if status >= 500} == {}


def test_partners_see_restricted_items_of_published_meetings_only(partner_client, archive, pending):
    """The partner's crawl reaches the published canary, and nothing of the pending meeting's restricted item."""
    pages = crawl(partner_client, extra=pending_urls(pending))
    assert "/meetings/2020-01-28/items/3/" in leaks(pages)
    assert leaks(pages, PENDING_STRINGS) == {}


def test_officers_meet_the_pending_meeting_everywhere(officer_client, archive, pending):
    """Signed in as an officer, the same crawl finds the pending meeting on every kind of output."""
    pages = crawl(officer_client, extra=pending_urls(pending))
    found = leaks(pages, PENDING_STRINGS)
    slug = pending.meeting.slug
    for path in ("/", "/meetings/", f"/meetings/{slug}/", f"/meetings/{slug}/items/2/", "/people/",
                 "/organisations/", "/search/?q=Tarrowgate", "/feeds/meetings.atom",
                 "/feeds/meetings.ics", f"/downloads/resolutions.csv?meeting={slug}", "/api/people/",
                 f"/api/events/{slug}/", "/meetings/2021-03-02/"):
        assert path in found, path
    assert PENDING_TITLE in pages[f"/meetings/{slug}/"][1]
    assert "Awaiting review" in pages[f"/meetings/{slug}/"][1]
    # The sitemap is for search engines: built for the public whoever asks.
    assert "/sitemap.xml" not in found
