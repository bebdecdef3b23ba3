"""Declarations and the people they name, attacked through every public door (issue 10, path 3).

The 2020 meeting has a public "Declarations of interest" minute that names the restricted canary
item, and a person (Hollowmere Quistbury) named only in declarations about it. For the public and
for a signed-in user without the permission, that person does not exist and the sentence is
withheld; partners and officers see both.
"""
import json

import pytest
from django.test import Client

from meetings.redaction import DECLARATION_WITHHELD, REFERENCE_WITHHELD
from tests.factories import user_in_group

from .conftest import DECLARANT, DECLARANT_SLUG, DECLARATION_CANARIES

pytestmark = pytest.mark.django_db

PERSON_PROBES = [
    f"/people/{DECLARANT_SLUG}/", f"/api/people/{DECLARANT_SLUG}/",
]
FILTER_PROBES = [
    f"/meetings/?person={DECLARANT_SLUG}", f"/resolutions/?person={DECLARANT_SLUG}",
    f"/downloads/resolutions.csv?person={DECLARANT_SLUG}", f"/downloads/attendance.json?person={DECLARANT_SLUG}",
    f"/api/events/?person={DECLARANT_SLUG}", f"/api/resolutions/?person={DECLARANT_SLUG}",
    f"/api/attendance/?person={DECLARANT_SLUG}",
]
SEARCH_PROBES = [
    "/search/?q=Kestrelwing", "/search/?q=prejudicial", "/search/?q=Quistbury", "/people/?q=Quistbury",
    "/api/agenda-items/?q=Kestrelwing", "/api/agenda-items/?q=prejudicial", "/api/events/?q=Kestrelwing",
    "/meetings/?q=Kestrelwing", "/meetings/?q=Quistbury", "/resolutions/?q=Kestrelwing",
]
PAGES = ["/", "/people/", "/meetings/2020-01-28/", "/meetings/2020-01-28/items/5/", "/api/people/",
         "/api/agenda-items/", "/api/agenda-items/?meeting=2020-01-28", "/feeds/meetings.atom", "/sitemap.xml",
         "/downloads/attendance.csv"]


@pytest.fixture
def plain_client(db):
    """Signed in, but in no group: the public's view."""
    from django.contrib.auth.models import User

    user = User.objects.create_user("resident", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def canaries_in(text: str, asked: str) -> list[str]:
    return [c for c in DECLARATION_CANARIES if c.lower() in text.lower() and c.lower() not in asked.lower()]


@pytest.mark.parametrize("who", ["anonymous", "plain"])
def test_the_declarant_is_unknown_to_the_public(who, client, plain_client, declaring_archive):
    """Their page and API record are 404s like a made-up slug; filtering by them is refused
    like filtering by nobody; they are in no list, drop-down or count."""
    c = client if who == "anonymous" else plain_client
    for url in PERSON_PROBES:
        unknown = c.get(url.replace(DECLARANT_SLUG, "nobody-at-all"))
        response = c.get(url)
        assert response.status_code == 404 == unknown.status_code, url
        assert DECLARANT not in text_of(response)
    for url in FILTER_PROBES:
        response = c.get(url)
        unknown = c.get(url.replace(DECLARANT_SLUG, "nobody-at-all"))
        assert response.status_code == unknown.status_code, url
        assert not canaries_in(text_of(response), url), url
        if url.startswith(("/downloads/", "/api/")):
            assert response.status_code == 400, url
    for url in PAGES + SEARCH_PROBES:
        response = c.get(url)
        assert response.status_code in (200, 404), url
        assert not canaries_in(text_of(response), url), url
    # The drop-downs: no option for them, on the meetings list or the register.
    for url in ("/meetings/", "/resolutions/"):
        assert DECLARANT_SLUG not in text_of(c.get(url))


@pytest.mark.parametrize("who", ["anonymous", "plain"])
def test_the_public_minute_says_an_interest_was_declared_and_nothing_more(who, client, plain_client,
                                                                          declaring_archive):
    c = client if who == "anonymous" else plain_client
    page = text_of(c.get("/meetings/2020-01-28/items/5/"))
    assert "Cllr Nelson declared a personal interest in item SSP 2/20" in page
    assert DECLARATION_WITHHELD.strip("[]") in page
    api = json.loads(text_of(c.get("/api/agenda-items/?meeting=2020-01-28")))
    minutes = {item["order"]: item["minute"] for item in api["results"]}
    assert minutes[5].endswith(DECLARATION_WITHHELD) and 3 not in minutes
    assert json.loads(text_of(c.get("/api/agenda-items/?q=prejudicial")))["count"] == 0
    assert json.loads(text_of(c.get("/api/agenda-items/?q=landlord")))["count"] >= 1  # the search works


@pytest.mark.parametrize("who", ["anonymous", "plain"])
def test_a_public_resolution_naming_the_restricted_item_is_withheld_everywhere(who, client, plain_client,
                                                                               declaring_archive):
    """The register, the API, the downloads and search carry the notice, and do not match its words."""
    c = client if who == "anonymous" else plain_client
    expected = f"{REFERENCE_WITHHELD} Members thanked the clerk."
    api = json.loads(text_of(c.get("/api/resolutions/?meeting=2020-01-28")))
    assert expected in [r["text"] for r in api["results"]]
    for fmt in ("csv", "json"):
        body = text_of(c.get(f"/downloads/resolutions.{fmt}?meeting=2020-01-28"))
        assert "Members thanked the clerk" in body and "briefing, be recorded" not in body
    for url in ("/api/resolutions/?q=Kestrelwing", "/api/agenda-items/?q=Kestrelwing",
                "/api/events/?q=Kestrelwing", "/api/resolutions/?q=briefing+recorded"):
        assert json.loads(text_of(c.get(url)))["count"] == 0, url
    assert "briefing, be recorded" not in text_of(c.get("/resolutions/?q=Kestrelwing"))
    assert "Members thanked" in text_of(c.get("/meetings/2020-01-28/items/5/"))


@pytest.mark.parametrize("who", ["partner", "officer"])
def test_partners_and_officers_see_the_declarant_and_the_whole_minute(who, partner_client, officer_client,
                                                                      declaring_archive):
    c = partner_client if who == "partner" else officer_client
    page = c.get(f"/people/{DECLARANT_SLUG}/")
    assert page.status_code == 200 and DECLARANT in text_of(page)
    assert c.get(f"/api/people/{DECLARANT_SLUG}/").status_code == 200
    assert DECLARANT_SLUG in text_of(c.get("/meetings/"))
    assert c.get(f"/downloads/resolutions.csv?person={DECLARANT_SLUG}").status_code == 200
    item = text_of(c.get("/meetings/2020-01-28/items/5/"))
    assert "Operation Kestrelwing canary briefing" in item and DECLARATION_WITHHELD not in item
    assert json.loads(text_of(c.get("/api/agenda-items/?q=prejudicial")))["count"] == 1
    assert json.loads(text_of(c.get("/api/resolutions/?q=Kestrelwing")))["count"] == 2  # its own, and this one
    assert "Quistbury" in text_of(c.get("/search/?q=prejudicial"))


def test_a_partner_group_member_without_staff_sees_what_partners_see(declaring_archive):
    user = user_in_group("Partners", username="another-partner")
    c = Client()
    c.force_login(user)
    assert c.get(f"/people/{DECLARANT_SLUG}/").status_code == 200
