"""The read-only JSON API: field names, visibility (lists, details, counts), filters, pagination, methods."""
import pytest

from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["events", "agenda-items", "resolutions", "people", "organizations", "attendance", "documents"]


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_root_lists_every_endpoint(client):
    assert sorted(get(client, "/api/")) == sorted(ENDPOINTS)


def test_event_fields(client, archive):
    events = get(client, "/api/events/")
    assert events["count"] == 2
    event = events["results"][0]
    assert event == {
        "id": "2020-01-28",
        "url": "http://testserver/api/events/2020-01-28/",
        "html_url": "http://testserver" + archive.new.get_absolute_url(),
        "name": "Safer Stockton Partnership, 28 January 2020",
        "organization": {"id": "safer-stockton-partnership", "name": "Safer Stockton Partnership", "short_name": "SSP"},
        "start_date": "2020-01-28",
        "start_time": None,
        "location": {"name": "Jim Cooke Conference Suite, Stockton Central Library"},
        "minutes_status": "approved",
        "agenda_item_count": 1,
    }


def test_event_detail_lists_only_visible_agenda(client, partner, archive):
    detail = get(client, "/api/events/2020-01-28/")
    assert [item["description"] for item in detail["agenda"]] == ["Recorded crime"]
    client.force_login(partner)
    detail = get(client, "/api/events/2020-01-28/")
    assert [item["description"] for item in detail["agenda"]] == ["Recorded crime", "Prevent update"]
    assert detail["agenda_item_count"] == 2


def test_agenda_item_fields_for_the_public(client, archive):
    item = get(client, f"/api/agenda-items/{archive.crime.pk}/")
    assert set(item) == {
        "id", "url", "html_url", "order", "identifier", "description", "event", "start_date", "minute", "resolutions",
    }
    assert (item["event"], item["order"], item["identifier"]) == ("2020-01-28", 1, "SSP 1/20")
    assert item["html_url"] == "http://testserver/meetings/2020-01-28/items/1/"
    assert [r["identifier"] for r in item["resolutions"]] == [f"SSP 1/20 ({n})" for n in range(1, 5)]
    assert set(item["resolutions"][0]) == {"id", "url", "identifier", "order", "text"}


def test_restricted_item_is_not_found_for_the_public_and_flagged_for_partners(client, partner, archive):
    url = f"/api/agenda-items/{archive.secret.pk}/"
    assert get(client, url, status=404) == {"detail": "No AgendaItem matches the given query."}
    resolution = archive.secret.resolutions.get()
    get(client, f"/api/resolutions/{resolution.pk}/", status=404)
    client.force_login(partner)
    item = get(client, url)
    assert item["restricted"] is True
    assert item["resolutions"][0]["text"] == "the Zephyr report be noted."
    assert get(client, f"/api/resolutions/{resolution.pk}/")["restricted"] is True
    assert get(client, f"/api/agenda-items/{archive.crime.pk}/")["restricted"] is False


@pytest.mark.parametrize("endpoint, public, partners", [
    ("agenda-items", 2, 3),
    ("resolutions", 5, 6),
    ("events", 2, 2),
])
def test_counts_never_include_restricted_rows_for_the_public(client, partner, archive, endpoint, public, partners):
    listing = get(client, f"/api/{endpoint}/")
    assert listing["count"] == len(listing["results"]) == public
    assert "Zephyr" not in str(listing) and "Prevent update" not in str(listing)
    assert "restricted" not in str(listing)
    client.force_login(partner)
    assert get(client, f"/api/{endpoint}/")["count"] == partners


def test_resolution_fields(client, archive):
    resolution = get(client, "/api/resolutions/", year=2019)["results"][0]
    assert resolution == {
        "id": archive.asb.resolutions.get().pk,
        "url": f"http://testserver/api/resolutions/{archive.asb.resolutions.get().pk}/",
        "identifier": "SSP 1/19 (1)",
        "order": 1,
        "text": "the fly-tipping report be noted.",
        "html_url": "http://testserver" + archive.asb.get_absolute_url(),
        "agenda_item": f"http://testserver/api/agenda-items/{archive.asb.pk}/",
        "agenda_item_identifier": "SSP 1/19",
        "agenda_item_description": "Anti-social behaviour",
        "event": "2019-11-22",
        "start_date": "2019-11-22",
    }


def test_keyword_filter_never_matches_restricted_text_for_the_public(client, partner, archive):
    for endpoint in ("resolutions", "agenda-items", "events"):
        assert get(client, f"/api/{endpoint}/", q="Zephyr")["count"] == 0
    client.force_login(partner)
    for endpoint in ("resolutions", "agenda-items", "events"):
        assert get(client, f"/api/{endpoint}/", q="Zephyr")["count"] == 1


