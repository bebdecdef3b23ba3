"""The stored search index: every agenda item indexed twice, the text the public may read kept apart.

Searching used to rebuild every item's text vector per query (17-27 s at 10,000 meetings on
PostgreSQL); now each item has a stored entry, refreshed whenever its text can change:

- PostgreSQL: `FullSearchVector` and `PublicSearchVector`, weighted tsvectors (title A, minute B,
  resolutions C; D is free for report text) with GIN indexes, matched with websearch_to_tsquery.
- SQLite: the FTS5 table `meetings_searchentry_fts` (rowid = the item's id), created by migration
  0011 only on SQLite, with the same texts in two sets of columns (`title minute resolutions` and
  `public_title public_minute public_resolutions`); a query names its set in a column filter and
  ranks with bm25 weights in the same proportions.

Two texts per item because the public reads a different text (meetings/redaction.py): the public
one holds the public minute and resolution texts, and nothing at all for a restricted item, so a
withheld sentence or a restricted item cannot match for the public even if a query forgot the
visibility filter (which it does not: rows still come from `AgendaItem.objects.visible_to(user)`).
Publication is not in the index: whether a meeting is seen is decided at query time by visible_to.

How it is kept current (explicit calls, not signals of its own): the index is derived from exactly
what the public-text service reads, so `meetings.redaction.meeting_refresh_public_text_by_id`, which
every write path already calls (the import, undo, the admin through its save signals, queryset
updates through RefreshingUpdateMixin), ends by calling `search_index_refresh` for the meeting, in
the same transaction, after the public text it indexes is stored. One hook cannot be forgotten by a
new path that already has to keep the public text right. Deleting a resolution calls it too (a
post_delete signal in redaction.py); deleting an item deletes its entry (CASCADE, and on SQLite a
trigger removes its FTS row). Bulk writers (meetings/demo.py) call `search_index_refresh()` once
for everything: a few set-based statements, never a row at a time.

Adding report text (weight D) means one more entry in `_PARTS` (and one more pair of FTS columns,
which an FTS5 table can only gain by being rebuilt: a migration recreating it, then
`manage.py rebuild_search_index`).
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models

SEARCH_CONFIG = "english"
FTS_TABLE = "meetings_searchentry_fts"
# bm25 weights of the FTS5 columns, in the proportions PostgreSQL's default weights give A, B and C
# (1.0, 0.4, 0.2): a word in the title counts most, one in a resolution least.
FTS_COLUMNS = ("title", "minute", "resolutions", "public_title", "public_minute", "public_resolutions")
FTS_WEIGHTS = (10.0, 4.0, 2.0, 10.0, 4.0, 2.0)
FULL_COLUMNS, PUBLIC_COLUMNS = FTS_COLUMNS[:3], FTS_COLUMNS[3:]

# (weight, full text SQL, public text SQL) over `items` (the agenda item) and `res` (its resolutions
# aggregated). The public text of a restricted item is empty whatever these say (see _public).
_PARTS = [
    ("A", "items.title", "items.title"),
    ("B", "items.minute", "items.public_minute"),
    ("C", "COALESCE(res.text, '')", "COALESCE(res.public_text, '')"),
]


class SearchEntry(models.Model):
    """The search index row of one agenda item (see the module docstring). Never edited by hand."""

    item = models.OneToOneField(
        "meetings.AgendaItem", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    # The item's resolutions joined, as everyone with restricted access and as the public read them:
    # kept here so a page of results shows a snippet from them without another query.
    resolutions = models.TextField(blank=True)
    public_resolutions = models.TextField(blank=True)

    class Meta:
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self):
        return f"Search entry of item {self.item_id}"


# PostgreSQL only (empty on SQLite, whose FTS5 table holds the text instead); GIN-indexed by
# migration 0011 on PostgreSQL only. One narrow table per text rather than two columns of one wide
# row: finding the newest hits of a common word reads every matching row, and a row holding only
# (item, vector) halves what is read (measured at 10,000 meetings: 24-42 ms instead of 141-188 ms).


class PublicSearchVector(models.Model):
    """The weighted tsvector of an item's public text (empty for a restricted item)."""

    item = models.OneToOneField("meetings.AgendaItem", primary_key=True, on_delete=models.CASCADE,
                                related_name="public_search_vector")
    vector = SearchVectorField()

    def __str__(self):
        return f"{self._meta.verbose_name} of item {self.item_id}"


class FullSearchVector(models.Model):
    """The weighted tsvector of an item's full text (for users who may view restricted items)."""

    item = models.OneToOneField("meetings.AgendaItem", primary_key=True, on_delete=models.CASCADE,
                                related_name="full_search_vector")
    vector = SearchVectorField()

    def __str__(self):
        return f"{self._meta.verbose_name} of item {self.item_id}"


