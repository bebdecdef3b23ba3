"""A meeting of 10,000 items: downloads, the register and the API read only the columns a row shows."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import AgendaItem, Attendance, Resolution
from tests.factories import AttendanceFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

ITEMS = 10_000
# Each minute is long and marked, so a query that reads one is easy to see.
MINUTE = "MINUTE-TEXT " * 200
SOURCE = "SOURCE-TEXT " * 20_000


def build(items: int, date=dt.date(2024, 3, 28)):
    meeting = MeetingFactory(date=date, source_text=SOURCE)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, number=f"SSP {n}/24", title=f"Item {n}", minute=MINUTE)
        for n in range(1, items + 1)
    )
    Resolution.objects.bulk_create(
        Resolution(item=item, position=1, text=f"report {item.position} be noted.", reference=f"SSP {item.position}/24 (1)")
        for item in AgendaItem.objects.filter(meeting=meeting).only("pk", "position")
    )
    AttendanceFactory(meeting=meeting, person=PersonFactory(), role=Attendance.Role.PRESENT)
    return meeting


def download(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:300]
    text = body.decode("utf-8-sig") if not url.endswith(".xlsx") else ""
    return text, [query["sql"] for query in queries.captured_queries]


LONG_COLUMNS = re.compile(r'"meetings_agendaitem"\."minute"|"meetings_meeting"\."source_text"')


def reads_long_text(sql: list[str]) -> list[str]:
    """The queries that select an item's minute or a meeting's source text."""
    return [query for query in sql if LONG_COLUMNS.search(query)]


def test_ten_thousand_item_csv_is_whole_and_never_reads_minutes(client):
    meeting = build(ITEMS)
    text, sql = download(client, f"/downloads/resolutions.csv?meeting={meeting.slug}")
    assert len(text.splitlines()) == ITEMS + 1
    assert "MINUTE-TEXT" not in text and "SOURCE-TEXT" not in text
    assert reads_long_text(sql) == []


def test_download_queries_do_not_grow_with_the_meeting(client, settings):
    small_text, small_sql = download(client, f"/downloads/resolutions.csv?meeting={build(3).slug}")
    big_text, big_sql = download(client, f"/downloads/resolutions.csv?meeting={build(4_000, dt.date(2024, 6, 1)).slug}")
    assert (len(small_text.splitlines()), len(big_text.splitlines())) == (4, 4_001)
    # A server-side cursor (PostgreSQL) fetches 2,000 rows a query; SQLite reads one result set.
    assert len(big_sql) <= len(small_sql) + (2 if connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize("url", [
    "/downloads/resolutions.json", "/downloads/resolutions.xlsx", "/downloads/attendance.csv",
    "/resolutions/", "/api/resolutions/", "/api/attendance/", "/api/events/",
])
def test_other_lists_never_read_minutes_or_source_text(client, url):
    build(300)
    _, sql = download(client, url)
    assert reads_long_text(sql) == []
