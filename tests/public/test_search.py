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


def test_words_the_english_configuration_drops_are_dropped_on_both_databases(anonymous, db):
    """PostgreSQL's `english` configuration ignores "and", "the", "of"...; SQLite's FTS5 would require
    them. Unquoted, they are dropped there too, so both find the same items; a quoted phrase keeps its
    words; a query of nothing else finds nothing, as on PostgreSQL."""
    from meetings.search import fts5_query
    from meetings.search_index import PUBLIC_COLUMNS

    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1, title="Commissioner's plan", minute="Police crime figures fell.")
    AgendaItemFactory(meeting=meeting, position=2, title="Joint work", minute="Police and crime partners met.")
    assert sorted(titles(anonymous, "police and crime")) == ["Commissioner's plan", "Joint work"]
    assert titles(anonymous, '"police and crime"') == ["Joint work"]
    assert titles(anonymous, "the and of") == [] and titles(anonymous, "police -the") != []
    assert fts5_query("police and the crime", PUBLIC_COLUMNS).endswith('(("police") AND ("crime"))')
    assert fts5_query("The", PUBLIC_COLUMNS) is None and fts5_query("fly-tipping", PUBLIC_COLUMNS).endswith('"fly tipping"))')


@on_sqlite
def test_sqlite_reads_the_candidates_items_from_the_covering_index(anonymous, db):
    """The ranked keys (meetings.search._sqlite_rows) read each candidate's meeting, restriction and
    position from `item_id_narrow_cover` once the planner has statistics, not from the table (whose copy
    lies past the minute's overflow pages)."""
    from django.test.utils import CaptureQueriesContext

    from meetings.planner_statistics import planner_statistics_refresh
    from meetings.search import search_rows

    meeting = MeetingFactory()
    for position in range(1, 30):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Hate crime {position}", minute="word " * 400)
    planner_statistics_refresh()
    with CaptureQueriesContext(connection) as context:
        rows = search_rows(user=anonymous, query="hate", start=0, stop=21)
    assert len(rows) == 21 and len(context.captured_queries) == 2
    keys_sql = context.captured_queries[0]["sql"]  # the ranked keys, as run (parameters inlined)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + keys_sql)
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "COVERING INDEX item_id_narrow_cover" in plan, plan
