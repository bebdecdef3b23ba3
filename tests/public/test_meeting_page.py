"""The meeting page (issue 13): contents at the top, attendance summarised, withheld items keep their place."""
import re

import pytest

from meetings import selectors

from .conftest import CANARY_RESOLUTION, CANARY_STRINGS, CANARY_TITLE

pytestmark = pytest.mark.django_db

PLACEHOLDER = "Not published: restricted item"


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def contents(page: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the page's contents list."""
    block = page.split('id="contents-title"', 1)[1].split("</ol>", 1)[0]
    links = re.findall(r'<a class="govuk-link" href="(#item-\d+)">(.*?)</a>', block, re.S)
    return [(href, re.sub(r"<[^>]+>", "", text).strip()) for href, text in links]


def test_contents_lists_every_item_in_order_with_the_withheld_one_in_its_place(client, archive):
    """The public's contents: items 1, 2, the withheld 3 (number only), 4, each linking to its section."""
    page = html(client.get(archive.new.get_absolute_url()))
    assert contents(page) == [
        ("#item-1", "SSP 1/20 Minutes"),
        ("#item-2", "SSP 2/20 Recorded Crime and Disorder"),
        ("#item-3", f"SSP 3/20 {PLACEHOLDER}"),
        ("#item-4", "SSP 4/20 Date and time of next meeting"),
    ]
    for n in range(1, 5):
        assert f'id="item-{n}"' in page  # every link has its target
    # The contents come before the first item, and the attendance table after the last.
    assert page.index('id="contents-title"') < page.index('id="item-1"') < page.index('id="item-4"') \
        < page.index("<details")


def test_withheld_item_shows_its_number_and_nothing_else(client, archive):
    """Fail closed: the placeholder has the printed number, never the title, minute, resolution or note."""
    page = html(client.get(archive.new.get_absolute_url()))
    section = page.split('id="item-3"', 1)[1].split("</section>", 1)[0]
    assert "SSP 3/20" in section and PLACEHOLDER in section
    for canary in [*CANARY_STRINGS, "Police intelligence"]:
        assert canary not in page
    assert "/meetings/2020-01-28/items/3/" not in page  # no permalink to a 404


def test_partner_sees_the_real_item_not_a_placeholder(partner_client, archive):
    page = html(partner_client.get(archive.new.get_absolute_url()))
    assert PLACEHOLDER not in page
    href, text = contents(page)[2]
    assert href == "#item-3" and text.startswith(f"SSP 3/20 {CANARY_TITLE}")
    assert CANARY_RESOLUTION in page


def test_item_without_printed_number_is_numbered_by_position(client, archive):
    archive.canary.number = ""
    archive.canary.save()
    page = html(client.get(archive.new.get_absolute_url()))
    assert ("#item-3", f"3 {PLACEHOLDER}") in contents(page)


def test_attendance_is_summarised_by_role_and_listed_in_a_details_element(client, archive):
    page = html(client.get(archive.new.get_absolute_url()))
    assert '<a class="govuk-link" href="#attendance">Present: 2, Officer: 1, Apologies: 1</a>' in page
    details = page.split('<details class="govuk-details', 1)[1].split("</details>", 1)[0]
    assert "Everyone minuted (4 people)" in details
    assert archive.chair.get_absolute_url() in details and archive.absent.get_absolute_url() in details


def test_previous_and_next_meetings_are_kept(client, archive):
    page = html(client.get(archive.new.get_absolute_url()))
    assert f'href="{archive.old.get_absolute_url()}" rel="prev"' in page
    assert f'href="{archive.later.get_absolute_url()}" rel="next"' in page


def test_meeting_contents_selector(archive, partner):
    """The selector merges visible items and withheld places by position; partners get no placeholder."""
    items = list(selectors.meeting_items(user=None, meeting=archive.new))
    entries = selectors.meeting_contents(user=None, meeting=archive.new, items=items)
    assert [(e.position, e.label, e.item is None) for e in entries] == [
        (1, "SSP 1/20", False), (2, "SSP 2/20", False), (3, "SSP 3/20", True), (4, "SSP 4/20", False)]
    items = list(selectors.meeting_items(user=partner, meeting=archive.new))
    assert all(e.item for e in selectors.meeting_contents(user=partner, meeting=archive.new, items=items))


def test_no_placeholders_for_a_meeting_the_user_may_not_see(pending):
    """Handed a meeting awaiting review by mistake, the withheld places are empty for the public."""
    from meetings.visibility import withheld_item_places
    assert withheld_item_places(None, pending.meeting) == []
