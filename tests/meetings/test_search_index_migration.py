"""Migration 0011: the search index is created (FTS5 on SQLite, GIN indexes on PostgreSQL) and every
item already in the archive is indexed, so search works the moment the migration has run."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0010_merge_hostile")]
AFTER = [("meetings", "0011_search_index")]


# serialized_rollback: the flush after a transactional test would otherwise drop the groups and
# the body the data migrations created, which later tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_items_already_in_the_archive_are_indexed_by_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Body = old_apps.get_model("meetings", "Body")
    body, _ = Body.objects.get_or_create(slug="safer-stockton-partnership", defaults={"name": "SSP"})
    meeting = old_apps.get_model("meetings", "Meeting").objects.create(
        body=body, date=dt.date(2021, 5, 4), slug="2021-05-04-migration", is_published=True)
    Item = old_apps.get_model("meetings", "AgendaItem")
    item = Item.objects.create(meeting=meeting, position=1, title="Quorndon Lane parking",
                               minute="Parking on Quorndon Lane.", public_minute="Parking on Quorndon Lane.")
    secret = Item.objects.create(meeting=meeting, position=2, title="Gallowtree briefing", minute="Gallowtree.",
                                 is_restricted=True)
    old_apps.get_model("meetings", "Resolution").objects.create(
        item=item, position=1, text="the Upwood signs be ordered.", public_text="the Upwood signs be ordered.",
        reference="2021-05-04/1 (1)")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from meetings.models import SearchEntry
    from meetings.search import search_items

    assert set(SearchEntry.objects.values_list("item_id", flat=True)) >= {item.pk, secret.pk}
    public = AnonymousUser()
    assert [i.pk for i in search_items(user=public, query="Quorndon")] == [item.pk]
    assert [i.pk for i in search_items(user=public, query="Upwood")] == [item.pk]
    assert list(search_items(user=public, query="Gallowtree")) == []
