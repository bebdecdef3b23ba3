"""Search over item titles, minutes and resolutions, among the items the user may see.

Matching reads the stored index (meetings/search_index.py), never the items' text per query:
- PostgreSQL: the item's weighted tsvector (title A, minute B, resolutions C) matched with
  websearch_to_tsquery through its GIN index, ranked with ts_rank, and SearchHeadline snippets.
- SQLite: the FTS5 table, with the same query language translated (`fts5_query`), ranked by bm25
  with column weights; snippets cut in Python from the page's rows.

Both pick the index's text by the user's permission (the public one: public minute and resolution
text, nothing for a restricted item) and take their rows from `AgendaItem.objects.visible_to(user)`,
so publication and restriction are decided by the one visibility method.

A page is one query on PostgreSQL, two on SQLite (`search_page`, `search_rows`): page_size + 1 rows
are fetched to know whether a next page exists, and no full count is run; snippets are computed for
the rows of that page only (PostgreSQL postpones SearchHeadline until after the sort and LIMIT: a test
checks the plan).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .search_index import FTS_TABLE, FULL_COLUMNS, PUBLIC_COLUMNS, SEARCH_CONFIG, FullSearchVector, PublicSearchVector
from .selectors import rows_in_order, visible_items
from .visibility import can_view_restricted, minute_field

SNIPPET_WORDS = 35
# A word in most items ("report") would have every one of its hits ranked: the newest MAX_RANKED
# hits are ranked instead (by item id, which follows import order), which keeps a page in
# milliseconds at any size. Rarer words never reach it; the page says when a search did.
MAX_RANKED = 2000
MAX_PAGE = 1000  # deeper pages are refused: no reader goes there, and an offset past it costs the server
ORDER_BEST, ORDER_NEWEST = "best", "newest"
ORDERS = {ORDER_BEST: "Best match", ORDER_NEWEST: "Newest first"}
# Markers PostgreSQL puts around matches: control characters that never occur in minutes, so the
# headline can be HTML-escaped first and the markers turned into <mark> afterwards.
_START, _STOP = "\x02", "\x03"


def uses_full_text_search() -> bool:
    """True on PostgreSQL (stemming, websearch syntax, SearchHeadline); SQLite's FTS5 understands
    the same syntax through `fts5_query`."""
    return connection.vendor == "postgresql"


def search_items(*, user, query: str, order: str = ORDER_BEST) -> QuerySet:
    """Items matching `query` that `user` may see, best (or newest) first.

    Args:
        user: the request's user.
        query: what the user typed ("fly-tipping", "anti social behaviour", '"hate crime" -Norton').
        order: ORDER_BEST (rank, then newest) or ORDER_NEWEST (date, then rank).
    Returns:
        A queryset of AgendaItem (meeting, body and search entry selected); slice it, then pass the
        rows to `add_snippets` before display. Never count it: `search_page` knows what a page needs.
        For one page, `search_rows` gives the same rows for less work.
    """
    return _search(user=user, query=query, order=order)


def search_rows(*, user, query: str, start: int, stop: int, order: str = ORDER_BEST) -> list:
    """Rows [start:stop] of `search_items(user=user, query=query, order=order)`, in its order, as a list.

    Both databases rank the candidates (up to MAX_RANKED) on narrow rows first and read the wide rows
    (texts, the search entry, the body, headlines) for the page's rows alone: carrying every
    candidate's texts through the sort grew with the number of candidates, and a word in 300 items at
    1,000 meetings is in 3,000 at 10,000, of which the newest 2,000 are ranked.
    - PostgreSQL, one query: the rank is computed in the scan that finds the newest matches, where
      their vectors are already read, and only the item id, its meeting's date and its position are
      joined to it (through `visible_items`, so visibility is still decided there); the page's rows
      are then ranked again, 20 vectors (measured at 10,000 meetings: 29 -> 16 ms for "domestic abuse").
    - SQLite, two queries (`_sqlite_rows`): the page's keys with their bm25 rank, then its rows by key.
      One statement would run bm25 twice, and bm25 reads every match of each word for its IDF before
      ranking any (5 ms for "report" at 10,000 meetings), so the rank is carried from the first query.
    """
    if start < 0 or stop < start:
        raise ValueError("rows must be a forward range from 0")
    if not uses_full_text_search():
        return _sqlite_rows(user=user, query=query, order=order, start=start, stop=stop)
    return list(_search(user=user, query=query, order=order, rows=(start, stop)))


def _search_base(user) -> QuerySet:
    """The items `user` may see, with what a result shows selected and what it never shows deferred."""
    return (
        visible_items(user=user)
        .select_related("meeting__body", "search_entry")
        .defer("meeting__source_text",
               # The public never loads the full resolution text (as visible_to defers the minute).
               *(() if can_view_restricted(user) else ("search_entry__resolutions",)))
    )


def _search(*, user, query: str, order: str, rows: tuple[int, int] | None = None) -> QuerySet:
    query = (query or "").strip()
    items = _search_base(user)
    if not query:
        return items.none()
    if uses_full_text_search():
        items = _postgres_search(items, user=user, query=query, order=order, rows=rows)
    else:
        items = _sqlite_search(items, user=user, query=query)
        if items is None:
            return visible_items(user=user).none()
    return items.order_by(*_ordering(order))


def _sqlite_rows(*, user, query: str, order: str, start: int, stop: int) -> list:
    """Rows [start:stop] on SQLite: the keys and ranks of the page from the ranked candidates read on
    narrow rows (the item's id, meeting, restriction and position come from an index: the table's
    copy lies past the minute), then the wide rows of those keys alone, each given its rank."""
    ranked = _sqlite_search(visible_items(user=user), user=user, query=query or "")
    if ranked is None:  # nothing to find (fts5_query: no words, or only excluded ones)
        return []
    keys = list(ranked.order_by(*_ordering(order)).values_list("pk", "rank")[start:stop])
    if not keys:
        return []
    ranks = dict(keys)
    # From visible_items again: an item withdrawn between the two queries is simply not on the page.
    rows = rows_in_order(_search_base(user), [pk for pk, _rank in keys])
    for row in rows:
        row.rank = ranks[row.pk]
    return rows


def _ordering(order: str) -> tuple[str, ...]:
    # The item's id last: two meetings of a day share positions, and pages must follow on exactly.
    if order == ORDER_NEWEST:
        return ("-meeting__date", "position", "pk")
    return (("-rank",) if uses_full_text_search() else ("rank",)) + ("-meeting__date", "position", "pk")


def _resolutions_field(user) -> str:
    return "search_entry__resolutions" if can_view_restricted(user) else "search_entry__public_resolutions"


def _postgres_search(items: QuerySet, *, user, query: str, order: str, rows: tuple[int, int] | None) -> QuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    # The public vector for the public: built from the public text, empty for a restricted item.
    model = FullSearchVector if can_view_restricted(user) else PublicSearchVector
    vector = f"{model._meta.get_field('item').remote_field.related_name}__vector"
    headline_options = {
        "start_sel": _START, "stop_sel": _STOP, "max_words": SNIPPET_WORDS, "min_words": 15,
        "max_fragments": 2, "fragment_delimiter": " … ", "config": SEARCH_CONFIG,
    }
    resolutions = _resolutions_field(user)
    # The newest MAX_RANKED matches by the index alone (a backward scan of its primary key for a
    # common word, the GIN index for a rare one), then ranked and checked for visibility.
    newest = model.objects.filter(vector=search_query).order_by("-item_id")
    if rows is None:
        # The match is the subquery's alone: repeating it here would scan the GIN index twice.
        items = items.filter(pk__in=newest.values("item_id")[:MAX_RANKED])
    else:
        items = items.filter(pk__in=_ranked_ids(newest, user=user, search_query=search_query, order=order, rows=rows))
    return items.annotate(
        # The same expression as the candidates' rank in _ranked_ids, so the page sorts as they did.
        rank=SearchRank(F(vector), search_query),
        # Headlines are costly (ts_headline re-parses the text): PostgreSQL evaluates them after the
        # ORDER BY and LIMIT, for the page's rows only (tests/public/test_search_scale.py checks the plan).
        title_headline=SearchHeadline("title", search_query, start_sel=_START, stop_sel=_STOP,
                                      highlight_all=True, config=SEARCH_CONFIG),
        headline=SearchHeadline(minute_field(user), search_query, **headline_options),
        resolution_headline=SearchHeadline(resolutions, search_query, **headline_options),
    )


def _ranked_ids(newest: QuerySet, *, user, search_query, order: str, rows: tuple[int, int]) -> RawSQL:
    """The ids of rows [start:stop] of the ranked candidates, sorted on narrow rows (see search_rows).

    Two querysets compiled into one statement: the candidates (item id and rank, from the scan of the
    vectors that finds them) joined to `visible_items(user)` reduced to id, date and position. The
    ORM cannot join a subquery; the SQL and parameters are the querysets' own, nothing is spliced in
    but their aliases and two integers.
    """
    start, stop = rows
    candidates = newest.values(s_id=F("item_id"), s_rank=SearchRank(F("vector"), search_query))[:MAX_RANKED]
    visible = visible_items(user=user).order_by().values(
        s_id=F("pk"), s_date=F("meeting__date"), s_position=F("position"))
    candidates_sql, candidates_params = candidates.query.sql_with_params()
    visible_sql, visible_params = visible.query.sql_with_params()
    order_sql = "v.s_date DESC, v.s_position ASC, v.s_id ASC"
    if order != ORDER_NEWEST:
        order_sql = "c.s_rank DESC, " + order_sql
    return RawSQL(
        f"SELECT v.s_id FROM ({candidates_sql}) c INNER JOIN ({visible_sql}) v ON v.s_id = c.s_id "
        f"ORDER BY {order_sql} LIMIT {int(stop) - int(start)} OFFSET {int(start)}",
        (*candidates_params, *visible_params),
    )


# --- SQLite: the websearch syntax in FTS5 terms ----------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# PostgreSQL's `english` text search configuration drops these words from a query (its english.stop,
# Snowball's list), so "police and crime commissioner" needs no "and". SQLite's FTS5 keeps every word:
# dropped here from unquoted words, the two databases find the same items, and FTS5 no longer reads
# the list of every item holding "and" (nearly all of them) to weigh it for bm25.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should now
""".split())


