"""A partner's printout: every restricted item carries a visible "Restricted – not for circulation"
banner (a black border, since browsers drop background colours), in real Chromium with print media."""
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from tests.public.conftest import CANARY_TITLE, build_archive

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKING = "Restricted – not for circulation"


@pytest.fixture
def partner_page(browser, live_server, transactional_db):
    group, _ = Group.objects.get_or_create(name="Partners")
    group.permissions.add(Permission.objects.get(codename="view_restricted"))
    partner = User.objects.create_user("partner", password="a-long-test-password")
    partner.groups.add(group)
    client = Client()
    client.force_login(partner)
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    yield page
    context.close()




@pytest.mark.parametrize("path", ["/meetings/2020-01-28/", "/meetings/2020-01-28/items/3/"])
def test_restricted_items_print_with_a_banner(partner_page, live_server, path):
    build_archive()
    page = partner_page
    page.goto(live_server.url + path)
    assert page.get_by_text(CANARY_TITLE).count() >= 1
    marking = page.locator(".ssp-restricted-tag").filter(has_text=MARKING)
    assert marking.count() >= 1

    page.emulate_media(media="print")
    # The item's own marking (in its heading); the contents list's and declarations' stay inline in their lines.
    tag = page.locator("main :is(h1, h2, h3) .ssp-restricted-tag").first
    style = tag.evaluate(
        """el => { const s = getComputedStyle(el); const box = el.getBoundingClientRect();
                   return {display: s.display, border: parseFloat(s.borderTopWidth), style: s.borderTopStyle,
                           color: s.color, width: box.width, text: el.innerText}; }"""
    )
    assert style["display"] == "block" and style["border"] >= 2 and style["style"] == "solid", style
    assert style["color"] == "rgb(0, 0, 0)" and style["width"] > 300, style
    assert style["text"].lower() == MARKING.lower()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"partner-print-{path.strip('/').replace('/', '-')}.png"), full_page=True)
    page.emulate_media(media="screen")
    assert tag.evaluate("el => getComputedStyle(el).display") != "block"  # on screen it stays a tag
