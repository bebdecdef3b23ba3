"""The public downloads: columns, filters, who sees restricted rows, spreadsheet safety, streaming."""
import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import downloads
from meetings.downloads import INVALID_FILTER_MESSAGE, RESTRICTED_NOTICE
from tests.downloads.conftest import FORMULA_TEXTS
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

PUBLIC_RESOLUTION_HEADERS = [
    "Meeting date", "Body", "Item number", "Item title", "Resolution reference", "Resolution", "Link",
]
PARTNER_RESOLUTION_HEADERS = [
    "Meeting date", "Body", "Item number", "Item title", "Resolution reference", "Resolution", "Restricted", "Link",
]
ATTENDANCE_HEADERS = ["Meeting date", "Person", "Role", "Capacity", "Organisation"]


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def get_csv(client, name="resolutions", **params):
    response = client.get(reverse(f"download_{name}", kwargs={"fmt": "csv"}), params)
    assert response.status_code == 200, response
    body = content(response)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark first, so Excel reads the file as UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def get_xlsx(client, name="resolutions", **params):
    response = client.get(reverse(f"download_{name}", kwargs={"fmt": "xlsx"}), params)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def get_json(client, name="resolutions", **params):
    response = client.get(reverse(f"download_{name}", kwargs={"fmt": "json"}), params)
    assert response.status_code == 200
    return json.loads(content(response))


def test_urls_are_the_ones_the_pages_link_to():
    assert reverse("download_resolutions", kwargs={"fmt": "csv"}) == "/downloads/resolutions.csv"
    assert reverse("download_attendance", kwargs={"fmt": "xlsx"}) == "/downloads/attendance.xlsx"


def test_resolution_csv_columns_in_order_for_the_public(client, archive):
    rows = get_csv(client)
    assert rows[0] == PUBLIC_RESOLUTION_HEADERS
    assert rows[1] == [
        "2019-11-22", "Safer Stockton Partnership", "SSP 1/19", "Anti-social behaviour", "SSP 1/19 (1)",
        "the fly-tipping report be noted.", "http://testserver" + archive.asb.get_absolute_url(),
    ]


def test_resolution_csv_columns_in_order_for_partners(client, partner, archive):
    client.force_login(partner)
    notice, *rows = get_csv(client)
    assert notice == [f"# {RESTRICTED_NOTICE}"]
    assert rows[0] == PARTNER_RESOLUTION_HEADERS
    assert rows[1][6] == "no"
    assert rows[-1][:7] == [
        "2020-01-28", "Safer Stockton Partnership", "SSP 2/20", "Prevent update", "SSP 2/20 (1)",
        "the Zephyr report be noted.", "yes",
    ]


def test_attendance_csv_columns_and_rows(client, archive):
    assert get_csv(client, "attendance") == [
        ATTENDANCE_HEADERS,
        ["2019-11-22", "Supt Steve Nelson", "Present", "Chair", "Cleveland Police"],
        ["2020-01-28", "Jo Smith", "Present", "", "Tees Valley CRC"],
        ["2020-01-28", "Supt Steve Nelson", "Apologies", "", "Cleveland Police"],
    ]


