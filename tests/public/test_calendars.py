"""The iCalendar files (meetings/calendars.py): the bounded subscription, the per-year calendars and a
meeting's "Add to calendar" file, each parsed back with the icalendar library."""
import datetime as dt

import icalendar
import pytest

from meetings.models import Meeting
from tests.factories import MeetingFactory

from .conftest import CANARY_STRINGS, CANARY_TITLE, PENDING_STRINGS, build_pending

pytestmark = pytest.mark.django_db

UID = "meeting-safer-stockton-partnership-{}@testserver"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return found


def test_subscription_holds_the_last_year_of_the_archive_and_the_meetings_announced(client, archive):
    """The archive's latest meeting is 2 March 2021: the subscription covers the year before it and the
    next meetings announced since; older meetings are left to the per-year calendars."""
    response = client.get("/feeds/meetings.ics")
    assert response["Content-Disposition"] == 'inline; filename="ssp-meetings.ics"'
    found = events(parse(response))
    assert sorted(found) == sorted(UID.format(d) for d in ("2020-04-21", "2021-03-02", "2021-06-08"))
    assert found[UID.format("2021-03-02")].decoded("DTSTART") == dt.date(2021, 3, 2)  # no time: all day
    # 1.30 pm in June is British Summer Time: 12.30 UTC.
    assert found[UID.format("2021-06-08")].decoded("DTSTART") == dt.datetime(2021, 6, 8, 12, 30, tzinfo=dt.UTC)
    assert "Domestic abuse strategy" in str(found[UID.format("2021-03-02")]["DESCRIPTION"])
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))  # folded as RFC 5545 asks


def test_subscription_is_bounded_to_recent_and_coming_meetings(client, archive):
    """A meeting held today and one in a month are in; the archive's meetings of 2019-2021 are then
    more than a year old and left to the per-year calendars."""
    today = dt.date.today()
    MeetingFactory(body=archive.body, date=today)
    MeetingFactory(body=archive.body, date=today + dt.timedelta(days=30))
    found = events(parse(client.get("/feeds/meetings.ics")))
    assert sorted(found) == sorted(UID.format(d) for d in (today, today + dt.timedelta(days=30)))


def test_year_calendar_holds_that_years_meetings_and_announced_dates(client, archive):
    found = events(parse(client.get("/feeds/meetings-2020.ics")))
    assert sorted(found) == sorted(UID.format(d) for d in ("2020-01-28", "2020-04-21"))
    january = found[UID.format("2020-01-28")]
    assert january.decoded("DTSTART") == dt.datetime(2020, 1, 28, 9, 30, tzinfo=dt.UTC)  # GMT in January
    description = str(january["DESCRIPTION"])
    assert "Recorded Crime and Disorder" in description and "1 restricted item not published" in description
    assert str(january["URL"]) == "http://testserver/meetings/2020-01-28/"
    assert sorted(events(parse(client.get("/feeds/meetings-2019.ics")))) == [UID.format("2019-11-22")]


def test_year_without_meetings_is_a_404(client, archive):
    assert client.get("/feeds/meetings-2018.ics").status_code == 404
    assert client.get("/feeds/meetings-0.ics").status_code == 404


def test_meeting_calendar_file_is_one_event_as_an_attachment(client, archive):
    response = client.get("/meetings/2020-01-28/calendar.ics")
    assert response["Content-Disposition"] == 'attachment; filename="safer-stockton-partnership-2020-01-28.ics"'
    calendar = parse(response)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == UID.format("2020-01-28")
    assert str(event["SUMMARY"]) == f"{archive.body.name} meeting"
    # The same UID as in the year's calendar: adding it by hand and subscribing give one event.
    assert UID.format("2020-01-28") in events(parse(client.get("/feeds/meetings-2020.ics")))


def test_calendar_files_are_the_same_bytes_on_every_request(client, archive):
    """DTSTAMP is the meeting's last change, not the time of the request, so the files are stable."""
    for url in ("/feeds/meetings.ics", "/feeds/meetings-2020.ics", "/meetings/2020-01-28/calendar.ics"):
        assert client.get(url).content == client.get(url).content


def test_meeting_page_links_its_calendar_file(client, archive):
    assert b'href="/meetings/2020-01-28/calendar.ics"' in client.get("/meetings/2020-01-28/").content


def test_meetings_page_links_every_years_calendar(client, archive):
    content = client.get("/meetings/").content.decode()
    for year in (2019, 2020, 2021):
        assert f'href="/feeds/meetings-{year}.ics"' in content


def test_restricted_titles_only_for_partners(client, partner_client, archive):
    for url in ("/feeds/meetings-2020.ics", "/meetings/2020-01-28/calendar.ics"):
        public = client.get(url).content.decode()
        assert not any(canary in public for canary in CANARY_STRINGS)
        assert CANARY_TITLE in str(events(parse(partner_client.get(url)))[UID.format("2020-01-28")]["DESCRIPTION"])


def test_unpublished_meeting_is_in_no_calendar(client, partner_client, archive):
    pending = build_pending(archive)
    assert not pending.meeting.is_published
    for c in (client, partner_client):
        assert c.get(f"/meetings/{pending.meeting.slug}/calendar.ics").status_code == 404
        assert c.get("/feeds/meetings-2022.ics").status_code == 404
        text = c.get("/feeds/meetings.ics").content.decode()
        assert not any(s in text for s in PENDING_STRINGS)
    # Once published, it is.
    Meeting.objects.filter(pk=pending.meeting.pk).update(is_published=True)
    assert UID.format("2022-05-10") in events(parse(client.get("/meetings/2022-05-10/calendar.ics")))


@pytest.mark.parametrize("start", [
    dt.date(2024, 3, 7),  # all-day: no start time minuted
    dt.datetime(2024, 3, 7, 14, 30, tzinfo=dt.UTC),
])
@pytest.mark.parametrize("description, location", [
    ("", ""),
    ("SSP 1/24 Apologies; Minutes, the previous meeting\n" + "SSP 2/24 Café réunion — Thornaby, Norton " * 6,
     "Jim Cooke Conference Suite, Stockton Central Library"),
])
def test_event_text_is_what_icalendar_writes(start, description, location):
    """Events are written as text for speed (issue 12); for dates and UTC times, empty and long
    non-ASCII text with commas, semicolons and newlines, the text is byte for byte the library's."""
    from meetings.calendars import _event

    stamp = dt.datetime(2024, 3, 1, 9, 15, 2, tzinfo=dt.UTC)
    fields = dict(uid="meeting-ssp-2024-03-07@example.org", start=start, summary="Safer Stockton Partnership meeting",
                  description=description, url="https://example.org/meetings/2024-03-07/", location=location)
    expected = icalendar.Event()
    expected.add("uid", fields["uid"])
    expected.add("dtstamp", stamp)
    expected.add("dtstart", start)
    expected.add("summary", fields["summary"])
    if location:
        expected.add("location", location)
    if description:
        expected.add("description", description)
    expected.add("url", fields["url"])
    assert _event(**fields, stamp=stamp).encode() == expected.to_ical()