@dataclass
class _Parsed:
    groups: list[list[str]] = field(default_factory=list)  # OR-groups of phrases, ANDed together
    excluded: list[str] = field(default_factory=list)


def _parse(query: str) -> _Parsed:
    """websearch_to_tsquery's language: words, "quoted phrases", `or` between terms, -exclusion."""
    parsed, pending_or = _Parsed(), False
    for match in _TOKEN.finditer(query):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.lower() == "or":
                pending_or = bool(parsed.groups)
                continue
            negated, text = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        else:
            text = quoted
        words = _WORD.findall(text)  # "fly-tipping" is the phrase "fly tipping", as the tokenizer reads it
        if bare is not None:  # a quoted phrase keeps its words: they say how its other words stand
            words = [word for word in words if word.lower() not in STOP_WORDS]
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'  # quoted: no word is read as an FTS5 operator
        if negated:
            parsed.excluded.append(phrase)
        elif pending_or:
            parsed.groups[-1].append(phrase)
        else:
            parsed.groups.append([phrase])
        pending_or = False
    return parsed


def fts5_query(query: str, columns) -> str | None:
    """An FTS5 MATCH expression for `query` over `columns`, or None when nothing is left to find
    (only excluded words: FTS5 cannot match "everything but", and a list of everything helps no one)."""
    parsed = _parse(query)
    if not parsed.groups:
        return None
    expression = " AND ".join("(" + " OR ".join(group) + ")" for group in parsed.groups)
    for phrase in parsed.excluded:
        expression = f"({expression}) NOT {phrase}"
    return "{" + " ".join(columns) + "} : (" + expression + ")"


