"""Search: full-text from the stored index, ranked, with highlighted snippets (PostgreSQL tsvectors, SQLite FTS5).

Both paths start from the visible items, so restricted text is never a hit for the public.
"""
import pytest
from django.db import connection

from meetings.search import add_snippets, search_items
from tests.factories import AgendaItemFactory, MeetingFactory, ResolutionFactory

from .conftest import CANARY_TITLE

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (ranking, SearchHeadline): run with DATABASE_URL=postgres://...",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite fallback search runs only on SQLite"
)


def titles(user, query):
    return [item.title for item in search_items(user=user, query=query)]


def test_restricted_items_are_never_hits_for_the_public(anonymous, partner, archive):
    for query in ("Kestrelwing", "Quillfeather", "Marmadukeplan"):
        assert titles(anonymous, query) == []
        assert titles(partner, query) == [CANARY_TITLE]


def test_resolution_text_is_searched(anonymous, archive):
    assert titles(anonymous, "burglary") == ["Recorded Crime and Disorder"]


def test_empty_query_finds_nothing(anonymous, archive):
    assert titles(anonymous, "") == [] and titles(anonymous, "   ") == []


def test_snippets_escape_the_minutes_and_mark_matches(anonymous, db):
    AgendaItemFactory(title="Scams", minute="Residents were warned about <script>alert(1)</script> doorstep scams.")
    [item] = add_snippets(search_items(user=anonymous, query="doorstep"), query="doorstep")
    # SQLite's snippet shows the tag escaped; PostgreSQL's headline parser drops tags altogether.
    assert "<script>" not in item.snippet and "alert(1)" in item.snippet
    assert "<mark>doorstep</mark>" in item.snippet.lower()


def test_search_page_paginates(client, db):
    meeting = MeetingFactory()
    for position in range(1, 26):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Hate crime update {position}")
    page = client.get("/search/", {"q": "hate"}).content.decode()
    # No total is counted: page 1 says there is more, and links to it.
    assert "Items 1 to 20 found" in page and "more on the next page" in page
    assert 'href="?q=hate&amp;page=2"' in page and "More results" in page
    last = client.get("/search/", {"q": "hate", "page": 2}).content.decode()
    assert "Items 21 to 25 of 25 found" in last and 'href="?q=hate&amp;page=1"' in last and "More results" not in last
    assert client.get("/search/", {"q": "hate", "page": 3}).status_code == 404
    assert client.get("/search/", {"q": "hate", "page": "x"}).status_code == 404


def test_every_word_must_match_and_newest_first_on_request(anonymous, archive):
    assert titles(anonymous, "crime Stockton") == ["Recorded Crime and Disorder"]
    assert titles(anonymous, "crime zebra") == []
    newest = [i.title for i in search_items(user=anonymous, query="report", order="newest")]
    assert newest == ["Recorded Crime and Disorder", "Anti-social behaviour"]


def test_snippet_falls_back_to_resolutions(anonymous, db):
    item = AgendaItemFactory(title="Update", minute="An update was given.")
    ResolutionFactory(item=item, text="the partnership write to the Home Office about knife crime.")
    [hit] = add_snippets(search_items(user=anonymous, query="knife"), query="knife")
    assert "<mark>knife</mark>" in hit.snippet


@on_postgres
def test_postgres_ranks_title_matches_above_minute_matches(anonymous, db):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1, title="Performance report",
                      minute="Burglary was mentioned once among many other crimes and figures.")
    AgendaItemFactory(meeting=meeting, position=2, title="Burglary reduction plan", minute="A plan was presented.")
    ResolutionFactory(item=AgendaItemFactory(meeting=meeting, position=3, title="Any other business",
                                             minute="Nothing else."), text="a burglary leaflet be produced.")
    assert titles(anonymous, "burglary") == ["Burglary reduction plan", "Performance report", "Any other business"]


@on_postgres
def test_postgres_stems_words_and_understands_websearch_syntax(anonymous, archive):
    assert titles(anonymous, "presenting") == titles(anonymous, "presented")  # English stemming
    assert "Recorded Crime and Disorder" in titles(anonymous, '"recorded crime"')
    assert "Recorded Crime and Disorder" not in titles(anonymous, "crime -burglary")


@on_postgres
def test_postgres_highlights_with_searchheadline(anonymous, archive):
    [item] = add_snippets(search_items(user=anonymous, query="burglary"), query="burglary")
    assert "<mark>burglary</mark>" in item.snippet  # found in the resolution, not the minute
    [item] = add_snippets(search_items(user=anonymous, query="recorded crime"), query="recorded crime")
    assert "<mark>Recorded</mark>" in item.title_html

