"""iCalendar (RFC 5545) files of meetings, written as text with the `icalendar` library's escaping and folding, from the visibility selectors.

Three kinds, all bounded so none grows with the archive:
- `/feeds/meetings.ics`, the subscription: meetings of the last `RECENT_DAYS` and every meeting to come,
  with each next meeting minuted but not yet held. The window ends at today, or at the latest meeting
  when the archive has none that recent (a dormant body's subscription still shows its last year).
- `/feeds/meetings-<year>.ics`: one year's meetings, for the rest of the archive.
- `/meetings/<slug>/calendar.ics`: one meeting ("Add to calendar"), exactly one event.

A meeting has one UID in all three (body and date), so the announced next meeting becomes its minuted
meeting in subscribers' calendars, and a meeting added by hand is the same event as the subscribed one.
Unpublished meetings never appear (selectors start from `visible_to`); the description lists only
the titles of items the requesting user may see, and how many were withheld, never what they were.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar.parser import escape_char, foldline

from . import selectors
from .models import Meeting

PARTNERSHIP = "Safer Stockton Partnership"
PRODID = "-//Safer Stockton Partnership//SSP Archive//EN"
RECENT_DAYS = 366


def _start(date: dt.date, time: dt.time | None) -> dt.date | dt.datetime:
    """A UTC date-time when the time is known (so no VTIMEZONE is needed), else an all-day date."""
    if time is None:
        return date
    return dt.datetime.combine(date, time, tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(dt.UTC)


def _uid(body_slug: str, date: dt.date, host: str) -> str:
    return f"meeting-{body_slug}-{date.isoformat()}@{host}"


def _host(request) -> str:
    return request.get_host().split(":")[0] or "ssp-archive"


def _description(meeting) -> str:
    titles = [f"{item.number or item.position} {item.title}".strip() for item in meeting.visible_item_list]
    description = "\n".join(titles)
    if meeting.n_withheld:
        plural = "s" if meeting.n_withheld != 1 else ""
        description += f"\n({meeting.n_withheld} restricted item{plural} not published)"
    return description.strip()


# The events are written as text here rather than through icalendar's Event objects: at 10,000
# meetings the subscription's ~450 events took the library half a second to build and serialise
# (issue 12), and an event is a handful of fixed properties. The library still does the escaping and
# the line folding, and tests/public/test_calendars.py checks the text is exactly what
# icalendar.Event.to_ical() writes for the same event, and parses every file with icalendar.


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _line(name: str, value: str) -> str:
    return foldline(f"{name}:{value}") + "\r\n"


def _event(*, uid, start, summary, description, url, location, stamp) -> str:
    """One VEVENT as iCalendar text (CRLF lines, folded at 75 octets), its properties in the order
    icalendar writes them (the required ones in RFC order, then the rest A–Z)."""
    if isinstance(start, dt.datetime):
        dtstart = _line("DTSTART", _utc(start))
    else:
        dtstart = _line("DTSTART;VALUE=DATE", start.strftime("%Y%m%d"))
    lines = ["BEGIN:VEVENT\r\n", _line("SUMMARY", escape_char(summary)), dtstart,
             # The meeting's own last change, not the time of the request: the same archive gives the
             # same bytes, so conditional GET and the anonymous cache can serve the file.
             _line("DTSTAMP", _utc(stamp)), _line("UID", escape_char(uid))]
    if description:
        lines.append(_line("DESCRIPTION", escape_char(description)))
    if location:
        lines.append(_line("LOCATION", escape_char(location)))
    if url:
        lines.append(_line("URL", url))
    lines.append("END:VEVENT\r\n")
    return "".join(lines)


def _meeting_event(meeting, *, request) -> str:
    return _event(
        uid=_uid(meeting.body.slug, meeting.date, _host(request)), start=_start(meeting.date, meeting.start_time),
        summary=f"{meeting.body.name} meeting", description=_description(meeting),
        url=request.build_absolute_uri(meeting.get_absolute_url()), location=meeting.venue,
        stamp=meeting.updated_at,
    )


def _calendar(name: str, events: list[str]) -> str:
    return "".join([
        "BEGIN:VCALENDAR\r\n", _line("VERSION", "2.0"), _line("PRODID", escape_char(PRODID)),
        _line("CALSCALE", "GREGORIAN"), _line("METHOD", "PUBLISH"), _line("X-WR-CALNAME", escape_char(name)),
        *events, "END:VCALENDAR\r\n",
    ])


def calendar_of(meetings, *, request, name: str, announced_in=None) -> str:
    """A calendar of `meetings` (from `selectors.feed_meetings`) and of the next meetings they announce,
    as iCalendar text.

    Args:
        meetings: the meetings, each with `visible_item_list` and `n_withheld`.
        request: for absolute URLs and the host in UIDs.
        name: the calendar's display name.
        announced_in: keeps an announced next meeting only if it returns True for its date (a year's
            calendar holds the next meetings dated in that year); None keeps every one.
    """
    meetings = list(meetings)
    events = []
    held = {(m.body_id, m.date) for m in meetings}
    announced = set()
    for meeting in meetings:
        if announced_in is None or announced_in(meeting.date):
            events.append(_meeting_event(meeting, request=request))
        upcoming = (meeting.body_id, meeting.next_meeting_date)
        if not meeting.next_meeting_date or upcoming in held or upcoming in announced:
            continue
        if announced_in is not None and not announced_in(meeting.next_meeting_date):
            continue
        announced.add(upcoming)
        events.append(_event(
            uid=_uid(meeting.body.slug, meeting.next_meeting_date, _host(request)),
            start=_start(meeting.next_meeting_date, meeting.next_meeting_time),
            summary=f"{meeting.body.name} meeting",
            description=f"Date as minuted at the meeting of {meeting.date:%-d %B %Y}.",
            url=request.build_absolute_uri(meeting.get_absolute_url()), location="", stamp=meeting.updated_at,
        ))
    return _calendar(name, events)


def recent_window_start(*, user) -> dt.date:
    """The first day the subscription covers: `RECENT_DAYS` before today, or before the latest meeting
    the user may see when that is earlier (one query)."""
    today = timezone.localdate()
    latest = Meeting.objects.visible_to(user).aggregate(latest=Max("date"))["latest"]
    end = min(today, latest) if latest else today
    return end - dt.timedelta(days=RECENT_DAYS)


def _ics_response(calendar: str, *, filename: str, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(calendar.encode(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def meetings_ics(request):
    """/feeds/meetings.ics: subscribe to the partnership's recent and coming meetings."""
    start = recent_window_start(user=request.user)
    # A meeting before the window still counts if the next meeting it announced falls inside it.
    meetings = selectors.feed_meetings(user=request.user).filter(Q(date__gte=start) | Q(next_meeting_date__gte=start))
    calendar = calendar_of(meetings, request=request, name=f"{PARTNERSHIP} meetings",
                           announced_in=lambda date: date >= start)
    return _ics_response(calendar, filename="ssp-meetings.ics")


