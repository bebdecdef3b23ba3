"""The data migration: meetings public before review existed stay public; officers get view_unpublished."""
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0005_publication_and_history")]
AFTER = [("meetings", "0006_publish_existing_meetings")]


# serialized_rollback: the flush after a transactional test would otherwise drop the groups and
# the body the data migrations created, which later tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_meetings_already_in_the_archive_are_published_with_a_history_line():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Body = old_apps.get_model("meetings", "Body")
    Meeting = old_apps.get_model("meetings", "Meeting")
    # get_or_create: an earlier transactional test (the browser tests' live server) may have flushed it.
    body, _ = Body.objects.get_or_create(slug="safer-stockton-partnership", defaults={"name": "SSP"})
    imported = dt.datetime(2021, 5, 4, 10, 0, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(body=body, date=dt.date(2021, 5, 4), slug="2021-05-04", imported_at=imported)
    assert meeting.is_published is False  # what 0005 alone leaves: the model's default

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    meeting = new_apps.get_model("meetings", "Meeting").objects.get(pk=meeting.pk)
    assert meeting.is_published is True and meeting.published_at == imported
    record = new_apps.get_model("meetings", "HistoricalMeeting").objects.get(id=meeting.pk)
    assert record.is_published and record.history_change_reason.startswith("Published")

    Group = new_apps.get_model("auth", "Group")
    assert Group.objects.get(name="Democratic services").permissions.filter(codename="view_unpublished").exists()
    assert not Group.objects.exclude(name="Democratic services").filter(permissions__codename="view_unpublished").exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
