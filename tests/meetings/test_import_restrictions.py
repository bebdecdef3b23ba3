"""Restrictions stay with their item: matching on replace, the memory of officers' decisions, undo import."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import imports
from meetings.imports import minutes_import, minutes_import_plan
from meetings.imports.decisions import record_restriction_decision
from meetings.imports.matching import Candidate, items_match
from meetings.imports.undo import import_undo
from meetings.minutes import ParsedAttendee
from meetings.models import AgendaItem, Attendance, ImportRun, Meeting, RestrictionDecision
from tests.factories import ParsedItemFactory, ParsedMinutesFactory, minutes_document, user_in_group

pytestmark = pytest.mark.django_db

DATE = dt.date(2021, 3, 9)
POLICE = "Police intelligence briefing on county lines"
POLICE_TEXT = "The Inspector briefed members on three county lines operating in the borough."


def item(number, title, text="Members noted the report.", **kwargs):
    return ParsedItemFactory(number=number, title=title, text=text, **kwargs)


def minutes(*items, **kwargs):
    kwargs.setdefault("date", DATE)
    return ParsedMinutesFactory(items=items, **kwargs)


def imported(parsed, filename="first.txt", **kwargs):
    return minutes_import(document=minutes_document(parsed, filename=filename), **kwargs)


def flags(meeting):
    return list(meeting.items.order_by("position").values_list("title", "is_restricted"))


@pytest.fixture
def officer():
    return user_in_group("Democratic services", username="officer", staff=True)


def test_an_officers_restriction_follows_its_item_when_the_new_document_renumbers_it(officer):
    """Items matched by title and text, not number: the restriction moves with the renumbered item."""
    first = imported(minutes(item("SSP 1/21", "Apologies"), item("SSP 2/21", POLICE, POLICE_TEXT),
                             item("SSP 3/21", "Any other business"))).meeting
    police = first.items.get(title=POLICE)
    police.is_restricted = True
    police.save()

    # The corrected minutes insert an item, so the police briefing is now item 3 and item 2 is public.
    result = imported(minutes(item("SSP 1/21", "Apologies"), item("SSP 2/21", "Minutes of the last meeting"),
                              item("SSP 3/21", POLICE, POLICE_TEXT), item("SSP 4/21", "Any other business")),
                      filename="second.txt", replace=True)

    assert flags(result.meeting) == [("Apologies", False), ("Minutes of the last meeting", False),
                                     (POLICE, True), ("Any other business", False)]
    assert imports.KEPT_RESTRICTED.format(item="SSP 3/21") in result.warnings


def test_a_restricted_item_whose_title_was_reworded_is_still_matched_by_its_text(officer):
    """A small change of title with the same minute is a confident match."""
    first = imported(minutes(item("1", "Apologies"), item("2", POLICE, POLICE_TEXT))).meeting
    first.items.filter(title=POLICE).update(is_restricted=True)

    result = imported(minutes(item("1", "Apologies"), item("2", "Police intelligence briefing: county lines", POLICE_TEXT)),
                      filename="second.txt", replace=True)

    assert flags(result.meeting) == [("Apologies", False), ("Police intelligence briefing: county lines", True)]


def test_an_unmatched_restricted_item_restricts_every_new_item_it_might_be_with_a_warning():
    """No confident partner: the candidates are restricted (fail closed) and the preview says which and why."""
    first = imported(minutes(item("1", "Apologies"), item("2", "Case review", "A case was reviewed."))).meeting
    first.items.filter(title="Case review").update(is_restricted=True)
    new = minutes(item("1", "Apologies"), item("2", "Case review A", "Case A was reviewed."),
                  item("3", "Case review B", "Case B was reviewed."))

    plan = minutes_import_plan(document=minutes_document(new, filename="second.txt"), replace=True)

    assert [(i.title, i.restricted) for i in plan.items] == [
        ("Apologies", False), ("Case review A", True), ("Case review B", True)]
    assert imports.MAYBE_RESTRICTED.format(title="Case review", old="2", items="2, 3") in plan.warnings


def test_matching_pairs_equal_titles_in_order_and_only_compares_the_items_wanted():
    """Two "Any other business" items pair in order; unwanted old items are left alone."""
    old = [Candidate(1, "Any other business"), Candidate(2, "Any other business"), Candidate(3, "Budget")]
    new = [Candidate(1, "Any other business"), Candidate(2, "Budget 2021"), Candidate(3, "Any other business")]

    matching = items_match(old, new, wanted={1, 2})

    assert matching.matched == {1: 1, 2: 3}
    assert matching.possible == {}


def test_delete_then_import_restores_the_officers_decisions_with_a_warning(officer):
    """An officer restricted one item and un-restricted another; the meeting is deleted and imported again."""
    parsed = minutes(item("1", "Apologies"), item("2", POLICE, POLICE_TEXT),
                     item("3", "Part 2 heading misread", "Public text.", restricted=True, restriction_note="under Part 2"))
    meeting = imported(parsed).meeting
    police, misread = meeting.items.get(position=2), meeting.items.get(position=3)
    police.is_restricted, misread.is_restricted = True, False
    police.save(), misread.save()
    record_restriction_decision(police, officer)
    record_restriction_decision(misread, officer)
    meeting.delete()

    result = imported(parsed, filename="again.txt")

    assert flags(result.meeting) == [("Apologies", False), (POLICE, True), ("Part 2 heading misread", False)]
    when = f"{RestrictionDecision.objects.first().decided_at:%-d %B %Y}"
    assert imports.DECISION_RESTRICTED.format(item="2", who="officer", when=when, title=POLICE) in result.warnings
    assert imports.DECISION_UNRESTRICTED.format(item="3", who="officer", when=when, title="Part 2 heading misread") in result.warnings


def test_a_remembered_un_restriction_does_not_apply_to_a_changed_minute(officer):
    """Fail closed: the officer judged another text public, not this one."""
    parsed = minutes(item("1", "Update", "Old text.", restricted=True))
    meeting = imported(parsed).meeting
    update = meeting.items.get()
    update.is_restricted = False
    update.save()
    record_restriction_decision(update, officer)
    meeting.delete()

    result = imported(minutes(item("1", "Update", "New text naming an informant.", restricted=True)), filename="again.txt")

    assert flags(result.meeting) == [("Update", True)]
    assert any(w.startswith("Item 1: officer decided on") for w in result.warnings)


def test_ticks_changed_in_the_preview_are_remembered(officer):
    """The preview is an officer's decision like any other: it is recorded per body, date and title."""
    imported(minutes(item("1", "Apologies"), item("2", POLICE)), user=officer, restricted={1: False, 2: True})

    decision = RestrictionDecision.objects.get()
    assert (decision.title, decision.restricted, decision.user) == (POLICE, True, officer)


