"""The HTML sitemap for people (/sitemap/), the favicon, and sitemap.xml left for search engines."""
import pytest

from .conftest import DECLARANT, PENDING_PERSON, add_declaration_canaries

pytestmark = pytest.mark.django_db


def test_sitemap_page_lists_sections_and_people_by_surname(client, archive):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    page = response.content.decode()
    for href in ("/meetings/", "/meetings/2020/", "/resolutions/", "/people/", "/organisations/", "/api/docs/",
                 "/sitemap.xml"):
        assert f'href="{href}"' in page, href
    # Anderson, Bell, Houghton, Nelson: letters in surname order, each person under their surname's.
    letters = [part.split('"', 1)[0] for part in page.split('id="people-')[1:]]
    assert letters == ["A", "B", "H", "N"]
    assert page.index(archive.inspector.get_absolute_url()) < page.index(archive.officer.get_absolute_url()) \
        < page.index(archive.absent.get_absolute_url()) < page.index(archive.chair.get_absolute_url())
    assert "Cllr Steve Nelson" in page
    assert archive.police.get_absolute_url() in page


def test_sitemap_page_names_no_one_the_public_may_not_know_of(client, archive, pending):
    add_declaration_canaries(archive)
    page = client.get("/sitemap/").content.decode()
    assert DECLARANT not in page and PENDING_PERSON not in page and "/meetings/2022/" not in page


def test_sitemap_xml_is_still_served_for_search_engines(client, archive):
    response = client.get("/sitemap.xml")  # an index of sections (issue 12), each a <urlset>
    assert response.status_code == 200 and b"<sitemapindex" in response.content
    section = client.get("/sitemap-people.xml")
    assert section.status_code == 200 and b"<urlset" in section.content


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in page and "apple-touch-icon" in page
    from django.contrib.staticfiles import finders
    with open(finders.find("favicon.ico"), "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO file
