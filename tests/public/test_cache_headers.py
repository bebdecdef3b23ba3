"""Every response that can differ by user says `Cache-Control: private` and `Vary: Cookie` (issue 10, path 6)."""
import pytest
from django.utils.cache import get_max_age

pytestmark = pytest.mark.django_db

URLS = [
    "/", "/meetings/", "/meetings/2020/", "/meetings/2020-01-28/", "/meetings/2020-01-28/items/2/",
    "/meetings/2020-01-28/items/3/", "/resolutions/", "/search/?q=crime", "/people/", "/organisations/",
    "/feeds/meetings.atom", "/feeds/meetings.ics", "/sitemap.xml", "/robots.txt",
    "/downloads/resolutions.csv", "/downloads/resolutions.xlsx", "/downloads/resolutions.json",
    "/downloads/attendance.csv", "/api/", "/api/events/", "/api/agenda-items/", "/api/resolutions/",
    "/api/people/", "/api/attendance/", "/api/no-such-thing/", "/no-such-page/", "/accounts/login/",
    "/admin/",
]


def cache_control(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_every_response_is_private_and_varies_by_cookie(who, client, partner_client, archive):
    """Pages, feeds, sitemap, downloads, API, 404s and the login page, for the public and a partner:
    each says private (never public, never a shared max-age) and varies on the session cookie."""
    user_client = client if who == "anonymous" else partner_client
    for url in URLS:
        response = user_client.get(url)
        assert "private" in cache_control(response), url
        assert "public" not in cache_control(response), url
        assert "s-maxage" not in response.get("Cache-Control", ""), url
        assert "cookie" in vary(response), url


def test_person_and_organisation_pages_are_private(client, archive):
    for url in (archive.chair.get_absolute_url(), archive.police.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in cache_control(response)
        assert "cookie" in vary(response)


def test_admin_keeps_its_no_cache(officer_client, archive):
    """The admin's own never_cache headers survive: private is added, not substituted."""
    response = officer_client.get("/admin/")
    assert {"private", "no-cache", "no-store"} <= cache_control(response)
    assert get_max_age(response) == 0
