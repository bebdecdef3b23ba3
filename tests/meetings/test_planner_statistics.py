"""The demo generator and `refresh_planner_statistics` leave the planner statistics that let the
resolutions register sort from the meetings' date index (issue 12; meetings/planner_statistics.py)."""
import pytest
from django.core.management import call_command
from django.db import connection

from meetings.demo import demo_archive_generate
from meetings.planner_statistics import planner_statistics_refresh

pytestmark = pytest.mark.django_db


def analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return set()
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
        return {row[0] for row in cursor.fetchall()}


def test_demo_archive_leaves_statistics_for_the_register_tables():
    """After generating, the meetings, items and resolutions have statistics."""
    assert "meetings_resolution" not in analysed_tables()
    demo_archive_generate(meetings=5, seed=2)
    assert {"meetings_meeting", "meetings_agendaitem", "meetings_resolution"} <= analysed_tables()


def test_command_refreshes_statistics(capsys):
    """The command analyses the tables and says so."""
    demo_archive_generate(meetings=3, seed=2)
    planner_statistics_refresh()  # idempotent
    call_command("refresh_planner_statistics")
    assert "Analysed 7 tables." in capsys.readouterr().out  # in the test's transaction: no VACUUM
    assert {"meetings_attendance", "meetings_declaration"} <= analysed_tables()


def vacuum_counts() -> dict[str, int]:
    """How many times each table has been vacuumed by hand (not by autovacuum)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_demo_archive_and_command_vacuum_on_postgresql(capsys):
    """Outside a transaction, on PostgreSQL, the generator and the command VACUUM ANALYZE the list
    tables at once (autovacuum had not, an hour after a 10,000-meeting load), so index-only scans
    need not visit the rows; the command says so."""
    tables = {"meetings_resolution", "meetings_attendance", "meetings_declaration", "people_person"}
    before = vacuum_counts()
    demo_archive_generate(meetings=3, seed=2)
    after = vacuum_counts()
    assert all(after[table] > before.get(table, 0) for table in tables), (before, after)
    call_command("refresh_planner_statistics")
    assert "Vacuumed and analysed 7 tables." in capsys.readouterr().out
    assert all(vacuum_counts()[table] > after[table] for table in tables)
