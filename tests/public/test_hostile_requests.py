"""Security headers on every kind of page, HEAD wherever GET works, and hostile query strings as 400s."""
import re

import pytest
from django.urls import reverse

from meetings.filters import AgendaItemFilter, AttendanceFilter, MeetingFilter, ResolutionFilter
from ssp_archive.middleware import QUERY_NUL, QUERY_TOO_LONG

pytestmark = pytest.mark.django_db


def page_types(archive) -> list[str]:
    """One URL of every kind the site serves: pages, errors, feeds, downloads, API, sign-in, admin."""
    meeting = archive.new.slug
    return [
        "/", "/meetings/", "/meetings/2020/", f"/meetings/{meeting}/", f"/meetings/{meeting}/items/1/",
        "/resolutions/", "/search/?q=crime", "/people/", f"/people/{archive.chair.slug}/",
        "/organisations/", f"/organisations/{archive.police.slug}/", "/accessibility/",
        "/feeds/meetings.atom", "/feeds/meetings.ics", "/sitemap.xml", "/robots.txt",
        "/downloads/resolutions.csv", "/downloads/attendance.json", "/downloads/resolutions.xlsx",
        "/api/events/", "/api/schema/", reverse("login"), reverse("password_reset"),
        "/admin/login/", "/no-such-page/",
    ]


def test_every_page_type_carries_the_security_headers(client, archive):
    for url in page_types(archive):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), url
        assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url


def test_inline_scripts_carry_the_nonce_the_policy_names(client, archive):
    """Each inline script of base.html has this response's nonce; no script is without one."""
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert len(inline) == 2
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)
    assert client.get("/").headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]


def test_head_is_answered_wherever_get_is(client, archive):
    for url in page_types(archive):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url


def test_post_to_a_page_is_still_refused(client, archive):
    assert client.post("/").status_code == 405


# Every filter the pages, downloads and API take, by where it is taken.
FILTERED = {
    "/meetings/": MeetingFilter,
    "/resolutions/": ResolutionFilter,
    "/downloads/resolutions.csv": ResolutionFilter,
    "/downloads/resolutions.xlsx": ResolutionFilter,
    "/downloads/resolutions.json": ResolutionFilter,
    "/downloads/attendance.csv": AttendanceFilter,
    "/downloads/attendance.xlsx": AttendanceFilter,
    "/downloads/attendance.json": AttendanceFilter,
    "/api/events/": MeetingFilter,
    "/api/agenda-items/": AgendaItemFilter,
    "/api/resolutions/": ResolutionFilter,
    "/api/attendance/": AttendanceFilter,
}
# Parameters read by the views themselves.
OTHER_PARAMETERS = {
    "/search/": ["q", "page", "order"], "/people/": ["q"], "/organisations/": ["q"], "/meetings/2020/": ["page"],
    "/api/people/": ["page"], "/api/organizations/": ["page"], "/admin/meetings/meeting/": ["q"],
    "/feeds/meetings.atom": ["x"], "/": ["x"],
}


def every_parameter():
    for url, filterset in FILTERED.items():
        for name in [*filterset.base_filters, "page"]:
            yield url, name
    for url, names in OTHER_PARAMETERS.items():
        for name in names:
            yield url, name


@pytest.mark.parametrize(("url", "name"), list(every_parameter()), ids=lambda value: str(value))
def test_a_nul_byte_in_any_filter_is_a_400_naming_it(client, officer_client, archive, url, name):
    """On SQLite and PostgreSQL alike (where NUL in text is a DataError): a 400, never a 500."""
    browser = officer_client if url.startswith("/admin/") else client
    response = browser.get(url, {name: "crime\x00"})
    assert response.status_code == 400
    if url.startswith("/api/"):  # the API's documented 400: messages per filter
        assert response.json() == {name: [QUERY_NUL.format(name=name)]}
    else:
        assert QUERY_NUL.format(name=name) in response.content.decode()


@pytest.mark.parametrize("url", ["/search/", "/meetings/", "/downloads/resolutions.csv", "/api/events/"])
def test_an_overlong_value_is_a_400(client, archive, url, settings):
    response = client.get(url, {"q": "x" * (settings.QUERY_PARAM_MAX_LENGTH + 1)})
    assert response.status_code == 400
    message = QUERY_TOO_LONG.format(
        name="q", length=settings.QUERY_PARAM_MAX_LENGTH + 1, limit=settings.QUERY_PARAM_MAX_LENGTH
    )
    assert message in (str(response.json()["q"]) if url.startswith("/api/") else response.content.decode())


def test_a_nul_byte_in_a_parameter_name_is_a_400(client, archive):
    assert client.get("/meetings/?q%00=crime").status_code == 400


def test_a_value_at_the_limit_is_still_served(client, archive, settings):
    assert client.get("/search/", {"q": "x" * settings.QUERY_PARAM_MAX_LENGTH}).status_code == 200