def _sqlite_search(items: QuerySet, *, user, query: str) -> QuerySet | None:
    columns = FULL_COLUMNS if can_view_restricted(user) else PUBLIC_COLUMNS
    match = fts5_query(query, columns)
    if match is None:
        return None
    # extra(): the ORM has no join to a virtual table. The FTS table drives the join (MATCH is its
    # cheapest plan) and each hit finds its item by primary key; `rank` is the table's bm25 with the
    # column weights set by migration 0011 (lower is better).
    # Only the newest MAX_RANKED matches: FTS5 walks a MATCH in rowid order and seeks to a rowid
    # bound, so the bound costs MAX_RANKED steps and the join then ranks no more than that.
    newest_bound = (f'COALESCE((SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %s '
                    f"ORDER BY rowid DESC LIMIT 1 OFFSET {MAX_RANKED - 1}), 0)")
    return items.extra(
        tables=[FTS_TABLE],
        where=[f'"{FTS_TABLE}".rowid = "meetings_agendaitem"."id"', f'"{FTS_TABLE}" MATCH %s',
               f'"{FTS_TABLE}".rowid >= {newest_bound}'],
        params=[match, match],
        select={"rank": f'"{FTS_TABLE}".rank'},
    )


# --- A page of results -----------------------------------------------------------------------------


@dataclass
class SearchPage:
    """One page of results, found with one query: no total, but whether there is a next page."""

    number: int
    page_size: int
    results: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.results) - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def capped(self) -> bool:
        """True when the search reached MAX_RANKED hits: only the newest of them were ranked."""
        return self.total is not None and self.total >= MAX_RANKED

    @property
    def total(self) -> int | None:
        """The number of results when this page shows the last of them, else None (not counted)."""
        return None if self.has_next else self.start_index - 1 + len(self.results)


