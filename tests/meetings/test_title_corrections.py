"""Titles an officer corrects in the import preview are recorded in the import's transaction and kept
when the same minutes are imported again (replace, re-parse, or after the meeting was deleted)."""
import datetime as dt

import pytest

from meetings.imports import minutes_import, minutes_import_plan
from meetings.imports.messages import TITLE_CORRECTED
from meetings.models import Meeting, TitleCorrection
from tests.factories import ParsedItemFactory, ParsedMinutesFactory, minutes_document, user_in_group

pytestmark = pytest.mark.django_db

DATE = dt.date(2021, 3, 9)


@pytest.fixture
def officer():
    return user_in_group("Democratic services", username="officer", staff=True)


def parsed_minutes():
    return ParsedMinutesFactory(date=DATE, items=(
        ParsedItemFactory(number="SSP 1/21", title="Apologies"),
        ParsedItemFactory(number="SSP 2/21", title="Recorded Crime and Disorder Report Recorded", text="Figures."),
        ParsedItemFactory(number="SSP 3/21", title=None, text="Members discussed patrols."),
    ))


def import_(filename="first.txt", **kwargs):
    return minutes_import(document=minutes_document(parsed_minutes(), filename=filename), **kwargs)


def test_typed_titles_are_recorded_with_the_import(officer):
    result = import_(user=officer, titles={2: "Recorded Crime and Disorder", 3: "Town centre patrols"})
    assert list(result.meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Apologies", "Recorded Crime and Disorder", "Town centre patrols"]
    assert set(TitleCorrection.objects.values_list("source_key", "parsed_title", "title", "user")) == {
        ("recorded crime and disorder report recorded", "Recorded Crime and Disorder Report Recorded",
         "Recorded Crime and Disorder", officer.pk),
        ("#SSP 3/21", "", "Town centre patrols", officer.pk),
    }


def test_a_dry_run_records_nothing(officer):
    import_(user=officer, titles={2: "Recorded Crime"}, dry_run=True)
    assert not TitleCorrection.objects.exists()


def test_the_corrections_come_back_on_replace_and_after_a_delete(officer):
    """No titles typed this time: the remembered ones apply, each with a warning naming who and when."""
    import_(user=officer, titles={2: "Recorded Crime and Disorder", 3: "Town centre patrols"})
    replaced = import_(filename="second.txt", replace=True)
    assert list(replaced.meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Apologies", "Recorded Crime and Disorder", "Town centre patrols"]
    kept = [w for w in replaced.warnings if "as officer corrected it on" in w]
    assert len(kept) == 2 and "(the minutes read “no title”)" in kept[1]

    Meeting.objects.all().delete()
    plan = minutes_import_plan(document=minutes_document(parsed_minutes(), filename="third.txt"))
    assert [i.title for i in plan.items] == ["Apologies", "Recorded Crime and Disorder", "Town centre patrols"]


def test_a_restriction_decided_under_the_corrected_title_finds_its_item_again(officer):
    """The officer corrects a title and restricts the item: the next import restores both."""
    parsed = parsed_minutes()
    minutes_import(document=minutes_document(parsed, filename="first.txt"), user=officer,
                   titles={2: "Recorded Crime and Disorder"}, restricted={1: False, 2: True, 3: False})
    replaced = import_(filename="second.txt", replace=True)
    item = replaced.meeting.items.get(position=2)
    assert (item.title, item.is_restricted) == ("Recorded Crime and Disorder", True)


def test_a_new_typed_title_replaces_the_remembered_one(officer):
    import_(user=officer, titles={2: "Recorded Crime"})
    second = import_(filename="second.txt", replace=True, user=officer, titles={2: "Crime and Disorder"})
    assert TITLE_CORRECTED.format(item="SSP 2/21") in second.warnings
    assert TitleCorrection.objects.get().title == "Crime and Disorder"
