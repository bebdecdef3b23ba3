"""The Atom feed of meetings and the iCalendar feed of meetings, both from `selectors.feed_meetings`.

Meetings are public; the text of each entry lists only the titles of the items the requesting user
may see, and says how many were withheld, never what they were.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

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


# --- iCalendar (RFC 5545), written by hand: a handful of properties needs no library. ---

def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF and a space (RFC 5545 section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _when(date: dt.date, time: dt.time | None) -> str:
    """DTSTART: a UTC date-time when the time is known, else an all-day date."""
    if time is None:
        return f"DTSTART;VALUE=DATE:{date:%Y%m%d}"
    local = dt.datetime.combine(date, time, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return f"DTSTART:{local.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _uid(body_slug: str, date: dt.date, host: str) -> str:
    # One UID per body and date, so the announced next meeting becomes its minuted meeting in
    # subscribers' calendars rather than a second event.
    return f"meeting-{body_slug}-{date.isoformat()}@{host}"


def _event(*, uid: str, start: str, summary: str, description: str, url: str, location: str, stamp: str):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", start, f"SUMMARY:{_escape(summary)}"]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(*, user, absolute) -> str:
    """The whole calendar: every meeting, and each next meeting minuted but not yet held or minuted.

    Args:
        user: whose visibility applies to the item titles listed.
        absolute: turns a path into an absolute URL (request.build_absolute_uri).
    """
    host = absolute("/").split("//", 1)[-1].strip("/").split(":")[0] or "ssp-archive"
    stamp = f"{timezone.now().astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    meetings = list(selectors.feed_meetings(user=user))
    held = {(m.body_id, m.date) for m in meetings}
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Safer Stockton Partnership//SSP Archive//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{PARTNERSHIP} meetings",
    ]
    announced = set()
    for meeting in meetings:
        titles = [f"{item.number or item.position} {item.title}".strip() for item in meeting.visible_item_list]
        description = "\n".join(titles)
        if meeting.n_withheld:
            description += f"\n({meeting.n_withheld} restricted item{'s' if meeting.n_withheld != 1 else ''} not published)"
        lines += _event(
            uid=_uid(meeting.body.slug, meeting.date, host), start=_when(meeting.date, meeting.start_time),
            summary=f"{meeting.body.name} meeting", description=description.strip(),
            url=absolute(meeting.get_absolute_url()), location=meeting.venue, stamp=stamp,
        )
        upcoming = (meeting.body_id, meeting.next_meeting_date)
        if meeting.next_meeting_date and upcoming not in held and upcoming not in announced:
            announced.add(upcoming)
            lines += _event(
                uid=_uid(meeting.body.slug, meeting.next_meeting_date, host),
                start=_when(meeting.next_meeting_date, meeting.next_meeting_time),
                summary=f"{meeting.body.name} meeting",
                description=f"Date as minuted at the meeting of {meeting.date:%-d %B %Y}.",
                url=absolute(meeting.get_absolute_url()), location="", stamp=stamp,
            )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@require_safe
def meetings_ics(request):
    """/feeds/meetings.ics: subscribe to the partnership's meetings in any calendar application."""
    body = calendar_text(user=request.user, absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ssp-meetings.ics"'
    return response
