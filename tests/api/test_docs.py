"""/api/ in the archive's look with links to the schema and docs; /api/docs/ from local assets, under the CSP."""
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def test_api_root_is_a_page_of_the_archive_for_browsers(client):
    response = client.get("/api/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="govuk-template"' in page and "Safer Stockton Partnership" in page  # base.html
    assert "rest_framework/" not in page  # not the stock browsable API
    assert 'href="http://testserver/api/docs/"' in page and 'href="http://testserver/api/schema/"' in page
    for name in ("events", "agenda-items", "resolutions", "people", "organizations", "attendance"):
        assert f'href="http://testserver/api/{name}/?format=json"' in page
    assert not EXTERNAL.search(page.replace("http://testserver/", "/"))


def test_api_root_stays_json_for_programs(client):
    assert client.get("/api/").json()["events"] == "http://testserver/api/events/"
    browser = "text/html,application/xhtml+xml,*/*;q=0.8"
    assert client.get("/api/", {"format": "json"}, HTTP_ACCEPT=browser).json()["people"]


def test_docs_page_uses_local_assets_only_under_the_csp(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert not EXTERNAL.search(page), "a CDN or other site is referenced"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    scripts = re.findall(r"<script([^>]*)>", page)
    assert len(scripts) == 3 and all(f'nonce="{nonce}"' in s and "src=" in s for s in scripts)  # none inline
    assert "<style" not in page and " style=" not in page
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(path), f"{path} is not an installed static file"
    assert "swagger-ui-bundle.js" in page


def test_docs_start_up_script_points_at_the_schema(client):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    body = response.content.decode()
    assert "/api/schema/" in body and not EXTERNAL.search(body)


def test_footer_links_to_the_api_docs_and_the_html_sitemap(client):
    page = client.get("/").content.decode()
    footer = page.split('<footer', 1)[1]
    assert 'href="/api/"' in footer and 'href="/api/docs/"' in footer
    assert 'href="/sitemap/">Sitemap</a>' in footer
