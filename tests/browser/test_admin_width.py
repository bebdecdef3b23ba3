"""The officers' admin at 1,280 px (a laptop): the meetings list and the meeting editor's items table
fit the window, with no sideways scrolling, in a real Chromium. Screenshots go to test-artifacts/."""
import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from meetings.models import Meeting
from tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
LONG_TITLE = ("Community Safety Plan 2022-2025 quarterly performance monitoring report, with the anti-social "
              "behaviour, fly-tipping and night-time economy action plans and the partnership's comments")


@pytest.fixture
def officer_page(browser, live_server, transactional_db):
    """A browser window 1,280 px wide, signed in to the admin (a superuser: every column and action shows)."""
    officer = User.objects.create_superuser("officer", password="a-long-test-password")
    client = Client()
    client.force_login(officer)
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def meetings(transactional_db):
    """Forty meetings with long file names, one with fifteen items with long titles and notes."""
    created = []
    for n in range(40):
        meeting = MeetingFactory(
            date=dt.date(2020, 1, 1) + dt.timedelta(days=40 * n),
            source_filename=f"Safer-Stockton-Partnership-minutes-{n:02d}-final-version-for-publication-v3.docx",
            imported_at=dt.datetime(2024, 3, 28, 14, 5, tzinfo=dt.UTC),
            status=Meeting.Status.APPROVED if n % 2 else Meeting.Status.DRAFT,
        )
        created.append(meeting)
    big = created[-1]
    for position in range(1, 16):
        AgendaItemFactory(
            meeting=big, position=position, number=f"SSP/{position}/{big.date:%y}", title=LONG_TITLE,
            is_restricted=position % 4 == 0,
            restriction_note="Police intelligence shared in confidence under the information sharing agreement"
            if position % 4 == 0 else "",
        )
    for position in range(1, 6):
        AttendanceFactory(meeting=big, person=PersonFactory(name=f"Councillor Person Number {position}"),
                          position=position, affiliation="Stockton-on-Tees Borough Council – Community Safety")
    return created


def overflow(page, selector: str) -> dict:
    """How far the element (and the page) reach beyond the window's right edge, in CSS pixels."""
    return page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            const box = el.getBoundingClientRect();
            const html = document.documentElement;
            return {
                found: true,
                element: Math.round(box.right - html.clientWidth),
                scroll: el.scrollWidth - el.clientWidth,
                page: html.scrollWidth - html.clientWidth,
            };
        }""",
        selector,
    )


def test_meetings_list_fits_1280(officer_page, live_server, meetings, screenshot_dir):
    page = officer_page
    page.goto(f"{live_server.url}/admin/meetings/meeting/")
    assert page.locator("#result_list tbody tr").count() == 40
    page.screenshot(path=str(screenshot_dir / "admin-meetings-1280.png"), full_page=True)
    reach = overflow(page, "#changelist-form .results")
    assert reach["page"] <= 0, f"the page scrolls sideways by {reach['page']} px"
    assert reach["element"] <= 0 and reach["scroll"] <= 0, f"the meetings table is cut off: {reach}"
    table = overflow(page, "#result_list")
    assert table["element"] <= 0, f"the meetings table reaches past the window: {table}"
    # Each column of the last row is inside the window, the import column included.
    box = page.locator("#result_list tbody tr").last.locator("td.field-source").bounding_box()
    assert box["x"] + box["width"] <= WIDTH


def test_meeting_editor_items_table_fits_1280(officer_page, live_server, meetings, screenshot_dir):
    page = officer_page
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meetings[-1].pk}/change/")
    assert page.locator("#items-group tbody tr.form-row.has_original").count() == 15
    page.screenshot(path=str(screenshot_dir / "admin-meeting-editor-1280.png"), full_page=True)
    reach = overflow(page, "#items-group table")
    assert reach["page"] <= 0, f"the page scrolls sideways by {reach['page']} px"
    assert reach["element"] <= 0 and reach["scroll"] <= 0, f"the items table is cut off: {reach}"
    # Every item's title and restricted box are within the window, not behind a scroll.
    last = page.locator("#items-group tbody tr.form-row.has_original").last
    for field in ("title", "is_restricted"):
        box = last.locator(f"td.field-{field}").bounding_box()
        assert box["x"] + box["width"] <= WIDTH, f"{field} is beyond the window's edge"


@pytest.fixture
def screenshot_dir():
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
