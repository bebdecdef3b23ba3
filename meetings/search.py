"""Search over item titles, minutes and resolutions, among the items the user may see.

On PostgreSQL: full-text search (titles weighted A, minutes B, resolutions C) with a websearch
query, ranking and highlighted snippets from SearchHeadline. On SQLite (development and the default
test run): every word must appear somewhere in the item, newest meetings first, with a snippet cut
around the first match. Both start from `AgendaItem.objects.visible_to(user)`, and the resolutions
searched are only the visible ones, so a restricted item is never a hit for the public.
"""
import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .selectors import meeting_items, visible_resolutions
from .visibility import minute_field, resolution_text_field

SEARCH_CONFIG = "english"
SNIPPET_WORDS = 35
# Markers PostgreSQL puts around matches: control characters that never occur in minutes, so the
# headline can be HTML-escaped first and the markers turned into <mark> afterwards.
_START, _STOP = "\x02", "\x03"


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_items(*, user, query: str) -> QuerySet:
    """Items matching `query` that `user` may see, best first; each has `.snippet` once paged.

    Args:
        user: the request's user.
        query: what the user typed ("fly-tipping", "anti social behaviour", '"hate crime" -Norton').
    Returns:
        A queryset of AgendaItem (meeting and body selected, resolutions and declarations prefetched);
        pass the page's objects to `add_snippets` before display.
    """
    query = (query or "").strip()
    items = meeting_items(user=user)
    if not query:
        return items.none()
    if uses_full_text_search():
        return _postgres_search(items, user=user, query=query)
    return _fallback_search(items, user=user, query=query)


def _resolution_text(user):
    texts = (
        visible_resolutions(user=user).filter(item=OuterRef("pk")).order_by()
        .values("item").annotate(text=StringAgg(resolution_text_field(user), delimiter=" ")).values("text")
    )
    return Coalesce(Subquery(texts), Value(""), output_field=TextField())


def _postgres_search(items: QuerySet, *, user, query: str) -> QuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    minute = minute_field(user)  # the public text for the public: withheld sentences never match
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(minute, weight="B", config=SEARCH_CONFIG)
        + SearchVector("resolution_text", weight="C", config=SEARCH_CONFIG)
    )
    headline_options = {
        "start_sel": _START, "stop_sel": _STOP, "max_words": SNIPPET_WORDS, "min_words": 15,
        "max_fragments": 2, "fragment_delimiter": " … ", "config": SEARCH_CONFIG,
    }
    return (
        items.annotate(resolution_text=_resolution_text(user))
        .annotate(search=vector)
        .filter(search=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            title_headline=SearchHeadline("title", search_query, start_sel=_START, stop_sel=_STOP,
                                          highlight_all=True, config=SEARCH_CONFIG),
            headline=SearchHeadline(minute, search_query, **headline_options),
            resolution_headline=SearchHeadline("resolution_text", search_query, **headline_options),
        )
        .order_by("-rank", "-meeting__date", "position")
    )


def _words(query: str) -> list[str]:
    """The words of a query, without the websearch operators the fallback does not understand."""
    return [w for w in re.findall(r"[\w'’-]+", query) if w.lower() not in {"or", "and"} and w.strip("-")]


def _fallback_search(items: QuerySet, *, user, query: str) -> QuerySet:
    words = _words(query)
    if not words:
        return items.none()
    minute = minute_field(user)  # the public text for the public: withheld sentences never match
    for word in words:
        in_resolutions = visible_resolutions(user=user).filter(
            item=OuterRef("pk"), **{f"{resolution_text_field(user)}__icontains": word}
        )
        items = items.filter(Q(title__icontains=word) | Q(**{f"{minute}__icontains": word}) | Exists(in_resolutions))
    return items.order_by("-meeting__date", "position")


def _highlight_markers(text: str) -> SafeString:
    escaped = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)


def _fallback_snippet(text: str, words: list[str]) -> SafeString:
    """About SNIPPET_WORDS words of `text` around the first match, escaped, matches in <mark>."""
    text = re.sub(r"\s+", " ", text).strip()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
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
    """Give each item of a page `.title_html` and `.snippet` (safe HTML with <mark>ed matches)."""
    items = list(items)
    words = _words(query)
    for item in items:
        if hasattr(item, "headline"):
            item.title_html = _highlight_markers(item.title_headline)
            minute_hit = _START in (item.headline or "")
            item.snippet = _highlight_markers(item.headline if minute_hit or not item.resolution_text
                                              else item.resolution_headline)
            continue
        item.title_html = _fallback_snippet(item.title, words) or escape(item.title)
        item.snippet = _fallback_snippet(item.minute, words)
        if not item.snippet:
            resolutions = " ".join(r.text for r in item.resolutions.all())
            item.snippet = _fallback_snippet(resolutions, words) or escape(" ".join(item.minute.split()[:SNIPPET_WORDS]))
    return items
