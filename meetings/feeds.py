"""The Atom feed of meetings, from `selectors.feed_meetings` (the iCalendar files: meetings/calendars.py).

Meetings are public; the text of each entry lists only the titles of the items the requesting user
may see, and says how many were withheld, never what they were.
"""
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import selectors

FEED_LENGTH = 20
PARTNERSHIP = "Safer Stockton Partnership"


class MeetingsAtomFeed(Feed):
    """/feeds/meetings.atom: the latest meetings, newest first."""

    feed_type = Atom1Feed
    title = f"{PARTNERSHIP}: meetings"
    subtitle = "Minutes of the community safety partnership of Stockton-on-Tees, as they are published."
    author_name = PARTNERSHIP

    def get_object(self, request, *args, **kwargs):
        # The feed has no object of its own: the requesting user is its object, handed to `items`
        # by Django for this request only. One Feed instance serves every request and thread, so
        # nothing about a request may be stored on `self` (issue 10, path 5).
        return request.user

    def link(self):
        return reverse("meeting_list")

    def feed_url(self):
        return reverse("feed_atom")

    def items(self, user):
        return selectors.feed_meetings(user=user, limit=FEED_LENGTH)

    def item_title(self, meeting):
        return f"{meeting.body.name}, {meeting.date:%-d %B %Y}"

    def item_description(self, meeting):
        return render_to_string("meetings/feed_entry.html", {"meeting": meeting})

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_guid(self, meeting):
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting):
        return meeting.published_at or meeting.imported_at or meeting.created_at

    def item_updateddate(self, meeting):
        return meeting.updated_at


# The iCalendar files (subscription, per year, per meeting) are in meetings/calendars.py.
