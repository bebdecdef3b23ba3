"""The public text of minutes: sentences and declarations naming a restricted item are withheld (issue 10, path 3)."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.imports import minutes_import, minutes_import_plan
from meetings.minutes import ParsedAttendee, ParsedDeclaration
from meetings.models import AgendaItem, Declaration
from meetings.redaction import (
    DECLARATION_WITHHELD,
    REFERENCE_WITHHELD,
    meeting_refresh_public_text,
    public_text,
    restricted_ref,
)
from tests.factories import (
    AgendaItemFactory,
    DeclarationFactory,
    MeetingFactory,
    ParsedItemFactory,
    ParsedMinutesFactory,
    PersonFactory,
    minutes_document,
)

KESTREL = restricted_ref(position=3, number="SSP 3/20", title="Operation Kestrel Vantage")


# --- The text alone (pure functions) -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Cllr Cook declared a prejudicial interest in respect of agenda item 3 - Operation Kestrel Vantage.",
    "Cllr Cook declared an interest in item 3.",
    "Cllr Cook declared an interest in Item No. 3 as a trustee.",
    "Cllr Cook declared an interest in items 2 and 3.",
    "Cllr Cook declared an interest in SSP 3/20.",
    "Cllr Cook declared an interest in SSP/3/20.",
    "Cllr Cook declared an interest in minute 3/20.",
    "Cllr Cook declared an interest in OPERATION KESTREL-VANTAGE matters.",
])
def test_each_way_of_naming_the_restricted_item_is_withheld(sentence):
    text = f"Apologies were noted. {sentence} Nothing else was declared."
    public, withheld = public_text(text, [KESTREL])
    assert public == f"Apologies were noted. {DECLARATION_WITHHELD} Nothing else was declared."
    assert [w.sentence for w in withheld] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Cllr Cook declared an interest in item 2.",
    "Cllr Cook declared an interest in items 13 and 30.",
    "Cllr Cook declared an interest in SSP 2/20 and SSP 13/20.",
    "The kestrel nesting site in Vantage Park was noted.",
])
def test_sentences_naming_other_items_stay(sentence):
    assert public_text(sentence, [KESTREL]) == (sentence, [])


def test_a_sentence_that_is_not_a_declaration_gets_the_neutral_notice_and_lines_are_kept():
    text = "The report on SSP 3/20 was noted.\nThe chair thanked members."
    assert public_text(text, [KESTREL])[0] == f"{REFERENCE_WITHHELD}\nThe chair thanked members."


def test_consecutive_withheld_sentences_read_as_one_notice():
    text = "A declared an interest in item 3. B declared an interest in item 3. C spoke on item 2."
    assert public_text(text, [KESTREL])[0] == f"{DECLARATION_WITHHELD} C spoke on item 2."


def test_no_restricted_items_means_the_text_unchanged():
    assert public_text("Cllr Cook declared an interest in item 3.", []) == (
        "Cllr Cook declared an interest in item 3.", [])


# --- The stored public text, through the service ------------------------------------------------

@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(date=dt.date(2020, 1, 28))
    AgendaItemFactory(meeting=meeting, position=1, number="SSP 1/20", title="Declarations of interest",
                      minute="Cllr Cook declared an interest in item 3 - Operation Kestrel Vantage. "
                             "Cllr Nelson declared an interest in item 2.")
    AgendaItemFactory(meeting=meeting, position=2, number="SSP 2/20", title="Recorded crime", minute="Crime fell.")
    AgendaItemFactory(meeting=meeting, position=3, number="SSP 3/20", title="Operation Kestrel Vantage",
                      minute="Intelligence.", is_restricted=True)
    return meeting


def public_minutes(meeting):
    return dict(AgendaItem.objects.filter(meeting=meeting).values_list("position", "public_minute"))


def test_saving_items_keeps_the_public_text_current(meeting):
    """Restricting or unrestricting an item in the admin (a save) rewrites its siblings' public text."""
    assert public_minutes(meeting) == {
        1: f"{DECLARATION_WITHHELD} Cllr Nelson declared an interest in item 2.", 2: "Crime fell.", 3: "",
    }
    kestrel = AgendaItem.objects.get(meeting=meeting, position=3)
    kestrel.is_restricted = False
    kestrel.save()
    assert public_minutes(meeting)[1] == AgendaItem.objects.get(meeting=meeting, position=1).minute
    AgendaItem.objects.filter(meeting=meeting, position=2).update(is_restricted=True)  # a bulk action
    assert public_minutes(meeting) == {
        1: f"Cllr Cook declared an interest in item 3 - Operation Kestrel Vantage. {DECLARATION_WITHHELD}",
        2: "", 3: "Intelligence.",
    }


