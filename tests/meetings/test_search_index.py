"""The stored search index stays current on every write path: import, replace, undo, admin edits of
items and resolutions, restriction, publication, deletion, bulk demo writes and the rebuild command.

Each test changes the archive the way an officer or the import would, then searches as the public
and as a partner (SQLite's FTS5 or PostgreSQL's stored vectors, whichever the run uses).
"""
import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from meetings.demo import demo_archive_generate
from meetings.imports import minutes_import
from meetings.imports.undo import import_undo
from meetings.models import AgendaItem, FullSearchVector, Meeting, PublicSearchVector, Resolution, SearchEntry
from meetings.publication import items_set_restricted, meeting_publish, meeting_unpublish
from meetings.search import search_items
from meetings.search_index import FTS_TABLE
from tests.factories import (
    AgendaItemFactory,
    ParsedItemFactory,
    ParsedMinutesFactory,
    ParsedResolutionFactory,
    ResolutionFactory,
    minutes_document,
    user_in_group,
)

pytestmark = pytest.mark.django_db

PUBLIC = AnonymousUser()


@pytest.fixture
def partner_user(db):
    return user_in_group("Partners", username="partner")


@pytest.fixture
def officer_user(db):
    return user_in_group("Democratic services", username="officer", staff=True)


def hits(user, query) -> list[str]:
    return [item.title for item in search_items(user=user, query=query)]


def imported(*items, date=dt.date(2020, 1, 28), filename="minutes.txt", replace=False, publish=True):
    document = minutes_document(ParsedMinutesFactory(date=date, items=items), filename=filename)
    meeting = minutes_import(document=document, replace=replace).meeting
    if publish:
        meeting_publish(meeting=meeting, user=None)
    return meeting


# --- The import and its undo -------------------------------------------------------------------------


def test_an_import_is_searchable_at_once_and_a_replace_swaps_its_words():
    """Imported rows are bulk-created (no signals): the import indexes them in its transaction."""
    imported(ParsedItemFactory(title="Wexcombe bridge repairs", text="The Wexcombe bridge was inspected.",
                               resolutions=(ParsedResolutionFactory(text="the Ravelstone plan be approved."),)))
    assert hits(PUBLIC, "Wexcombe") == ["Wexcombe bridge repairs"]
    assert hits(PUBLIC, "Ravelstone") == ["Wexcombe bridge repairs"]  # resolution text

    meeting = imported(ParsedItemFactory(title="Corrected item", text="Nothing about bridges.", resolutions=()),
                       filename="second.txt", replace=True)
    assert hits(PUBLIC, "Wexcombe") == [] and hits(PUBLIC, "Ravelstone") == []
    assert hits(PUBLIC, "corrected") == ["Corrected item"]
    assert SearchEntry.objects.filter(item__meeting=meeting).count() == 1


def test_undoing_a_replace_brings_the_old_words_back_and_takes_the_new_away(officer_user):
    imported(ParsedItemFactory(title="Original Thornquist item", text="Thornquist minute."))
    meeting = imported(ParsedItemFactory(title="Replacement Vellamy item", text="Vellamy minute."),
                       filename="second.txt", replace=True)
    assert hits(officer_user, "Vellamy") == ["Replacement Vellamy item"]

    import_undo(meeting=meeting, user=officer_user)

    assert hits(officer_user, "Vellamy") == []
    assert hits(officer_user, "Thornquist") == ["Original Thornquist item"]


def test_undoing_an_import_that_created_the_meeting_leaves_nothing_to_find(officer_user):
    meeting = imported(ParsedItemFactory(title="Short-lived Quenby item"))
    import_undo(meeting=meeting, user=officer_user)
    assert hits(officer_user, "Quenby") == [] and not SearchEntry.objects.exists()


# --- Restriction and publication ------------------------------------------------------------------------


def test_restricting_an_item_hides_it_from_public_search_and_unrestricting_shows_it_again(partner_user):
    item = AgendaItemFactory(title="Harrowdene estate update", minute="The Harrowdene estate was discussed.")
    ResolutionFactory(item=item, text="the Lanterby scheme be funded.")
    assert hits(PUBLIC, "Harrowdene") == hits(PUBLIC, "Lanterby") == ["Harrowdene estate update"]

    items_set_restricted(items=[item], restricted=True, user=None)
    assert hits(PUBLIC, "Harrowdene") == [] and hits(PUBLIC, "Lanterby") == []
    assert hits(partner_user, "Harrowdene") == hits(partner_user, "Lanterby") == ["Harrowdene estate update"]

    items_set_restricted(items=[item], restricted=False, user=None)
    assert hits(PUBLIC, "Lanterby") == ["Harrowdene estate update"]


def test_restricting_an_item_withholds_the_sentence_naming_it_in_another_item(partner_user):
    meeting = AgendaItemFactory(position=1, title="Declarations of interest",
                                minute="Cllr Orrin declared an interest in item 2, Pellucid review.").meeting
    secret = AgendaItemFactory(meeting=meeting, position=2, title="Pellucid review", minute="Details.")
    assert hits(PUBLIC, "Orrin") == ["Declarations of interest"]

    items_set_restricted(items=[secret], restricted=True, user=None)
    assert hits(PUBLIC, "Orrin") == []  # the sentence is withheld from the public text it indexes
    assert hits(partner_user, "Orrin") == ["Declarations of interest"]


