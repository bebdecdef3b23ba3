"""sitemap.xml: an index of sections (pages, meetings, items, people, organisations), each paginated.

A sitemap has no request, and is for search engines: it is always built for the public
(an anonymous user), through the same selectors as the pages. The protocol allows 50,000 URLs a
file; each section's pages hold `LIMIT`, so a file stays well under that (and quick to build) at any
size of archive. Every section page is two queries (a count, then one page of `.only()` rows); the
index one query a section for its latest change (an aggregate, never a walk over the rows).
"""
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from . import selectors
from .models import Meeting

PUBLIC = AnonymousUser()
LIMIT = 10_000


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
        return Meeting.objects.visible_to(PUBLIC).only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at

    def get_latest_lastmod(self):
        return Meeting.objects.visible_to(PUBLIC).aggregate(latest=Max("updated_at"))["latest"]


class ItemSitemap(Sitemap):
    changefreq = "yearly"
    limit = LIMIT

    def items(self):
        return selectors.visible_items(user=PUBLIC).select_related("meeting").only(
            "position", "meeting__slug", "meeting__updated_at"
        ).order_by("pk")

    def lastmod(self, item):
        return item.meeting.updated_at

    def get_latest_lastmod(self):
        return selectors.visible_items(user=PUBLIC).aggregate(latest=Max("meeting__updated_at"))["latest"]


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    limit = LIMIT

    def items(self):
        return selectors.person_list(user=PUBLIC).only("slug").order_by("pk")


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    limit = LIMIT

    def items(self):
        return selectors.organisation_list(user=PUBLIC).only("slug").order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "meetings": MeetingSitemap,
    "items": ItemSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
}
