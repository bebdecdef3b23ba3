"""Publication services: the default is awaiting review, publish/unpublish/restrict recorded in history, --publish."""
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from meetings.models import AgendaItem, ImportRun, Meeting
from meetings.publication import (
    PUBLISHED_REASON,
    RESTRICTED_REASON,
    UNPUBLISHED_REASON,
    UNRESTRICTED_REASON,
    items_set_restricted,
    meeting_import_warnings,
    meeting_publish,
    meeting_review,
    meeting_unpublish,
)
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "sample_data" / "minutes"


def test_a_new_meeting_awaits_review():
    """Fail closed: a meeting created without saying otherwise is not published."""
    meeting = Meeting.objects.create(body=BodyFactory(), date=dt.date(2024, 1, 9))
    assert meeting.is_published is False
    assert list(Meeting.objects.visible_to(None)) == []


def test_publishing_records_who_and_when_in_history(officer):
    meeting = MeetingFactory(is_published=False)
    assert meeting_publish(meeting=meeting, user=officer) is True
    meeting.refresh_from_db()
    assert meeting.is_published and meeting.published_by == officer and meeting.published_at is not None
    record = meeting.history.first()
    assert (record.history_user, record.history_change_reason, record.is_published) == (officer, PUBLISHED_REASON, True)
    # Publishing again changes nothing and writes no history.
    assert meeting_publish(meeting=meeting, user=officer) is False
    assert meeting.history.count() == 2


def test_unpublishing_sends_it_back_to_review(officer):
    meeting = MeetingFactory()
    assert meeting_unpublish(meeting=meeting, user=officer) is True
    meeting.refresh_from_db()
    assert not meeting.is_published and meeting.published_at is None and meeting.published_by is None
    assert meeting.history.first().history_change_reason == UNPUBLISHED_REASON
    assert meeting not in Meeting.objects.visible_to(None)
    assert meeting_unpublish(meeting=meeting, user=officer) is False


def test_items_set_restricted_records_each_change_and_unrestricting_clears_the_note(officer):
    a = AgendaItemFactory()
    b = AgendaItemFactory(meeting=a.meeting, is_restricted=True, restriction_note="Police intelligence")
    assert items_set_restricted(items=[a, b], restricted=True, user=officer, note="Case review") == 1
    a.refresh_from_db()
    assert (a.is_restricted, a.restriction_note) == (True, "Case review")
    assert (a.history.first().history_change_reason, a.history.first().history_user) == (RESTRICTED_REASON, officer)
    b.refresh_from_db()
    assert b.restriction_note == "Police intelligence"  # an existing reason is kept

    assert items_set_restricted(items=AgendaItem.objects.all(), restricted=False, user=officer) == 2
    assert list(AgendaItem.objects.values_list("is_restricted", "restriction_note")) == [(False, ""), (False, "")]
    assert b.history.first().history_change_reason == UNRESTRICTED_REASON


def test_a_note_on_an_item_that_is_not_restricted_is_cleared_by_clean():
    item = AgendaItemFactory.build(is_restricted=False, restriction_note="stale")
    item.clean()
    assert item.restriction_note == ""


def test_review_lists_restricted_items_and_the_latest_imports_warnings():
    meeting = MeetingFactory(is_published=False)
    AgendaItemFactory(meeting=meeting, position=1)
    secret = AgendaItemFactory(meeting=meeting, position=2, is_restricted=True)
    ImportRun.objects.create(via="command", filename="old.txt", meeting=meeting, outcome="imported",
                             warnings=["old warning"], started_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    ImportRun.objects.create(via="command", filename="new.txt", meeting=meeting, outcome="replaced",
                             warnings=["Item 2 looks restricted"], started_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC))
    ImportRun.objects.create(via="command", filename="refused.txt", meeting=meeting, outcome="refused",
                             warnings=["not this one"], started_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    review = meeting_review(meeting=meeting)
    assert review.restricted_items == (secret,)
    assert review.warnings == ("Item 2 looks restricted",)
    assert meeting_import_warnings(meeting=MeetingFactory()) == ()


def run(*args):
    out = StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_imported_meetings_await_review_unless_publish(settings):
    """A plain import is for officers only; --publish (trusted bulk loads) publishes, recorded in history;
    --publish on files already imported publishes them too, and a second run changes nothing."""
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    output = run(sample)
    meeting = Meeting.objects.get()
    assert not meeting.is_published and "awaiting review" in output
    assert list(Meeting.objects.visible_to(None)) == []

    output = run("--publish", sample)
    meeting.refresh_from_db()
    assert meeting.is_published and "published" in output
    assert meeting.history.first().history_change_reason == PUBLISHED_REASON
    history = meeting.history.count()
    run("--publish", sample)
    assert meeting.history.count() == history


def test_replacing_a_published_meeting_sends_it_back_to_review():
    """New minutes for a published meeting are unreviewed text: --replace puts the meeting back in the
    queue (the public sees nothing of it) unless --publish says the load is trusted."""
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    run("--publish", sample)
    meeting = Meeting.objects.get()
    assert meeting.is_published

    run("--replace", sample)
    meeting.refresh_from_db()
    assert not meeting.is_published
    assert not Meeting.objects.visible_to(None).exists()
    assert not AgendaItem.objects.visible_to(None).exists()

    run("--replace", "--publish", sample)
    meeting.refresh_from_db()
    assert meeting.is_published


def test_publish_with_dry_run_writes_nothing():
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    run("--publish", "--dry-run", sample)
    assert not Meeting.objects.exists()


def test_the_demo_archive_is_published():
    """Synthetic load-test data is no officer's to review: the public sees every demo meeting."""
    from meetings.demo import demo_archive_generate

    demo_archive_generate(meetings=5, seed=3)
    assert Meeting.objects.visible_to(None).count() == Meeting.objects.count() == 5