def test_csv_is_rfc4180_with_crlf_line_ends(client, archive):
    body = content(client.get("/downloads/attendance.csv"))
    assert body.decode("utf-8-sig").startswith("Meeting date,Person,Role,Capacity,Organisation\r\n2019-11-22,")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_anonymous_download_has_no_restricted_row_nor_column(client, archive, fmt):
    """Nothing in a public file says a restricted item exists: no row, no "Restricted" column."""
    response = client.get(reverse("download_resolutions", kwargs={"fmt": fmt}))
    body = content(response)
    if fmt == "xlsx":
        text = repr(get_xlsx(client))
    else:
        text = body.decode("utf-8")
    assert "Zephyr" not in text and "Prevent update" not in text
    assert "Restricted" not in text and "restricted" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_partner_download_has_the_restricted_row(client, partner, archive, fmt):
    client.force_login(partner)
    if fmt == "csv":
        rows = get_csv(client)[2:]
        assert [r[5] for r in rows if r[6] == "yes"] == ["the Zephyr report be noted."]
    elif fmt == "xlsx":
        notice, header, *rows = get_xlsx(client)
        assert notice[0] == RESTRICTED_NOTICE and header == PARTNER_RESOLUTION_HEADERS
        assert [r[5] for r in rows if r[6] is True] == ["the Zephyr report be noted."]
    else:
        data = get_json(client)
        assert data["notice"] == RESTRICTED_NOTICE
        rows = data["rows"]
        assert [r["text"] for r in rows if r["restricted"]] == ["the Zephyr report be noted."]
    assert len(rows) == 6


