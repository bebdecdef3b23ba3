"""Every page type in a real browser: it renders, axe-core finds no violations, keyboard reaches search
and filters, and the pages work with JavaScript switched off. Screenshots go to test-artifacts/.
"""
import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission, User
from django.template.loader import render_to_string

from tests.public.conftest import CANARY_TITLE, build_archive

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
# WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices (landmarks, headings, region).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}

PAGE_TYPES = {
    "home": "/",
    "meetings": "/meetings/",
    "meetings-year": "/meetings/2020/",
    "meeting": "/meetings/2020-01-28/",
    "item": "/meetings/2020-01-28/items/2/",
    "resolutions": "/resolutions/?year=2020",
    "people": "/people/",
    "person": "/people/marc-anderson/",
    "organisations": "/organisations/",
    "organisation": "/organisations/cleveland-police/",
    "search": "/search/?q=crime",
    "search-empty": "/search/?q=zebra",
    "accessibility": "/accessibility/",
    "login": "/accounts/login/",
    "not-found": "/no-such-page/",
}


@pytest.fixture
def archive(transactional_db):
    return build_archive()


def axe_violations(page) -> list[dict]:
    results = AXE.run(page, options=AXE_OPTIONS)
    assert len(results.response["passes"]) > 10, "axe-core did not run its rules"
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def check_page(page, screenshot, name):
    assert page.locator("h1").count() == 1, f"{name}: one <h1>"
    assert page.title().endswith("– Safer Stockton Partnership")
    screenshot(name)
    violations = axe_violations(page)
    (SCREENSHOTS / f"{name}.axe.json").write_text(json.dumps(violations, indent=2))
    assert violations == [], f"{name}: axe violations\n{json.dumps(violations, indent=2)}"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_renders_without_axe_violations(page, live_server, archive, screenshot, name):
    response = page.goto(live_server.url + PAGE_TYPES[name])
    assert response.status == (404 if name == "not-found" else 200)
    # The stylesheet loaded (the header is the partnership's teal, not unstyled).
    colour = page.eval_on_selector(".ssp-header", "el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(0, 89, 79)"
    check_page(page, screenshot, name)
    # WCAG 1.4.10 reflow: at 320 CSS pixels nothing makes the page scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{name} overflows at 320px"
    screenshot(f"{name}-320px")


def test_server_error_page_has_no_axe_violations(page, live_server, screenshot):
    page.goto(live_server.url + "/accessibility/")
    page.set_content(render_to_string("500.html"))
    page.wait_for_load_state("load")
    check_page(page, screenshot, "server-error")


def test_partner_signs_in_and_sees_restricted_items_tagged(page, live_server, archive, screenshot):
    group, _ = Group.objects.get_or_create(name="Partners")
    group.permissions.add(Permission.objects.get(codename="view_restricted"))
    User.objects.create_user("partner", password="a-long-test-password").groups.add(group)
    page.goto(live_server.url + "/accounts/login/?next=/meetings/2020-01-28/")
    page.fill("#id_username", "partner")
    page.fill("#id_password", "a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/meetings/2020-01-28/")
    assert page.get_by_role("heading", name=CANARY_TITLE).count() == 1
    assert page.locator(".govuk-tag--red", has_text="Restricted").count() >= 1
    check_page(page, screenshot, "meeting-partner")


def test_failed_sign_in_shows_an_accessible_error(page, live_server, transactional_db, screenshot):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    check_page(page, screenshot, "login-error")


def tab_until(page, target_id: str, limit: int = 80) -> list[str]:
    """Press Tab from the top of the page until `target_id` has focus; the ids/texts passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        passed.append(focused)
        if focused == target_id:
            return passed
    raise AssertionError(f"Tab never reached #{target_id}; it went through {passed}")


def type_and_enter(page, text: str, url_pattern: str):
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_url(url_pattern)


def test_keyboard_reaches_the_search_box_and_searches(page, live_server, archive):
    page.goto(live_server.url + "/")
    passed = tab_until(page, "home-search")
    assert passed[0] == "Skip to main content"
    type_and_enter(page, "burglary", "**/search/?q=burglary")
    assert page.get_by_text("1 item found").is_visible()


def test_keyboard_reaches_every_filter_field(page, live_server, archive):
    """From the top of the page, Tab alone goes through every filter, in the order they are shown."""
    fields = ["id_year", "id_date_from", "id_date_to", "id_q", "id_person", "id_organisation"]
    page.goto(live_server.url + "/meetings/")
    passed = tab_until(page, fields[-1])
    # A date input takes several Tabs (day, month, year); each field counts once.
    assert list(dict.fromkeys(focused for focused in passed if focused in fields)) == fields
    page.goto(live_server.url + "/resolutions/")
    tab_until(page, "id_q")
    type_and_enter(page, "burglary", "**/resolutions/?*q=burglary*")
    assert page.get_by_text("1 resolution match the filters").is_visible()


def test_skip_link_moves_focus_to_the_main_content(page, live_server, archive):
    page.goto(live_server.url + "/meetings/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")


def test_everything_works_without_javascript(browser, live_server, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#home-search", "crime")
        page.click("form[role=search] button")
        page.wait_for_url("**/search/?q=crime")
        assert page.get_by_text("1 item found").is_visible()
        page.goto(live_server.url + "/meetings/")
        page.select_option("#id_person", "michael-houghton")
        page.click("text=Apply filters")
        assert page.get_by_text("1 meeting match the filters").is_visible()
        assert page.locator(".govuk-service-navigation__list").is_visible()  # navigation not collapsed
    finally:
        context.close()


def test_meeting_page_prints_without_navigation(page, live_server, archive):
    page.goto(live_server.url + "/meetings/2020-01-28/")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert page.get_by_text("Recorded Crime and Disorder").first.is_visible()