def test_a_declaration_naming_a_restricted_item_is_withheld(meeting):
    """A declaration made in the public declarations item but about item 3 is restricted; the
    person is then unknown to the public when nothing else names them."""
    person = PersonFactory(name="Hollowmere Quistbury")
    declarations_item = AgendaItem.objects.get(meeting=meeting, position=1)
    by_number = DeclarationFactory(item=declarations_item, person=person, relates_to_number="SSP 3/20",
                                   text="a prejudicial interest")
    by_text = DeclarationFactory(item=declarations_item, person=person,
                                 text="an interest in Operation Kestrel Vantage as a trustee")
    fine = DeclarationFactory(item=declarations_item, relates_to_number="SSP 2/20", text="a landlord")
    assert set(Declaration.objects.filter(withheld=True)) == {by_number, by_text}
    assert list(Declaration.objects.visible_to(AnonymousUser())) == [fine]
    assert meeting_refresh_public_text(meeting)  # warns about each of them


def test_public_items_load_their_public_text_and_cannot_be_saved(meeting):
    """Loaded for the public, an item's minute IS the public text; saving it would destroy the
    real minute, so it is refused."""
    item = AgendaItem.objects.visible_to(AnonymousUser()).get(position=1)
    assert item.minute.startswith(DECLARATION_WITHHELD)
    with pytest.raises(ValueError):
        item.save()
    assert "Kestrel" in AgendaItem.objects.get(pk=item.pk).minute


def test_an_item_added_without_the_service_shows_nothing_rather_than_its_minute(meeting):
    """Fail closed: a row written without the service (bulk_create) has an empty public text."""
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, position=4, title="AOB", minute="Item 3 again.")])
    assert AgendaItem.objects.visible_to(None).get(position=4).minute == ""


# --- The import ---------------------------------------------------------------------------------

def kestrel_minutes():
    return ParsedMinutesFactory(
        date=dt.date(2020, 1, 28),
        attendance=(ParsedAttendee(name="Steve Nelson", honorific="Cllr", role="present"),),
        items=(
            ParsedItemFactory(number="SSP 1/20", title="Declarations of Interest", resolutions=(),
                              text="Cllr Cook declared an interest in item 3 - Operation Kestrel Vantage.",
                              declarations=(ParsedDeclaration("Hollowmere Quistbury", "SSP 3/20", "an interest"),)),
            ParsedItemFactory(number="SSP 2/20", title="Recorded crime"),
            ParsedItemFactory(number="SSP 3/20", title="Operation Kestrel Vantage", restricted=True),
        ),
    )


@pytest.mark.django_db
def test_the_preview_warns_and_the_import_stores_the_public_text():
    document = minutes_document(kestrel_minutes(), filename="ssp-2020-01-28.txt")
    plan = minutes_import_plan(document=document)
    withheld = [w for w in plan.warnings if "withheld from the public" in w]
    assert len(withheld) == 1 and "SSP 3/20" in withheld[0] and "SSP 1/20" in withheld[0]
    assert any("Hollowmere Quistbury" in w and "restricted" in w for w in plan.warnings)
    result = minutes_import(document=document)
    item = result.meeting.items.get(position=1)
    assert item.public_minute == DECLARATION_WITHHELD
    assert Declaration.objects.get(person__name="Hollowmere Quistbury").withheld
    assert any("withheld from the public" in w for w in result.run.warnings)



def test_a_public_resolution_naming_a_restricted_item_is_withheld(meeting):
    """Resolutions get the same treatment as minutes, and follow the item's flag when it changes."""
    from meetings.models import Resolution
    from tests.factories import ResolutionFactory

    crime = AgendaItem.objects.get(meeting=meeting, position=2)
    resolution = ResolutionFactory(item=crime, text="the SSP 3/20 findings be noted. A report to follow.")
    resolution.refresh_from_db()
    assert resolution.public_text == f"{REFERENCE_WITHHELD} A report to follow."
    public = Resolution.objects.visible_to(None).get(pk=resolution.pk)
    assert public.text == resolution.public_text
    with pytest.raises(ValueError):
        public.save()
    AgendaItem.objects.filter(meeting=meeting, position=3).update(is_restricted=False)
    resolution.refresh_from_db()
    assert resolution.public_text == resolution.text


@pytest.mark.parametrize("n_items", [3, 60])
def test_refreshing_costs_the_same_queries_for_any_meeting_size(n_items, db, django_assert_num_queries):
    """Three reads and, when anything changed, one batched write per kind of row: never a query per row."""
    meeting = MeetingFactory()
    rows = [AgendaItem(meeting=meeting, position=p, number=f"SSP {p}/20", title=f"Item {p}",
                       minute=f"Item 1 was mentioned in item {p}.", is_restricted=(p == 1)) for p in range(1, n_items + 1)]
    AgendaItem.objects.bulk_create(rows)
    # Then the search index of the meeting, set-based (meetings/search_index.py): the entries, then on
    # PostgreSQL the public and full vectors, on SQLite the FTS rows deleted and inserted.
    index = 3
    # Then the reports naming a restricted item (meetings/reports/services.py): the restricted items,
    # then the public reports (none here, so no pages are read).
    reports = 2
    with django_assert_num_queries(4 + index + reports):  # items, their public text written once, resolutions, declarations
        meeting_refresh_public_text(meeting)
    with django_assert_num_queries(3 + index + reports):  # nothing changed: reads only (and the index rewritten)
        meeting_refresh_public_text(meeting)
