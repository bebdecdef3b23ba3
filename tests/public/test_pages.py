"""The public pages: each renders, says what it should, and shows restricted items only to partners."""
import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from meetings.templatetags.archive import clock
from tests.factories import AgendaItemFactory, MeetingFactory

from .conftest import CANARY_RESOLUTION, CANARY_TITLE

pytestmark = pytest.mark.django_db

WITHHELD = re.compile(r"(\d+) restricted items? (?:is|are) not published")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_shows_latest_meetings_next_meeting_search_box_and_figures(client, archive):
    """Home: the latest meetings, the next meeting as minuted, a search box and public figures."""
    page = html(client.get("/"))
    assert "<title>Minutes archive – Safer Stockton Partnership</title>" in page
    assert 'action="/search/"' in page and 'name="q"' in page
    assert "Tuesday 8 June 2021, 1:30pm" in page  # the next meeting, as minuted on 2 March 2021
    assert "the minutes of that next meeting are not published yet" in page  # 2021 is past
    assert archive.new.get_absolute_url() in page
    # 5 items published to the public (the canary is not counted), 4 visible resolutions.
    assert re.search(r'ssp-figures__number">5</span> items published', page)
    assert re.search(r'ssp-figures__number">4</span> resolutions', page)
    assert 'rel="canonical" href="http://testserver/"' in page
    assert 'class="govuk-skip-link"' in page
    assert "GDS Transport" not in page and "govuk-header__logotype" not in page


def test_meeting_list_by_year_and_filters(client, archive):
    """Meetings are listed by year, filter by keyword and person, and each year has its own URL."""
    page = html(client.get("/meetings/"))
    for meeting in (archive.old, archive.new, archive.later):
        assert meeting.get_absolute_url() in page
    assert 'href="/meetings/2020/"' in page
    year = html(client.get("/meetings/2020/"))
    assert archive.new.get_absolute_url() in year and archive.old.get_absolute_url() not in year
    assert "<h1 class=\"govuk-heading-xl\">Meetings in 2020</h1>" in year
    keyword = html(client.get("/meetings/", {"q": "domestic"}))
    assert archive.later.get_absolute_url() in keyword and archive.new.get_absolute_url() not in keyword
    person = html(client.get("/meetings/", {"person": archive.absent.slug}))
    assert "1 meeting match the filters" in person
    assert client.get("/meetings/1999/").status_code == 404


def test_keyword_filter_never_matches_restricted_text_for_the_public(client, partner_client, archive):
    assert "0 meetings match the filters" in html(client.get("/meetings/", {"q": "Kestrelwing"}))
    assert "1 meeting match the filters" in html(partner_client.get("/meetings/", {"q": "Kestrelwing"}))


def test_invalid_filter_shows_an_error_summary_not_a_crash(client, archive):
    page = html(client.get("/meetings/", {"date_from": "not-a-date"}))
    assert "There is a problem with the filters" in page


def test_meeting_page(client, archive):
    """Date, time, venue, status, attendance by role, items with resolutions and declarations, links."""
    page = html(client.get(archive.new.get_absolute_url()))
    assert "Meeting of Tuesday 28 January 2020" in page
    assert "9:30am" in page and "Jim Cooke Conference Suite" in page
    assert "Draft" in page
    for role in ("Present (2)", "Officer (1)", "Apologies (1)"):
        assert role in page
    assert archive.police.get_absolute_url() in page and archive.chair.get_absolute_url() in page
    assert "Recorded Crime and Disorder" in page and "SSP 2/20 (2)" in page
    assert "declared a personal interest as a landlord." in page
    assert archive.old.get_absolute_url() in page  # approved the minutes of, and previous meeting
    assert archive.later.get_absolute_url() in page  # next meeting
    assert WITHHELD.search(page).group(1) == "1"
    assert CANARY_TITLE not in page
    assert 'href="/downloads/resolutions.csv?meeting=2020-01-28"' in page
    assert 'href="/downloads/attendance.csv?meeting=2020-01-28"' in page


def test_approved_meeting_links_to_where_its_minutes_were_approved(client, archive):
    page = html(client.get(archive.old.get_absolute_url()))
    assert "Approved" in page and f'href="{archive.new.get_absolute_url()}">meeting of 28 January 2020' in page
    assert not WITHHELD.search(page)


def test_partner_sees_restricted_items_tagged(partner_client, archive):
    page = html(partner_client.get(archive.new.get_absolute_url()))
    assert CANARY_TITLE in page and CANARY_RESOLUTION in page
    assert 'ssp-restricted-tag">Restricted – not for circulation' in page
    assert not WITHHELD.search(page)
    assert "Administration" not in page  # partners are not staff


def test_officer_sees_a_link_to_the_admin(officer_client, archive):
    page = html(officer_client.get("/"))
    assert 'href="/admin/"' in page


def test_item_permalink_with_citation(client, archive):
    page = html(client.get("/meetings/2020-01-28/items/2/"))
    assert "Cite this item" in page
    assert ("Safer Stockton Partnership, minutes of the meeting of 28 January 2020, item SSP 2/20, "
            "“Recorded Crime and Disorder”. http://testserver/meetings/2020-01-28/items/2/") in page
    # Neighbours skip the restricted item 3 for the public.
    assert 'href="/meetings/2020-01-28/items/1/"' in page and 'href="/meetings/2020-01-28/items/4/"' in page
    assert 'href="/meetings/2020-01-28/items/3/"' not in page


