"""Every database trigger the archive relies on exists after the migrations, on SQLite and PostgreSQL.

On SQLite Django rebuilds a table for many schema changes (adding a NOT NULL column, altering a
field), and a rebuild silently drops the table's triggers: the anonymous cache would then serve stale
pages after a change to that table, and the report search index would miss new pages. A migration
that rebuilds a table must install its triggers again (see meetings/migrations/0017_...)."""
from importlib import import_module

import pytest
from django.db import connection

stamp = import_module("meetings.migrations.0017_stamp_triggers_everywhere")

pytestmark = pytest.mark.django_db


def _triggers() -> set[tuple[str, str]]:
    """(table, trigger name) of every trigger in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {(table, name) for table, name in cursor.fetchall()}


def test_every_public_table_bumps_the_archive_stamp():
    triggers = _triggers()
    for table in stamp.TABLES:
        if connection.vendor == "sqlite":
            expected = {(table, f"archive_stamp_{table}_{event}") for event in ("insert", "update", "delete")}
        else:
            expected = {(table, f"archive_stamp_{table}")}
        assert expected <= triggers, f"{table} lost its archive stamp trigger(s): {expected - triggers}"


def test_the_public_tables_include_every_table_a_public_page_reads():
    """A table added to the public outputs must be stamped too (add it in a migration like 0017)."""
    for table in ("meetings_meeting", "meetings_agendaitem", "meetings_resolution", "meetings_attendance",
                  "meetings_declaration", "meetings_report", "meetings_reportpage", "people_person",
                  "people_organisation"):
        assert table in stamp.TABLES


def test_the_search_index_triggers_exist():
    names = {name for _, name in _triggers()}
    if connection.vendor == "sqlite":
        expected = {"meetings_reportpage_fts_insert", "meetings_reportpage_fts_update", "meetings_reportpage_fts_delete",
                    "meetings_report_fts_retitle"}
    else:
        expected = {"meetings_reportpage_vector", "meetings_report_retitle"}
    assert expected <= names, expected - names