def _public(sql: str) -> str:
    return f"CASE WHEN items.is_restricted THEN '' ELSE {sql} END"


def _where(meeting_ids: list[int] | None, alias: str = "i") -> tuple[str, list]:
    if meeting_ids is None:
        return "1 = 1", []
    return f"{alias}.meeting_id IN ({', '.join(['%s'] * len(meeting_ids))})", list(meeting_ids)


def _source_sql(meeting_ids: list[int] | None) -> tuple[str, list]:
    """WITH items (the items to index) and res (their resolutions, aggregated in position order)."""
    where, params = _where(meeting_ids)
    if connection.vendor == "postgresql":
        agg = "string_agg({0}, E'\\n' ORDER BY r.position)"
    else:
        # SQLite's group_concat has no ORDER BY before 3.44: order the rows in a subquery instead.
        agg = "group_concat({0}, char(10))"
    sql = f"""
        WITH items AS (
            SELECT i.id, i.title, i.minute, i.public_minute, i.is_restricted
            FROM meetings_agendaitem i WHERE {where}
        ), res AS (
            SELECT r.item_id, {agg.format('r.text')} AS text, {agg.format('r.public_text')} AS public_text
            FROM (SELECT * FROM meetings_resolution r0 WHERE r0.item_id IN (SELECT id FROM items)
                  ORDER BY r0.item_id, r0.position) r
            GROUP BY r.item_id
        )"""
    return sql, params


def _vector(parts: list[tuple[str, str]]) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, {text}), '{weight}')" for weight, text in parts
    )


def search_index_refresh(*, meeting_ids: Iterable[int] | None = None) -> None:
    """Recompute the search entries of the items of `meeting_ids` (None: of every item).

    Call after the public text of those meetings is stored (meetings/redaction.py does), in the same
    transaction. Set-based: three statements on either database, whatever the number of items
    (and on PostgreSQL, after a refresh of everything, an ANALYZE of the two vector tables).
    """
    ids = None if meeting_ids is None else sorted(set(meeting_ids))
    if ids == []:
        return
    source, params = _source_sql(ids)
    public_resolutions = _public("COALESCE(res.public_text, '')")
    with connection.cursor() as cursor:
        cursor.execute(f"""{source}
            INSERT INTO meetings_searchentry (item_id, resolutions, public_resolutions)
            SELECT items.id, COALESCE(res.text, ''), {public_resolutions}
            FROM items LEFT JOIN res ON res.item_id = items.id WHERE 1 = 1
            ON CONFLICT (item_id) DO UPDATE SET resolutions = excluded.resolutions,
                public_resolutions = excluded.public_resolutions""", params)
        if connection.vendor == "postgresql":
            full = _vector([(w, f) for w, f, _p in _PARTS])
            public = f"CASE WHEN items.is_restricted THEN ''::tsvector ELSE {_vector([(w, p) for w, _f, p in _PARTS])} END"
            for table, vector in (("meetings_publicsearchvector", public), ("meetings_fullsearchvector", full)):
                cursor.execute(f"""{source}
                    INSERT INTO {table} (item_id, vector)
                    SELECT items.id, {vector} FROM items LEFT JOIN res ON res.item_id = items.id
                    ON CONFLICT (item_id) DO UPDATE SET vector = EXCLUDED.vector""", params)
            if ids is None:
                # Every vector was just written: without fresh statistics the planner guesses a common
                # word ("report", in 105,000 of 130,000 items) matches ~5,000 and reads every match
                # through the GIN index (226 ms at 10,000 meetings) instead of walking the primary key
                # backwards to the newest MAX_RANKED (16 ms). Autovacuum would get there, later.
                cursor.execute("ANALYZE meetings_publicsearchvector, meetings_fullsearchvector")
            return
        # SQLite: the FTS5 row, replaced.
        where, params = _where(ids)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT i.id FROM meetings_agendaitem i WHERE {where})",
                       params)
        cursor.execute(f"""
            INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)})
            SELECT i.id, i.title, i.minute, e.resolutions,
                CASE WHEN i.is_restricted THEN '' ELSE i.title END,
                CASE WHEN i.is_restricted THEN '' ELSE i.public_minute END, e.public_resolutions
            FROM meetings_agendaitem i JOIN meetings_searchentry e ON e.item_id = i.id WHERE {where}""", params)


def search_index_rebuild() -> int:
    """Drop every entry and index every item again (`manage.py rebuild_search_index`). Returns the count."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_searchentry")
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM meetings_publicsearchvector")
            cursor.execute("DELETE FROM meetings_fullsearchvector")
        else:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    search_index_refresh()
    return SearchEntry.objects.count()