@require_safe
def meetings_year_ics(request, year: int):
    """/feeds/meetings-<year>.ics: one year's meetings (and the next meetings announced for that year)."""
    if not 1 <= year <= 9999:
        raise Http404("No such year")
    in_year = Q(date__year=year) | Q(next_meeting_date__year=year)
    meetings = list(selectors.feed_meetings(user=request.user).filter(in_year))
    if not any(meeting.date.year == year for meeting in meetings):
        raise Http404("No meetings that year")
    calendar = calendar_of(meetings, request=request, name=f"{PARTNERSHIP} meetings, {year}",
                           announced_in=lambda date: date.year == year)
    return _ics_response(calendar, filename=f"ssp-meetings-{year}.ics")


@require_safe
def meeting_ics(request, slug: str):
    """/meetings/<slug>/calendar.ics: the one meeting, as a file to add to a calendar."""
    meeting = selectors.feed_meetings(user=request.user).filter(slug=slug).first()
    if meeting is None:
        raise Http404("No such meeting")
    calendar = _calendar(f"{meeting.body.name}, {meeting.date:%-d %B %Y}", [_meeting_event(meeting, request=request)])
    return _ics_response(calendar, filename=f"{meeting.body.slug}-{meeting.date.isoformat()}.ics", attachment=True)