def test_restricted_item_is_not_found_for_the_public_but_shown_to_partners(client, partner_client, archive):
    assert client.get("/meetings/2020-01-28/items/3/").status_code == 404
    page = html(partner_client.get("/meetings/2020-01-28/items/3/"))
    assert CANARY_TITLE in page and "Restricted: Police intelligence" in page


def test_resolutions_register_filters_paginates_and_offers_downloads(client, archive):
    page = html(client.get("/resolutions/"))
    assert "4 resolutions." in page and "SSP 2/20 (1)" in page and CANARY_RESOLUTION not in page
    filtered = html(client.get("/resolutions/", {"year": "2021"}))
    assert "1 resolution match the filters" in filtered
    assert 'href="/downloads/resolutions.csv?year=2021"' in filtered
    assert 'href="/downloads/resolutions.xlsx?year=2021"' in filtered
    assert client.get("/resolutions/", {"page": "9"}).status_code == 404


def test_resolutions_register_keeps_a_meeting_filter_from_a_link(client, archive):
    page = html(client.get("/resolutions/", {"meeting": "2020-01-28"}))
    assert '<input type="hidden" name="meeting" value="2020-01-28">' in page
    assert "2 resolutions match the filters" in page


def test_people_and_person_page(client, archive):
    people = html(client.get("/people/"))
    assert "4 people." in people and archive.chair.get_absolute_url() in people
    assert "1 person match" in html(client.get("/people/", {"q": "nelson"}))
    page = html(client.get(archive.inspector.get_absolute_url()))
    assert "<h1 class=\"govuk-heading-xl\">Marc Anderson</h1>" in page
    assert 'role="img"' in page and "<title id=\"chart-title\">" in page
    assert "Meetings by role and year" in page
    assert archive.police.get_absolute_url() in page
    assert f'href="/downloads/attendance.csv?person={archive.inspector.slug}"' in page
    assert "%" not in re.sub(r"<(style|script).*?</\1>", "", page, flags=re.S)


def test_organisations_and_organisation_page(client, archive):
    page = html(client.get("/organisations/"))
    assert "2 organisations." in page and archive.police.get_absolute_url() in page
    org = html(client.get(archive.police.get_absolute_url()))
    assert "Represented by" in org and archive.inspector.get_absolute_url() in org
    assert org.count('href="/meetings/20') >= 3
    assert f'href="/downloads/resolutions.csv?organisation={archive.police.slug}"' in org


def test_search_page(client, archive):
    page = html(client.get("/search/", {"q": "burglary"}))
    assert "1 item found" in page and "Recorded Crime and Disorder" in page
    assert "<mark>" in page
    empty = html(client.get("/search/", {"q": "zebra crossing"}))
    assert "No items found" in empty
    assert html(client.get("/search/"))


def test_accessibility_statement_login_robots(client, archive):
    assert "WCAG" in html(client.get("/accessibility/"))
    login = html(client.get("/accounts/login/"))
    assert 'autocomplete="current-password"' in login
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_partner_logs_in_and_out(client, partner, archive):
    response = client.post("/accounts/login/", {"username": "partner", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert CANARY_TITLE in html(client.get(archive.new.get_absolute_url()))
    assert client.post("/accounts/logout/").status_code == 302
    assert CANARY_TITLE not in html(client.get(archive.new.get_absolute_url()))


def test_failed_login_shows_an_error_summary(client, db):
    page = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    assert "There is a problem" in page and "<title>Error: Sign in" in page


def test_404_and_500_pages(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert "Sorry, there is a problem with the archive" in render_to_string("500.html")


def test_empty_archive_has_clear_empty_states(client, db):
    assert "No minutes have been published yet." in html(client.get("/"))
    assert "No meetings found" in html(client.get("/meetings/"))
    assert "No resolutions found" in html(client.get("/resolutions/"))
    assert "No people found" in html(client.get("/people/"))


def test_lists_are_paginated_with_the_govuk_component(client, db):
    for _ in range(30):
        AgendaItemFactory(meeting=MeetingFactory(), position=1)
    page = html(client.get("/meetings/"))
    assert 'class="govuk-pagination"' in page and 'href="?page=2"' in page
    second = html(client.get("/meetings/", {"page": 2}))
    assert "page 2 of 2" in second and 'rel="canonical" href="http://testserver/meetings/?page=2"' in second


def test_every_named_page_resolves(db):
    for name in ("home", "meeting_list", "resolution_list", "person_list", "organisation_list", "search",
                 "feed_atom", "feed_ics", "sitemap", "robots_txt", "accessibility", "login", "logout"):
        assert reverse(name)


def test_times_are_written_the_govuk_way():
    assert [clock(dt.time(h, m)) for h, m in ((9, 30), (14, 0), (12, 0), (0, 0), (12, 15))] == [
        "9:30am", "2pm", "midday", "midnight", "12:15pm"]