def test_recording_a_decision_twice_keeps_the_latest(officer):
    meeting = imported(minutes(item("1", POLICE))).meeting
    police = meeting.items.get()
    for flag in (True, False):
        police.is_restricted = flag
        police.save()
        record_restriction_decision(police, officer)
    assert list(RestrictionDecision.objects.values_list("restricted", flat=True)) == [False]


def test_undo_import_restores_the_meeting_as_it_was_before_the_replace(officer):
    """Items, flags, resolutions and attendance come back; the undo is itself a run, and can be undone."""
    first = imported(minutes(item("1", "Apologies"), item("2", POLICE, POLICE_TEXT),
                             attendance=(ParsedAttendee(name="Steve Nelson", role="present"),))).meeting
    first.items.filter(position=2).update(is_restricted=True, restriction_note="Police")
    before = flags(first)
    replaced = imported(minutes(item("1", "Everything else"), attendance=(ParsedAttendee(name="Ann McCoy", role="present"),)),
                        filename="second.txt", replace=True).meeting

    run = import_undo(meeting=replaced, user=officer)

    meeting = Meeting.objects.get()
    assert flags(meeting) == before and meeting.source_filename == "first.txt"
    assert meeting.items.get(position=2).restriction_note == "Police"
    assert meeting.items.get(position=1).resolutions.count() == 1
    assert list(meeting.attendance.values_list("person__name", flat=True)) == ["Steve Nelson"]
    assert (run.outcome, run.via, run.user, run.meeting) == ("undone", "undo", officer, meeting)
    assert meeting.source_document.storage.exists(meeting.source_document.name)

    # Undoing the undo re-applies the replace, as it was saved: the lone new item restricted, as the
    # police briefing had no match in it (fail closed).
    import_undo(meeting=meeting, user=officer)
    assert flags(Meeting.objects.get()) == [("Everything else", True)]


