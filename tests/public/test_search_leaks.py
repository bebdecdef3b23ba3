"""Search as an attacker: canary words found only in restricted items, withheld sentences and meetings
awaiting review are never hits, counts or snippets for the public, whatever the query syntax tries;
partners find the restricted ones, officers the unpublished ones.
"""
import pytest
from django.db import connection

from meetings.models import SearchEntry
from meetings.search import fts5_query, search_items, search_page, search_rows
from meetings.search_index import FTS_TABLE, PUBLIC_COLUMNS

from .conftest import CANARY_TITLE, DECLARANT, PENDING_RESTRICTED_TITLE, PENDING_TITLE, add_declaration_canaries

pytestmark = pytest.mark.django_db

# Words only in the restricted canary item (title, minute, resolution), only in a withheld sentence
# of a public item ("Hollowmere Quistbury declared ... item 3 - Operation Kestrelwing ..."), or only
# in the meeting awaiting review.
RESTRICTED_WORDS = ["Kestrelwing", "Quillfeather", "Marmadukeplan", "Zarquon"]
WITHHELD_WORDS = ["Hollowmere", "Quistbury", "prejudicial"]
PENDING_WORDS = ["Wrenthorpe", "Sablewick", "Tarrowgate"]
# Query syntax that must not reach past the public text: FTS5 column filters and operators, websearch
# operators, wildcards, quotes left open, and SQL.
HOSTILE = [
    "{word}", '"{word}"', "{word}*", "title:{word}", "minute:{word}", "{{title minute}} : {word}",
    "resolutions:{word}", "NEAR({word} briefing)", "report OR {word}", "crime or {word}", '"{word}',
    "{word} -zebra", "-zebra {word}", "{word}' OR '1'='1", "{word}) OR (report", "^{word}", "{word}:*",
]


@pytest.fixture
def full_archive(archive, pending):
    add_declaration_canaries(archive)
    return archive


def queries(words):
    return [pattern.format(word=word) for word in words for pattern in HOSTILE]


def public_text_of(client, query) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, query
    return response.content.decode()


def results_block(html: str) -> str:
    """The list of hits on a search page (the query itself is echoed elsewhere: box and status line)."""
    start = html.find('<ol class="govuk-list ssp-results"')
    return "" if start < 0 else html[start:html.index("</ol>", start)]


def test_restricted_withheld_and_pending_words_are_never_found_by_the_public(client, full_archive):
    for query in queries(RESTRICTED_WORDS + WITHHELD_WORDS + PENDING_WORDS):
        found = [item.title for item in search_items(user=None, query=query)]
        assert CANARY_TITLE not in found and PENDING_TITLE not in found and PENDING_RESTRICTED_TITLE not in found, query
        if "report" not in query and "crime" not in query:  # nothing but the canary word to find
            assert found == [], query
        hits = results_block(public_text_of(client, query))
        for word in RESTRICTED_WORDS + WITHHELD_WORDS + PENDING_WORDS + [DECLARANT]:
            assert word not in hits, (query, word)


def test_public_hits_for_a_canary_word_alone_are_none_and_counted_as_none(client, full_archive):
    for word in RESTRICTED_WORDS + WITHHELD_WORDS + PENDING_WORDS:
        page = search_page(user=None, query=word)
        assert page.results == [] and page.total == 0 and not page.has_next, word
        assert "No items found" in public_text_of(client, word)


def test_a_common_word_finds_public_items_with_no_canary_in_their_snippets(client, full_archive):
    """"interest" is in the public declarations minute, whose sentence about the canary is withheld."""
    page = search_page(user=None, query="interest declared")
    assert [item.title for item in page.results] == ["Declarations of interest"]
    html = public_text_of(client, "interest declared")
    for word in RESTRICTED_WORDS + WITHHELD_WORDS + PENDING_WORDS:
        assert word not in html


