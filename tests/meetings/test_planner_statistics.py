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
    assert "Analysed 6 tables." in capsys.readouterr().out
    assert "meetings_attendance" in analysed_tables()
