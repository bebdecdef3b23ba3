"""Search at size: the same queries a page whatever the archive holds (one on PostgreSQL; on SQLite two,
the page's keys and then its rows), and snippets only for the page shown.

The archive is the demo generator's (meetings/demo.py), grown from 20 to 200 meetings between two
requests of the same search page; the number of queries must not move.
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.demo import demo_archive_generate
from meetings.search import ORDER_BEST, _search, search_items, search_page

pytestmark = pytest.mark.django_db

# The items of a page: one statement on PostgreSQL; on SQLite the ranked keys, then the rows by key
# (meetings.search.search_rows says why).
ITEM_QUERIES = 1 if connection.vendor == "postgresql" else 2

# Words of the demo's sentence pools: common ("report", in most items), rarer, a phrase, an
# exclusion, an alternative.
QUERIES = ["report", "anti-social behaviour", '"hate crime"', "funding -police", "graffiti or CCTV"]


def page_queries(client, url) -> tuple[int, bool]:
    """(queries the page made, whether it showed any result)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), b'<li class="ssp-item">' in response.content


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_page_costs_the_same_queries_at_20_and_at_200_meetings(client, partner_client, query):
    browsers = {"public": client, "partner": partner_client}
    # The public: the items, then the matches inside reports (issue 14; on the first page only). A
    # partner: the session, the user and the permissions first. No hit: on SQLite no keys, so no rows.
    before = {"public": 1, "partner": 5}
    for meetings in (20, 200):
        demo_archive_generate(meetings=meetings, seed=5)
        for who, browser in browsers.items():
            for url in (f"/search/?q={query}", f"/search/?q={query}&order=newest"):
                queries, hits = page_queries(browser, url)
                assert hits or meetings == 20, (query, meetings)
                assert queries == before[who] + (ITEM_QUERIES if hits else 1), (who, url, meetings)


def test_the_second_page_and_the_last_cost_no_more(client, django_assert_num_queries):
    demo_archive_generate(meetings=200, seed=5)
    first = search_page(user=None, query="report")
    assert first.has_next and first.total is None and len(first.results) == 20
    with django_assert_num_queries(ITEM_QUERIES):
        client.get("/search/?q=report&page=2")  # the matches inside reports are on the first page only
    with django_assert_num_queries(2):
        # No hits: the items (on SQLite no keys, so no rows to read), then the reports.
        assert client.get("/search/?q=zzzzqx").status_code == 200


def test_pages_follow_on_without_gaps_or_repeats():
    demo_archive_generate(meetings=60, seed=2)
    everything = [item.pk for item in search_items(user=None, query="partnership")]
    seen, number = [], 1
    while True:
        page = search_page(user=None, query="partnership", number=number, page_size=25)
        seen += [item.pk for item in page.results]
        if not page.has_next:
            break
        number += 1
    assert seen == everything and len(seen) > 25 and page.total == len(everything)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan: ts_headline after the LIMIT")
def test_postgres_computes_headlines_only_for_the_rows_of_the_page():
    """SearchHeadline re-parses each text: it must run for the 21 rows fetched, not every hit.

    PostgreSQL postpones costly SELECT-list expressions past the Sort when a LIMIT follows; the plan
    shows ts_headline in the nodes above the Sort and not in the Sort's input.
    """
    demo_archive_generate(meetings=20, seed=5)
    queryset = search_items(user=None, query="report")[:21]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    sort = next(n for n, line in enumerate(plan) if line.strip().startswith("->  Sort"))
    above, below = "\n".join(plan[:sort]), "\n".join(plan[sort:])
    assert plan[0].startswith("Limit") and "ts_headline" in above
    assert "ts_headline" not in below and "ts_rank" in below
    # The match reads the stored vector (its GIN index, on a table big enough to use it), never a
    # vector built per row.
    assert "to_tsvector" not in "\n".join(plan)


def _plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan: candidates ranked on narrow rows")
@pytest.mark.parametrize("user_kind", ["public", "partner"])
def test_postgres_reads_the_wide_rows_of_the_page_only(user_kind, partner):
    """A page's query ranks its candidates (every match of a word in most items, up to MAX_RANKED)
    from the scan that finds them, joined to visible_items' ids, dates and positions only: the
    search entry, the body and a second read of the vector are for the page's 21 rows, however
    many items match. The flat query joined all of them for every candidate before sorting,
    which grew with the archive (see search_rows)."""
    import json

    demo_archive_generate(meetings=20, seed=5)
    user = partner if user_kind == "partner" else None
    vector_table = "meetings_fullsearchvector" if user_kind == "partner" else "meetings_publicsearchvector"
    candidates = len(search_items(user=user, query="report"))
    assert candidates > 100
    # search_rows' PostgreSQL statement, before it is listed.
    page_rows = _search(user=user, query="report", order=ORDER_BEST, rows=(0, 21))
    sql, params = page_rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes = list(_plan_nodes(plan[0]["Plan"]))

    def rows_read(table, matching=None):
        return sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") == table
                   and (matching is None or matching(json.dumps(n))))

    assert rows_read("meetings_searchentry") <= 21 and rows_read("meetings_body") <= 21
    # The vector: read once by the match (every candidate), and once more for the page's rows only.
    assert rows_read(vector_table, lambda n: "@@" in n) >= candidates
    assert rows_read(vector_table, lambda n: "@@" not in n) <= 21


def test_a_word_in_more_items_than_are_ranked_ranks_the_newest_and_says_so(client, monkeypatch):
    """Past MAX_RANKED hits only the newest (by item id, which follows import order) are ranked, so a
    word in every item costs no more than a rarer one; the last page says the search was cut."""
    import meetings.search

    demo_archive_generate(meetings=10, seed=5)
    matching = sorted((item.pk for item in search_items(user=None, query="partnership")), reverse=True)
    monkeypatch.setattr(meetings.search, "MAX_RANKED", 7)
    ranked = sorted((item.pk for item in search_items(user=None, query="partnership")), reverse=True)
    assert len(matching) > 7 and ranked == matching[:7]
    assert len(list(search_items(user=None, query="partnership", order="newest"))) == 7
    page = client.get("/search/", {"q": "partnership"}).content.decode()
    assert "7 items found" in page and "the 7 most recent matches" in page