def search_page(*, user, query: str, number: int = 1, page_size: int = 20, order: str = ORDER_BEST) -> SearchPage:
    """Page `number` of the results for `query`: one query of page_size + 1 rows, snippets added.

    Raises:
        ValueError: `number` is below 1, or past the last page (a page with no results, but page 1).
    """
    if not 1 <= number <= MAX_PAGE:
        raise ValueError("no such page")
    start = (number - 1) * page_size
    rows = list(search_rows(user=user, query=query, order=order, start=start, stop=start + page_size + 1))
    if not rows and number > 1:
        raise ValueError("no such page")
    return SearchPage(number=number, page_size=page_size, has_next=len(rows) > page_size,
                      results=add_snippets(rows[:page_size], query=query))


def run_search_queries(client_or_user, queries, *, page_size: int = 20, cold: bool = True) -> list[tuple[str, float, int]]:
    """Run the first page of each query; (query, seconds, results shown) for each.

    For benchmarks (benchmarks/bench_search.py; bench_scale.py may import it). Pass a Django test
    `Client` to time the whole search page (view and template), or a user (AnonymousUser for the
    public) to time `search_page` alone. Results are the hits on the page (page_size at most).
    `cold`: empty the cache before each request (untimed), or the public's pages after the first
    come from the anonymous page cache (ssp_archive/anonymous_cache.py) and time nothing of search.
    """
    import time

    from django.core.cache import caches

    timings = []
    for query in queries:
        if cold:
            caches["default"].clear()
        started = time.perf_counter()
        if hasattr(client_or_user, "get") and hasattr(client_or_user, "force_login"):
            response = client_or_user.get("/search/", {"q": query})
            assert response.status_code == 200, (query, response.status_code)
            shown = response.content.count(b'<li class="ssp-item">')
        else:
            shown = len(search_page(user=client_or_user, query=query, page_size=page_size).results)
        timings.append((query, time.perf_counter() - started, shown))
    return timings


# --- Snippets --------------------------------------------------------------------------------------


def _words(query: str) -> list[str]:
    """The words of a query to highlight (not the excluded ones, nor the `or` operator)."""
    parsed = _parse(query)
    return [w for group in parsed.groups for phrase in group for w in _WORD.findall(phrase)]


def _highlight_markers(text: str) -> SafeString:
    escaped = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)


def _word_pattern(words: list[str]) -> re.Pattern:
    # FTS5's porter stemmer matches "presented" for "presenting": highlight the words that share
    # the query word's stem, roughly (its common English endings cut off).
    stems = {re.sub(r"(ing|ed|es|s)$", "", w) if len(w) > 4 else w for w in words}
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + r")\w*",
                      re.IGNORECASE)


def _fallback_snippet(text: str, words: list[str]) -> SafeString:
    """About SNIPPET_WORDS words of `text` around the first match, escaped, matches in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not words or not text:
        return mark_safe("")
    pattern = _word_pattern(words)
    match = pattern.search(text)
    if not match:
        return mark_safe("")
    tokens = text.split(" ")
    at = len(text[: match.start()].split(" ")) - 1
    start = max(0, at - SNIPPET_WORDS // 3)
    chosen = " ".join(tokens[start:start + SNIPPET_WORDS])
    marked = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", chosen)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return _highlight_markers(f"{prefix}{marked}{suffix}")


def add_snippets(items, *, query: str) -> list:
    """Give each item of a page `.title_html` and `.snippet` (safe HTML with <mark>ed matches).

    Reads only what the rows carry (the headlines, or the minute and the search entry's resolution
    text the user may read): no query.
    """
    items = list(items)
    words = _words(query)
    for item in items:
        # Selected with the row (select_related); an item from elsewhere has none here: no query.
        entry = item._state.fields_cache.get("search_entry")
        # The full text was loaded only for users who may read it (search_items defers it otherwise).
        resolutions = "" if entry is None else (
            entry.resolutions if "resolutions" in entry.__dict__ else entry.public_resolutions)
        if hasattr(item, "headline"):
            item.title_html = _highlight_markers(item.title_headline)
            minute_hit = _START in (item.headline or "")
            item.snippet = _highlight_markers(item.headline if minute_hit or not resolutions
                                              else item.resolution_headline)
            continue
        item.title_html = _fallback_snippet(item.title, words) or escape(item.title)
        item.snippet = (_fallback_snippet(item.minute, words) or _fallback_snippet(resolutions, words)
                        or escape(" ".join((item.minute or "").split()[:SNIPPET_WORDS])))
    return items

