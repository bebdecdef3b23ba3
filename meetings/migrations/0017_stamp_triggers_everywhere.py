"""The archive stamp's triggers (0011_archive_stamp) on every table a public output reads, installed
again after every branch's migrations.

Two reasons. The reports' tables are new public tables: an item page lists its reports and the search
page their matches, so attaching, restricting or deleting a report must make the anonymous cache's
entries stale. And on SQLite, Django rebuilds a table to add a NOT NULL column (people_person's
sort_name, meetings_resolution's is_procedural), which silently drops the triggers on it; those
migrations are siblings of 0011_archive_stamp, so whether their tables kept the triggers depended on
the order they ran in. Dropping and creating them here, last, makes that order irrelevant;
tests/meetings/test_stamp_triggers.py fails if a later table rebuild loses one again.
"""
from importlib import import_module

from django.db import migrations

stamp = import_module("meetings.migrations.0011_archive_stamp")
REPORT_TABLES = ["meetings_report", "meetings_reportpage"]
TABLES = stamp.STAMPED_TABLES + REPORT_TABLES


def forwards(apps, schema_editor):
    stamp.remove_triggers(schema_editor, TABLES)
    stamp.install_triggers(schema_editor, TABLES)


def backwards(apps, schema_editor):
    stamp.remove_triggers(schema_editor, REPORT_TABLES)


class Migration(migrations.Migration):

    # After the people migrations too: 0003 rebuilds people_person on SQLite.
    dependencies = [("meetings", "0016_merge_scale"), ("people", "0004_fill_person_sort_name")]

    operations = [migrations.RunPython(forwards, backwards)]
