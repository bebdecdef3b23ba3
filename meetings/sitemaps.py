"""sitemap.xml: the public pages, meetings, visible items, people and organisations.

A sitemap has no request, and is for search engines: it is always built for the public
(an anonymous user), through the same selectors as the pages.
"""
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .models import Meeting

PUBLIC = AnonymousUser()


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "meeting_list", "resolution_list", "person_list", "organisation_list", "accessibility"]

    def location(self, name):
        return reverse(name)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Meeting.objects.visible_to(PUBLIC).only("slug", "date", "updated_at").order_by("-date")

    def lastmod(self, meeting):
        return meeting.updated_at


class ItemSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return selectors.visible_items(user=PUBLIC).select_related("meeting").only(
            "position", "meeting__slug", "meeting__updated_at"
        ).order_by("meeting__date", "position")

    def lastmod(self, item):
        return item.meeting.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.person_list(user=PUBLIC).only("slug")


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.organisation_list(user=PUBLIC).only("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "meetings": MeetingSitemap,
    "items": ItemSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
}