def test_the_downloads_filters_apply(client, archive):
    assert get(client, "/api/resolutions/", person=archive.steve.slug)["count"] == 1
    assert get(client, "/api/resolutions/", date_from="2020-01-01")["count"] == 4
    assert get(client, "/api/events/", organisation=archive.police.slug)["count"] == 1  # apologies do not count
    assert get(client, "/api/agenda-items/", meeting="2019-11-22")["count"] == 1
    assert get(client, "/api/attendance/", role="apologies")["count"] == 1


def test_invalid_filter_is_a_400_naming_the_filter(client, archive):
    body = get(client, "/api/resolutions/", status=400, person="nobody")
    assert list(body) == ["person"]
    assert list(get(client, "/api/attendance/", status=400, year="last")) == ["year"]


def test_person_and_organization_fields(client, archive):
    archive.steve.aliases.create(name="Steven Nelson")
    person = get(client, f"/api/people/{archive.steve.slug}/")
    assert person == {
        "id": "steve-nelson",
        "url": "http://testserver/api/people/steve-nelson/",
        "html_url": "http://testserver" + archive.steve.get_absolute_url(),
        "name": "Steve Nelson",
        "honorific_prefix": "Supt",
        "other_names": [{"name": "Steven Nelson"}],
    }
    organization = get(client, "/api/organizations/cleveland-police/")
    assert organization["other_names"] == [{"name": "CP", "note": "abbreviation"}]
    assert organization["html_url"] == "http://testserver" + archive.police.get_absolute_url()


def test_attendance_fields(client, archive):
    rows = get(client, "/api/attendance/", meeting="2019-11-22")["results"]
    assert [{k: v for k, v in row.items() if k not in ("id", "url")} for row in rows] == [{
        "event": "2019-11-22",
        "start_date": "2019-11-22",
        "person": {"id": "steve-nelson", "name": "Steve Nelson", "honorific_prefix": "Supt"},
        "organization": {"id": "cleveland-police", "name": "Cleveland Police"},
        "role": "present",
        "label": "Chair",
        "affiliation": "",
    }]
    jo = get(client, "/api/attendance/", person=archive.jo.slug)["results"][0]
    assert jo["organization"] is None and jo["affiliation"] == "Tees Valley CRC"


def test_pagination(client, archive):
    meeting = MeetingFactory()
    AgendaItemFactory.create_batch(60, meeting=meeting)
    first = get(client, "/api/agenda-items/", meeting=meeting.slug)
    assert (first["count"], len(first["results"]), first["previous"]) == (60, 50, None)
    assert first["next"].endswith(f"?meeting={meeting.slug}&page=2")
    assert len(get(client, "/api/agenda-items/", meeting=meeting.slug, page=2)["results"]) == 10
    get(client, "/api/agenda-items/", status=404, page=9)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, officer, endpoint, method):
    client.force_login(officer)
    assert getattr(client, method)(f"/api/{endpoint}/", content_type="application/json").status_code == 405


@pytest.mark.parametrize("endpoint", ["events", "agenda-items", "resolutions", "people", "organizations", "attendance",
                                      "documents"])
def test_list_queries_do_not_grow_with_rows(client, partner, archive, endpoint, django_assert_max_num_queries):
    client.force_login(partner)
    meeting = MeetingFactory()
    for position in range(1, 40):
        AgendaItemFactory(meeting=meeting, position=position).resolutions.create(position=1, text="noted")
    with django_assert_max_num_queries(8):
        get(client, f"/api/{endpoint}/")


def test_unknown_api_paths_answer_in_json(client):
    response = client.get("/api/meetings/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("url, name", [
    (url, name)
    for url, names in [
        ("/api/resolutions/", ["person", "organisation", "meeting", "body", "q"]),
        ("/api/events/", ["person", "organisation", "body", "q"]),
        ("/api/agenda-items/", ["meeting", "body", "q"]),
        ("/api/attendance/", ["person", "organisation", "meeting", "role"]),
        ("/downloads/resolutions.csv", ["person", "organisation", "meeting", "body", "q"]),
    ]
    for name in names
])
def test_nul_bytes_in_filters_are_a_400_not_a_server_error(client, archive, url, name):
    """PostgreSQL refuses NUL in text; a query string can carry one as %00."""
    assert client.get(url, {name: "a\x00b"}).status_code == 400


@pytest.mark.django_db
def test_an_unknown_path_holding_a_newline_is_a_json_404(client):
    """Schemathesis found it: "." stops at a newline, so such a path fell through to the HTML 404 page."""
    response = client.get("/api/people/a%0Ab/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
