"""Migration 0019: the items' covering index, and on SQLite its planner statistics where the database
already had some (SQLite's planner takes the index only with them; see meetings/search.py _sqlite_rows)."""
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0018_archive_figures")]
AFTER = [("meetings", "0019_item_narrow_cover_index")]

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")


def statistics_of(index: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [index])
        return cursor.fetchall()


def migrate(target):
    MigrationExecutor(connection).migrate(target)


# serialized_rollback: the flush after a transactional test would otherwise drop the groups and
# the body the data migrations created, which later tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("analysed", [True, False], ids=["analysed before", "never analysed"])
def test_the_index_gets_statistics_only_where_the_database_had_them(analysed):
    migrate(BEFORE)
    old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    body, _ = old_apps.get_model("meetings", "Body").objects.get_or_create(
        slug="safer-stockton-partnership", defaults={"name": "SSP"})
    meeting = old_apps.get_model("meetings", "Meeting").objects.create(
        body=body, date=dt.date(2021, 5, 4), slug="2021-05-04-migration")
    for position in (1, 2):  # SQLite writes no statistics for an empty table
        old_apps.get_model("meetings", "AgendaItem").objects.create(meeting=meeting, position=position,
                                                                    title=f"Item {position}")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")  # an earlier test may have analysed
        if analysed:
            cursor.execute('ANALYZE "meetings_meeting"')
    migrate(AFTER)
    try:
        assert bool(statistics_of("item_id_narrow_cover")) is analysed
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