def test_publishing_and_unpublishing_decide_who_finds_a_meeting(officer_user):
    meeting = imported(ParsedItemFactory(title="Ambercroft consultation"), publish=False)
    assert hits(PUBLIC, "Ambercroft") == [] and hits(officer_user, "Ambercroft") == ["Ambercroft consultation"]
    meeting_publish(meeting=meeting, user=officer_user)
    assert hits(PUBLIC, "Ambercroft") == ["Ambercroft consultation"]
    meeting_unpublish(meeting=meeting, user=officer_user)
    assert hits(PUBLIC, "Ambercroft") == []


# --- The admin -----------------------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """The fields of the admin's change form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def admin_save(client, url, **changes):
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    data = {**reader.data, **changes}
    data["_save"] = "Save"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def test_editing_an_item_title_in_the_admin_reindexes_it(officer_client):
    item = AgendaItemFactory(title="Old Brackenhurst title")
    admin_save(officer_client, f"/admin/meetings/agendaitem/{item.pk}/change/", title="New Ferndown title")
    assert hits(PUBLIC, "Brackenhurst") == [] and hits(PUBLIC, "Ferndown") == ["New Ferndown title"]


def test_editing_a_resolution_in_the_admin_reindexes_its_item(officer_client):
    resolution = ResolutionFactory(item=AgendaItemFactory(title="Budget"), text="the Ostrava grant be noted.")
    admin_save(officer_client, f"/admin/meetings/resolution/{resolution.pk}/change/",
               text="the Calloway grant be approved.")
    assert hits(PUBLIC, "Ostrava") == [] and hits(PUBLIC, "Calloway") == ["Budget"]


def test_a_queryset_update_of_a_title_reindexes_the_meetings_touched():
    item = AgendaItemFactory(title="Before Dunmere")
    AgendaItem.objects.filter(pk=item.pk).update(title="After Kelsall")
    assert hits(PUBLIC, "Dunmere") == [] and hits(PUBLIC, "Kelsall") == ["After Kelsall"]


# --- Deletion ------------------------------------------------------------------------------------------


def test_deleting_a_resolution_takes_its_words_out_of_the_index():
    item = AgendaItemFactory(title="Licensing")
    resolution = ResolutionFactory(item=item, text="the Sallowfield licence be revoked.")
    assert hits(PUBLIC, "Sallowfield") == ["Licensing"]
    resolution.delete()
    assert hits(PUBLIC, "Sallowfield") == []
    ResolutionFactory(item=item, position=2, text="the Tamsworth licence be granted.")
    Resolution.objects.filter(item=item).delete()  # a queryset delete too
    assert hits(PUBLIC, "Tamsworth") == []


def test_deleting_an_item_or_a_meeting_deletes_its_entries_and_fts_rows():
    item = AgendaItemFactory(title="Gorsebrook review")
    other = AgendaItemFactory(title="Gorsebrook again")
    item.delete()
    other.meeting.delete()
    assert not SearchEntry.objects.exists() and hits(PUBLIC, "Gorsebrook") == []
    assert not PublicSearchVector.objects.exists() and not FullSearchVector.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            assert cursor.fetchone()[0] == 0


# --- Bulk writers and the rebuild command ----------------------------------------------------------------


def test_the_demo_generator_indexes_every_item_it_writes():
    result = demo_archive_generate(meetings=12, seed=3)
    assert SearchEntry.objects.count() == AgendaItem.objects.count() == result.items
    assert hits(PUBLIC, "quarter")  # "covering the last quarter" is in the sentence pool
    restricted = AgendaItem.objects.filter(is_restricted=True).values_list("title", flat=True).first()
    if restricted:
        assert not any(title == restricted for title in hits(PUBLIC, f'"{restricted}"'))


def test_rebuild_search_index_restores_a_lost_index(capsys):
    AgendaItemFactory(title="Pennington allotments")
    for model in (SearchEntry, PublicSearchVector, FullSearchVector):  # the whole index lost
        model.objects.all().delete()
    assert hits(PUBLIC, "Pennington") == []
    call_command("rebuild_search_index")
    assert hits(PUBLIC, "Pennington") == ["Pennington allotments"]
    assert "1 items" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_indexing_everything_gives_the_planner_statistics_of_the_vectors():
    """A full refresh (demo generator, rebuild command) ends with ANALYZE: without it the planner
    guesses a common word matches a few rows and reads all of them through the GIN index."""
    demo_archive_generate(meetings=3, seed=5)  # search_index_refresh() for everything, at the end
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_stats WHERE attname = 'vector' AND tablename IN "
                       "('meetings_publicsearchvector', 'meetings_fullsearchvector') ORDER BY tablename")
        assert [row[0] for row in cursor.fetchall()] == ["meetings_fullsearchvector", "meetings_publicsearchvector"]


def test_a_meeting_without_items_adds_no_entry():
    Meeting.objects.create(body=AgendaItemFactory().meeting.body, date=dt.date(2024, 1, 1), is_published=True)
    assert SearchEntry.objects.count() == 1
