"""sitemap.xml: an index of sections (pages, meetings, items, people, organisations), each paginated.

A sitemap has no request, and is for search engines: it is always built for the public
(an anonymous user), through the same selectors as the pages. The protocol allows 50,000 URLs a
file; each section's pages hold `LIMIT`, so a file stays well under that (and quick to build) at any
size of archive. The index is Django's view; it asks each section for its number of pages and its
latest change (an aggregate, never a walk over the rows). A section page is `section`, below: one
page of `values_list` tuples and XML written directly, since Django's template costs about half a
millisecond a URL, seconds for a file of 10,000.

Pages by key, not by offset (`PagesByKey`): page N of a section is read from the primary key that
starts it, a range scan of `LIMIT` rows, where an OFFSET read and threw away every row before it (the
last of thirteen item files cost 190-900 ms on PostgreSQL at 10,000 meetings). The keys that start
the pages come from one window-function query over the section, kept per archive version
(meetings/figures.py) with the section's number of pages; a change to the archive retires them.
"""
import datetime as dt
import functools
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, Max, Value, Window
from django.db.models.functions import Mod, RowNumber
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from . import selectors
from .figures import figure
from .models import Meeting

PUBLIC = AnonymousUser()
LIMIT = 10_000


@functools.cache
def _url_format(name: str, *fields: str) -> str:
    """The URL of `name` as a format string over `fields`: reverse() once, not once a row (~20 µs each)."""
    markers = {field: f"zz{n}marker" for n, field in enumerate(fields)}
    url = reverse(name, kwargs={field: 900000001 + n if field == "position" else markers[field]
                                for n, field in enumerate(fields)})
    for n, field in enumerate(fields):
        url = url.replace(str(900000001 + n) if field == "position" else markers[field], "{%d}" % n)
    return url


class PagesByKey:
    """The pages of a section (a queryset in primary-key order) as Django's sitemaps read a Paginator:
    `num_pages`, and `page(number).object_list`, each page read from the key that starts it.

    Args:
        name: the section, naming its kept page starts.
        rows: the section's rows as the public may see them, in any order (a model queryset).
        fields: what a page's `values_list` holds for each row.
        per_page: rows a page.
    """

    def __init__(self, name: str, rows, fields: tuple[str, ...], per_page: int):
        self.name, self.rows, self.fields, self.per_page = name, rows, fields, per_page

    @functools.cached_property
    def starts(self) -> list[int]:
        """The primary key of the first row of each page: rows 1, per_page + 1, 2 x per_page + 1, ..."""
        def compute():
            numbered = self.rows.order_by().annotate(
                row=Window(RowNumber(), order_by=F("pk").asc()),
                slot=Mod(F("row") - 1, Value(self.per_page)),
            )
            return list(numbered.filter(slot=0).order_by("pk").values_list("pk", flat=True))

        # The page size is in the name: a section's starts depend on it.
        return figure(f"sitemap {self.name} starts {self.per_page}", PUBLIC, compute)

    @property
    def num_pages(self) -> int:
        return max(1, len(self.starts))  # an empty section is one empty page, as Django's Paginator has it

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        rows = self.rows.order_by("pk")
        if self.starts:
            rows = rows.filter(pk__gte=self.starts[number - 1])
        return SimpleNamespace(number=number, object_list=rows.values_list(*self.fields)[:self.per_page])


def _latest(name: str, compute):
    """A section's latest change (an aggregate over the section, 20 ms for the items at 10,000
    meetings), kept per archive version as the page starts are."""
    kept = figure(f"sitemap {name} latest", PUBLIC, lambda: (value := compute()) and value.isoformat())
    return kept and dt.datetime.fromisoformat(kept)


class KeyedSitemap(Sitemap):
    """A section paged by key (PagesByKey): subclasses give `name`, `rows()` and `fields`."""

    limit = LIMIT
    name = ""
    fields: tuple[str, ...] = ()

    def rows(self):
        raise NotImplementedError

    def items(self):
        return self.rows().order_by("pk").values_list(*self.fields)

    @property
    def paginator(self):
        return PagesByKey(self.name, self.rows(), self.fields, self.limit)


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "meeting_list", "resolution_list", "person_list", "organisation_list", "accessibility"]

    def location(self, name):
        return reverse(name)


class MeetingSitemap(KeyedSitemap):
    changefreq = "monthly"
    name = "meetings"
    fields = ("slug", "updated_at")

    def rows(self):
        return Meeting.objects.visible_to(PUBLIC)

    def location(self, row):
        return _url_format("meeting_detail", "slug").format(row[0])

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        return _latest("meetings", lambda: self.rows().aggregate(latest=Max("updated_at"))["latest"])


class ItemSitemap(KeyedSitemap):
    changefreq = "yearly"
    name = "items"
    fields = ("meeting__slug", "position", "meeting__updated_at")

    def rows(self):
        return selectors.visible_items(user=PUBLIC)

    def location(self, row):
        return _url_format("item_detail", "slug", "position").format(row[0], row[1])

    def lastmod(self, row):
        return row[2]

    def get_latest_lastmod(self):
        return _latest("items", lambda: self.rows().aggregate(latest=Max("meeting__updated_at"))["latest"])


class PersonSitemap(KeyedSitemap):
    changefreq = "monthly"
    name = "people"
    fields = ("slug",)

    def rows(self):
        return selectors.person_list(user=PUBLIC)

    def location(self, row):
        return _url_format("person_detail", "slug").format(row[0])


class OrganisationSitemap(KeyedSitemap):
    changefreq = "monthly"
    name = "organisations"
    fields = ("slug",)

    def rows(self):
        return selectors.organisation_list(user=PUBLIC)

    def location(self, row):
        return _url_format("organisation_detail", "slug").format(row[0])


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "meetings": MeetingSitemap,
    "items": ItemSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
}


def _w3c(value) -> str:
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


@require_safe
def section(request, section: str):
    """/sitemap-<section>.xml[?p=N]: one page of a section, as the sitemap protocol writes it."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap section")
    site = SITEMAPS[section]()
    try:
        page = site.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page") from None
    base = f"{request.scheme}://{request.get_host()}"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    has_lastmod = hasattr(site, "lastmod")
    latest = None
    for row in page.object_list:
        loc = escape(base + site.location(row))
        entry = f"<url><loc>{loc}</loc>"
        if has_lastmod and (modified := site.lastmod(row)) is not None:
            entry += f"<lastmod>{_w3c(modified)}</lastmod>"
            latest = modified if latest is None or modified > latest else latest
        if site.changefreq:
            entry += f"<changefreq>{site.changefreq}</changefreq>"
        lines.append(entry + "</url>")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