def test_xlsx_has_iso_dated_cells_and_the_same_columns(client, archive):
    rows = get_xlsx(client)
    assert rows[0] == PUBLIC_RESOLUTION_HEADERS
    assert rows[1][0] == dt.datetime(2019, 11, 22)
    response = client.get("/downloads/resolutions.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    assert sheet["A2"].number_format == "yyyy-mm-dd"


def test_json_is_an_array_of_objects_keyed_by_field_name(client, archive):
    rows = get_json(client, year="2019")
    assert rows == [{
        "meeting_date": "2019-11-22", "body": "Safer Stockton Partnership", "item_number": "SSP 1/19",
        "item_title": "Anti-social behaviour", "reference": "SSP 1/19 (1)",
        "text": "the fly-tipping report be noted.", "link": "http://testserver" + archive.asb.get_absolute_url(),
    }]
    assert get_json(client, year="2018") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised(client, archive, fmt):
    """Text a spreadsheet could run as a formula starts with an apostrophe in CSV and XLSX."""
    rows = get_csv(client) if fmt == "csv" else get_xlsx(client)
    texts = [row[5] for row in rows[2:6]]
    assert texts == ["'" + text for text in FORMULA_TEXTS]


def test_json_keeps_the_text_as_minuted(client, archive):
    """JSON is read by programs, not spreadsheets: its text is the minutes' own, as in the API."""
    assert [row["text"] for row in get_json(client, meeting=archive.new.slug)] == FORMULA_TEXTS


RESOLUTION_FILTERS = [
    ({"year": "2019"}, ["SSP 1/19 (1)"]),
    ({"date_from": "2020-01-01", "date_to": "2020-12-31"}, ["SSP 1/20 (1)", "SSP 1/20 (2)", "SSP 1/20 (3)", "SSP 1/20 (4)"]),
    ({"date_to": "2019-12-31"}, ["SSP 1/19 (1)"]),
    ({"q": "fly-tipping"}, ["SSP 1/19 (1)"]),
    ({"q": "Zephyr"}, []),
    ({"meeting": "2019-11-22"}, ["SSP 1/19 (1)"]),
    ({"body": "safer-stockton-partnership", "year": "2019"}, ["SSP 1/19 (1)"]),
]


@pytest.mark.parametrize("params, references", RESOLUTION_FILTERS)
def test_resolution_filters_are_honoured(client, archive, params, references):
    assert [row[4] for row in get_csv(client, **params)[1:]] == references


def test_person_and_organisation_filters_follow_attendance(client, archive):
    """Resolutions of meetings the person attended (apologies do not count)."""
    assert [row[4] for row in get_csv(client, person=archive.steve.slug)[1:]] == ["SSP 1/19 (1)"]
    assert [row[4] for row in get_csv(client, organisation=archive.police.slug)[1:]] == ["SSP 1/19 (1)"]
    assert len(get_csv(client, person=archive.jo.slug)) == 1 + 4


def test_attendance_filters_are_honoured(client, archive):
    assert [row[1] for row in get_csv(client, "attendance", role="apologies")[1:]] == ["Supt Steve Nelson"]
    assert [row[0] for row in get_csv(client, "attendance", person=archive.steve.slug)[1:]] == [
        "2019-11-22", "2020-01-28",
    ]
    assert [row[1] for row in get_csv(client, "attendance", meeting=archive.new.slug, organisation=archive.police.slug)[1:]] == [
        "Supt Steve Nelson",
    ]
    assert len(get_csv(client, "attendance", year="2019")) == 2


@pytest.mark.parametrize("params, field", [
    ({"person": "nobody-by-this-name"}, "person"),
    ({"date_from": "2019-13-45"}, "date_from"),
    ({"year": "last"}, "year"),
    ({"year": "0"}, "year"),
    ({"meeting": "1999-01-01"}, "meeting"),
])
def test_invalid_filter_values_are_a_400_naming_the_filter(client, archive, params, field):
    """A mistyped filter must not quietly give every row."""
    response = client.get("/downloads/resolutions.csv", params)
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith(INVALID_FILTER_MESSAGE)
    assert f"- {field}: " in text
    assert client.get("/downloads/attendance.json", params).status_code == 400


def test_unknown_format_is_not_found(client):
    assert client.get("/downloads/resolutions.pdf").status_code == 404


def test_downloads_are_read_only(client):
    assert client.post("/downloads/resolutions.csv").status_code == 405


@pytest.mark.parametrize("fmt, content_type", [
    ("csv", "text/csv; charset=utf-8"),
    ("json", "application/json"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_files_are_attachments_named_after_their_filters(client, archive, fmt, content_type):
    """Unfiltered, the name is the data's; the date of the download is never in it."""
    response = client.get(reverse("download_attendance", kwargs={"fmt": fmt}))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="ssp-attendance.{fmt}"'
    assert response.streaming


def test_partner_files_may_not_be_kept_by_shared_caches(client, partner, archive):
    client.force_login(partner)
    assert "private" in client.get("/downloads/resolutions.csv")["Cache-Control"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_are_streamed_a_piece_at_a_time(client, partner, archive, fmt, monkeypatch):
    """Rows leave as they are read (here one piece per row), not as one string built in memory."""
    monkeypatch.setattr(downloads, "FLUSH_CHARS", 1)
    client.force_login(partner)
    response = client.get(reverse("download_resolutions", kwargs={"fmt": fmt}))
    assert response.streaming and not isinstance(response, FileResponse)
    pieces = list(response.streaming_content)
    assert len(pieces) >= 1 + 6


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_queries_do_not_grow_with_rows(client, partner, django_assert_max_num_queries, fmt):
    """10 resolutions or 200: the same handful of queries (no query per row)."""
    client.force_login(partner)
    url = reverse("download_resolutions", kwargs={"fmt": fmt})
    for n in (10, 200):
        meeting = MeetingFactory()
        item = AgendaItemFactory(meeting=meeting, position=1)
        for position in range(1, n + 1):
            ResolutionFactory(item=item, position=position)
        with django_assert_max_num_queries(8):
            response = client.get(url, {"meeting": meeting.slug})
            assert len(content(response)) > 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_attendance_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, archive, fmt):
    meeting = MeetingFactory()
    AttendanceFactory.create_batch(50, meeting=meeting)
    with django_assert_max_num_queries(6):
        content(client.get(reverse("download_attendance", kwargs={"fmt": fmt}), {"meeting": meeting.slug}))


@pytest.mark.parametrize("name", ["resolutions", "attendance"])
def test_downloads_never_load_the_minutes_text(client, partner, archive, name):
    """Each meeting keeps its whole minutes document in source_text: loaded once per row, 100,000
    rows would hold gigabytes. The download's queries must leave it out."""
    client.force_login(partner)
    with CaptureQueriesContext(connection) as queries:
        content(client.get(reverse(f"download_{name}", kwargs={"fmt": "csv"})))
    assert not [q["sql"] for q in queries if "source_text" in q["sql"]]
