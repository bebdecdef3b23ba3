"""sitemap.xml: an index of sections (pages, meetings, items, people, organisations), each paginated.

A sitemap has no request, and is for search engines: it is always built for the public
(an anonymous user), through the same selectors as the pages. The protocol allows 50,000 URLs a
file; each section's pages hold `LIMIT`, so a file stays well under that (and quick to build) at any
size of archive. The index is Django's view; it asks each section for its number of pages (a count)
and its latest change (an aggregate, never a walk over the rows). A section page is `section`, below:
two queries (the count, then one page of `values_list` tuples) and XML written directly, since
Django's template costs about half a millisecond a URL, seconds for a file of 10,000.
"""
import functools
from xml.sax.saxutils import escape

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from . import selectors
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


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "meeting_list", "resolution_list", "person_list", "organisation_list", "accessibility"]

    def location(self, name):
        return reverse(name)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = LIMIT

    def items(self):
        # By primary key: a stable order the index serves, so a deep page is no sort of the whole table.
        return Meeting.objects.visible_to(PUBLIC).order_by("pk").values_list("slug", "updated_at")

    def location(self, row):
        return _url_format("meeting_detail", "slug").format(row[0])

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        return Meeting.objects.visible_to(PUBLIC).aggregate(latest=Max("updated_at"))["latest"]


class ItemSitemap(Sitemap):
    changefreq = "yearly"
    limit = LIMIT

    def items(self):
        return selectors.visible_items(user=PUBLIC).order_by("pk").values_list(
            "meeting__slug", "position", "meeting__updated_at"
        )

    def location(self, row):
        return _url_format("item_detail", "slug", "position").format(row[0], row[1])

    def lastmod(self, row):
        return row[2]

    def get_latest_lastmod(self):
        return selectors.visible_items(user=PUBLIC).aggregate(latest=Max("meeting__updated_at"))["latest"]


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    limit = LIMIT

    def items(self):
        return selectors.person_list(user=PUBLIC).order_by("pk").values_list("slug", flat=True)

    def location(self, slug):
        return _url_format("person_detail", "slug").format(slug)


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    limit = LIMIT

    def items(self):
        return selectors.organisation_list(user=PUBLIC).order_by("pk").values_list("slug", flat=True)

    def location(self, slug):
        return _url_format("organisation_detail", "slug").format(slug)


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