def test_partners_find_restricted_items_and_withheld_sentences_but_not_pending_meetings(partner, full_archive):
    for word in RESTRICTED_WORDS:
        assert CANARY_TITLE in [i.title for i in search_items(user=partner, query=word)], word
    for word in ("Hollowmere", "Quistbury"):
        assert "Declarations of interest" in [i.title for i in search_items(user=partner, query=word)], word
    for word in PENDING_WORDS:
        assert search_page(user=partner, query=word).results == [], word
    [hit] = search_page(user=partner, query="Quillfeather").results
    assert "<mark>Quillfeather</mark>" in hit.snippet


def test_officers_find_the_meeting_awaiting_review(officer, full_archive):
    assert PENDING_TITLE in [i.title for i in search_items(user=officer, query="Wrenthorpe")]
    assert PENDING_RESTRICTED_TITLE in [i.title for i in search_items(user=officer, query="Sablewick")]


def test_a_page_of_rows_is_the_ranked_list_cut_for_every_kind_of_reader(full_archive, partner, officer):
    """`search_rows` (a page's query: on PostgreSQL, candidates ranked on narrow rows joined to
    visible_items, then the page's rows read) gives exactly the rows of `search_items` for each
    reader: the public, a signed-in user who is no partner, a partner, and an officer (who also
    sees the meeting awaiting review, as in a preview); never a row the flat query would not give."""
    from django.contrib.auth.models import User

    signed_in = User.objects.create_user("resident")
    words = RESTRICTED_WORDS + WITHHELD_WORDS + PENDING_WORDS + ["report", "crime", "interest declared"]
    for user in (None, signed_in, partner, officer):
        for query in words + queries(["Kestrelwing", "Wrenthorpe"]):
            for order in ("best", "newest"):
                everything = [i.pk for i in search_items(user=user, query=query, order=order)]
                for start, stop in ((0, 21), (1, 3), (2, 40)):
                    rows = [i.pk for i in search_rows(user=user, query=query, order=order, start=start, stop=stop)]
                    assert rows == everything[start:stop], (user, query, order, start)
        titles = {i.title for w in words for i in search_rows(user=user, query=w, start=0, stop=100)}
        assert (CANARY_TITLE in titles) == (user in (partner, officer)), user
        assert (PENDING_TITLE in titles) == (user == officer), user
        assert (PENDING_RESTRICTED_TITLE in titles) == (user == officer), user


def test_the_public_index_holds_nothing_of_a_restricted_item(full_archive):
    """Defence in depth: even a query that forgot visible_to could not match a restricted item for the
    public, because its public text in the index is empty."""
    entry = SearchEntry.objects.get(item=full_archive.canary)
    assert entry.public_resolutions == "" and "Marmadukeplan" in entry.resolutions
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT p.vector::text, f.vector::text FROM meetings_publicsearchvector p "
                           "JOIN meetings_fullsearchvector f USING (item_id) WHERE item_id = %s", [full_archive.canary.pk])
            public, full = cursor.fetchone()
        assert public == "" and "kestrelw" in full
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(PUBLIC_COLUMNS)}, title FROM {FTS_TABLE} WHERE rowid = %s",
                           [full_archive.canary.pk])
            *public, title = cursor.fetchone()
        assert public == ["", "", ""] and title == CANARY_TITLE
        # The whole public text of every item: no withheld sentence in it.
        cursor = connection.cursor()
        cursor.execute(f"SELECT {' || '.join(PUBLIC_COLUMNS)} FROM {FTS_TABLE}")
        assert not any(w in row[0] for row in cursor.fetchall() for w in RESTRICTED_WORDS + WITHHELD_WORDS)


def test_the_sqlite_query_quotes_every_word_and_names_the_public_columns():
    """No word of the query is read as an FTS5 operator or column name: each is a quoted phrase."""
    query = fts5_query('title:Kestrelwing "hate crime" -Norton', PUBLIC_COLUMNS)
    assert query == ('{public_title public_minute public_resolutions} : '
                     '((("title Kestrelwing") AND ("hate crime")) NOT "Norton")')
    assert fts5_query("-Norton", PUBLIC_COLUMNS) is None and fts5_query('"" ', PUBLIC_COLUMNS) is None
    assert fts5_query("burglary or robbery", PUBLIC_COLUMNS).endswith('("burglary" OR "robbery"))')