def test_undoing_the_import_that_created_a_meeting_removes_it_and_keeps_the_record(officer):
    meeting = imported(minutes(item("1", "Apologies"))).meeting

    run = import_undo(meeting=meeting, user=officer)

    assert not Meeting.objects.exists() and not AgendaItem.objects.exists() and not Attendance.objects.exists()
    assert run.outcome == "undone" and run.meeting_date == DATE
    assert ImportRun.objects.filter(outcome="imported").exists()


def test_a_meeting_entered_by_hand_has_nothing_to_undo():
    from tests.factories import MeetingFactory

    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        import_undo(meeting=meeting)
    assert error.value.messages == [imports.NOTHING_TO_UNDO.format(meeting=meeting)]


def test_undo_costs_the_same_queries_whatever_the_size_of_the_meeting():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def undo_queries(n, date):
        imported(minutes(*(item(str(k), f"Item {k}") for k in range(1, n + 1)), date=date), filename=f"{date}-a.txt")
        meeting = imported(minutes(item("1", "Other"), date=date), filename=f"{date}-b.txt", replace=True).meeting
        with CaptureQueriesContext(connection) as queries:
            import_undo(meeting=meeting)
        return len(queries)

    assert undo_queries(2, dt.date(2021, 1, 5)) == undo_queries(12, dt.date(2021, 2, 5))


# --- Unknowns from the parser: untitled items, the body's item prefix ---------------------------------------


def test_an_item_the_parser_could_not_title_is_stored_untitled_with_a_warning_and_the_officer_may_type_it():
    """Never an invented title: empty, with a warning; a title typed in the preview is saved."""
    parsed = minutes(item("1", "Apologies"), ParsedItemFactory(number="2", title=None, text="Members discussed."))

    plan = minutes_import_plan(document=minutes_document(parsed))
    result = imported(parsed, titles={2: "Town centre patrols"}, filename="typed.txt", date=dt.date(2021, 3, 10))
    untyped = imported(parsed, filename="untyped.txt")

    assert [i.title for i in plan.items] == ["Apologies", ""]
    assert imports.UNTITLED_ITEM.format(item="2") in plan.warnings
    assert result.meeting.items.get(position=2).title == "Town centre patrols"
    assert imports.TITLE_CORRECTED.format(item="2") in result.warnings
    assert untyped.meeting.items.get(position=2).title == ""


def test_the_bodys_short_name_is_the_parsers_item_prefix():
    """Minutes of a body whose items are printed "CSP 1/20" are read with that prefix."""
    from meetings.imports import minutes_document_read

    text = (
        b"Community Safety Panel\n\nMinutes of the meeting held on 14 January 2020\n\n"
        b"Present: Cllr Jim Beall (Chair)\n\n"
        b"CSP 1/20 Apologies for Absence\n\nThere were no apologies.\n\n"
        b"CSP 2/20 Town Centre Patrols\n\nMembers were presented with a report.\n\n"
        b"RESOLVED that the report be noted.\n"
    )
    with_prefix = minutes_document_read(filename="m.txt", content=text, item_prefix="CSP").parsed
    assert [(i.number, i.title) for i in with_prefix.items] == [
        ("CSP 1/20", "Apologies for Absence"), ("CSP 2/20", "Town Centre Patrols"),
    ]
    assert not any(i.restricted for i in with_prefix.items)
