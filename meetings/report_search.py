"""Search inside reports: the pages of the reports a user may see that match a query, one hit per report.

The index is kept by the database (migration 0012_reports_search_index): on PostgreSQL a
`search_vector` per page (report title weight A, page text D) with a GIN index, queried with
`websearch_to_tsquery` and shown with `ts_headline`; on SQLite an FTS5 table (porter stemming) queried
with every word required. Both start from `Report.objects.visible_to(user)`, so a restricted report's
text is searchable only by those who may see the report.
"""
from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .reports.models import Report, ReportPage
from .search import STOP_WORDS

SEARCH_CONFIG = "english"
RESULTS = 10
SNIPPET_WORDS = 30
_START, _STOP = "\x02", "\x03"  # match markers: escaped text first, then turned into <mark>


def visible_pages(*, user):
    """Pages of the reports `user` may see, with their report, item, meeting and body selected."""
    return (
        ReportPage.objects.filter(report__in=Report.objects.visible_to(user))
        .select_related("report__item__meeting__body")
        .defer("report__item__minute", "report__item__public_minute", "report__item__meeting__source_text",
               "search_vector")
    )


def _words(query: str) -> list[str]:
    # The words PostgreSQL's `english` configuration drops are dropped on SQLite too (as for the items'
    # search), so "police and the crime" finds the same pages on both; `or` is among them.
    return [w for w in re.findall(r"\w+", query) if w.lower() not in STOP_WORDS]


def search_reports(*, user, query: str, limit: int = RESULTS) -> list[ReportPage]:
    """The best page of each of up to `limit` visible reports matching `query`, each with `.snippet`
    (safe HTML, matches in <mark>).

    Args:
        user: the request's user.
        query: what the user typed (the same box as the item search).
    """
    query = (query or "").strip()
    if not query or not _words(query):
        return []
    if connection.vendor == "postgresql":
        return _postgres(user, query, limit)
    return _sqlite(user, query, limit)


def _one_per_report(pages, limit: int) -> list[ReportPage]:
    chosen, seen = [], set()
    for page in pages:
        if page.report_id not in seen:
            seen.add(page.report_id)
            chosen.append(page)
            if len(chosen) == limit:
                break
    return chosen


def _postgres(user, query: str, limit: int) -> list[ReportPage]:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    ranked = (
        visible_pages(user=user).filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-report__item__meeting__date", "report_id", "number")
        .values_list("pk", "report_id")[: limit * 20]
    )
    best = {}
    for pk, report_id in ranked:
        best.setdefault(report_id, pk)
        if len(best) == limit:
            break
    order = list(best.values())
    # The headline only for the rows shown: ts_headline re-reads the whole page text.
    rows = visible_pages(user=user).filter(pk__in=order).annotate(headline=SearchHeadline(
        "text", search_query, config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP,
        max_words=SNIPPET_WORDS, min_words=10, max_fragments=2, fragment_delimiter=" … ",
    ))
    by_pk = {row.pk: row for row in rows}
    pages = [by_pk[pk] for pk in order if pk in by_pk]
    for page in pages:
        page.snippet = _marked(page.headline) if _START in (page.headline or "") else escape(page.headline or "")
    return pages


def _fts_query(query: str) -> str:
    # Each word quoted: FTS5's own operators and punctuation in what a resident types are never syntax.
    return " ".join(f'"{word}"' for word in _words(query))


def _sqlite(user, query: str, limit: int) -> list[ReportPage]:
    matching = RawSQL(
        "SELECT rowid FROM meetings_reportpage_fts WHERE meetings_reportpage_fts MATCH %s", [_fts_query(query)]
    )
    pages = (
        visible_pages(user=user).filter(pk__in=matching)
        .order_by("-report__item__meeting__date", "report_id", "number")[: limit * 20]
    )
    chosen = _one_per_report(pages, limit)
    for page in chosen:
        page.snippet = _snippet(page.text, _words(query))
    return chosen


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _snippet(text: str, words: list[str]) -> SafeString:
    """About SNIPPET_WORDS words around the first word found (as a word start: stems match), escaped."""
    tokens = text.split()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w[:max(4, len(w) - 2)]) for w in words) + r")\w*", re.IGNORECASE)
    at = next((index for index, token in enumerate(tokens) if pattern.search(token)), 0)
    start = max(0, at - SNIPPET_WORDS // 3)
    chosen = " ".join(tokens[start:start + SNIPPET_WORDS])
    marked = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", chosen)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return _marked(f"{prefix}{marked}{suffix}")
