"""Atom feeds to follow one thing: a person, an organisation, a search (issue 13, "Follow anything").

Each feed is built from the same selectors as the page it belongs to, so it shows exactly what that
page shows to the same reader: the public view for anonymous readers (feed readers have no session),
and a signed-in partner's own view, which is never stored by any cache (`no-store`).
"""
from urllib.parse import quote_plus as _quote

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from . import selectors
from .feeds import FEED_LENGTH, PARTNERSHIP, MeetingsAtomFeed
from .search import add_snippets, search_rows

SEARCH_QUERY_MAX = 200  # as the search page


class _FollowFeed(Feed):
    """An Atom feed whose content depends on the reader: never cached when the reader is signed in."""

    feed_type = Atom1Feed
    author_name = PARTNERSHIP

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        if request.user.is_authenticated:
            # A partner's feed holds restricted titles: no cache, shared or private, may keep it.
            patch_cache_control(response, no_store=True, private=True)
        return response


class _MeetingEntries:
    """Entries that are meetings, described as in the site-wide meetings feed."""

    item_title = MeetingsAtomFeed.item_title
    item_description = MeetingsAtomFeed.item_description
    item_link = MeetingsAtomFeed.item_link
    item_guid = MeetingsAtomFeed.item_guid
    item_pubdate = MeetingsAtomFeed.item_pubdate
    item_updateddate = MeetingsAtomFeed.item_updateddate


class PersonAtomFeed(_MeetingEntries, _FollowFeed):
    """/people/<slug>/feed.atom: the latest meetings at which the person was minuted (any role)."""

    def get_object(self, request, slug):
        # Person.DoesNotExist (unknown, or known only from what the reader may not see) is a 404.
        return request.user, selectors.person_detail(user=request.user, slug=slug)

    def title(self, obj):
        return f"{obj[1]}: meetings of the {PARTNERSHIP}"

    def subtitle(self, obj):
        return f"Meetings at which {obj[1]} was minuted as present, in attendance or sending apologies."

    def link(self, obj):
        return obj[1].get_absolute_url()

    def feed_url(self, obj):
        return reverse("person_feed", kwargs={"slug": obj[1].slug})

    def items(self, obj):
        user, person = obj
        return selectors.person_feed_meetings(user=user, person=person, limit=FEED_LENGTH)


class OrganisationAtomFeed(_MeetingEntries, _FollowFeed):
    """/organisations/<slug>/feed.atom: the latest meetings at which the organisation was represented."""

    def get_object(self, request, slug):
        return request.user, selectors.organisation_detail(user=request.user, slug=slug)

    def title(self, obj):
        return f"{obj[1]}: meetings of the {PARTNERSHIP}"

    def subtitle(self, obj):
        return f"Meetings at which {obj[1]} was represented."

    def link(self, obj):
        return obj[1].get_absolute_url()

    def feed_url(self, obj):
        return reverse("organisation_feed", kwargs={"slug": obj[1].slug})

    def items(self, obj):
        user, organisation = obj
        return selectors.organisation_feed_meetings(user=user, organisation=organisation, limit=FEED_LENGTH)


class SearchAtomFeed(_FollowFeed):
    """/search/feed.atom?q=…: the items matching a search, newest meetings first (or best first on
    PostgreSQL, as the search page ranks them); an empty query is an empty feed."""

    def get_object(self, request):
        return request.user, request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX]

    def title(self, obj):
        return f"Search “{obj[1]}”: {PARTNERSHIP} minutes" if obj[1] else f"Search: {PARTNERSHIP} minutes"

    def subtitle(self, obj):
        return "Agenda items whose title, minute or resolutions match the search."

    def link(self, obj):
        return f"{reverse('search')}?q={_quote(obj[1])}"

    def feed_url(self, obj):
        return f"{reverse('search_feed')}?q={_quote(obj[1])}"

    def items(self, obj):
        user, query = obj
        return add_snippets(search_rows(user=user, query=query, start=0, stop=FEED_LENGTH), query=query)

    def item_title(self, item):
        number = f"{item.number} " if item.number else ""
        return f"{number}{item.title or 'Untitled item'} ({item.meeting.body.name}, {item.meeting.date:%-d %B %Y})"

    def item_description(self, item):
        return strip_tags(item.snippet)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        meeting = item.meeting
        return meeting.published_at or meeting.imported_at or meeting.created_at

    def item_updateddate(self, item):
        return item.meeting.updated_at
