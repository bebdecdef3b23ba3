"""The import service: parsed minutes to rows in one transaction, the re-import policy, people and links."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import imports
from meetings.imports import minutes_file_import, minutes_import, minutes_import_plan
from meetings.minutes import ParsedAttendee, ParsedDeclaration
from meetings.models import AgendaItem, Attendance, Declaration, ImportRun, Meeting, Resolution
from people.models import Organisation, OrganisationAlias, Person, PersonAlias
from tests.factories import (
    OrganisationFactory,
    ParsedItemFactory,
    ParsedMinutesFactory,
    ParsedResolutionFactory,
    PersonFactory,
    minutes_document,
    user_in_group,
)

pytestmark = pytest.mark.django_db

DATE = dt.date(2020, 1, 28)


def table_counts():
    return {model.__name__: model.objects.count()
            for model in (Meeting, AgendaItem, Resolution, Attendance, Declaration, Person, Organisation)}


def parsed(**kwargs):
    kwargs.setdefault("date", DATE)
    return ParsedMinutesFactory(**kwargs)


def test_import_writes_the_meeting_its_items_resolutions_attendance_and_declarations():
    """One document becomes one meeting with everything in it, the file and its text kept."""
    minutes = parsed(
        start_time=dt.time(9, 30), previous_minutes_date=dt.date(2019, 11, 22),
        attendance=(
            ParsedAttendee(name="Steve Nelson", honorific="Cllr", role="present", capacity="Chair"),
            ParsedAttendee(name="Errol Parks", role="officer", organisation="Catalyst"),
        ),
        items=(
            ParsedItemFactory(number="SSP 1/20", title="Declarations of Interest", resolutions=(),
                              declarations=(ParsedDeclaration("Steve Nelson", "SSP 2/20", "a personal interest"),)),
            ParsedItemFactory(number="SSP 2/20", title="Counter-terrorism update", restricted=True,
                              restriction_note="title says RESTRICTED",
                              resolutions=(ParsedResolutionFactory(), ParsedResolutionFactory(text="to meet again."))),
        ),
    )
    document = minutes_document(minutes, filename="ssp-2020-01-28.txt")

    result = minutes_import(document=document)

    meeting = result.meeting
    assert result.outcome == "imported"
    assert (meeting.date, meeting.start_time, meeting.previous_minutes_date) == (DATE, dt.time(9, 30), dt.date(2019, 11, 22))
    assert meeting.source_filename == "ssp-2020-01-28.txt" and meeting.source_checksum == document.checksum
    assert meeting.source_text == document.text and meeting.source_document.read() == document.content
    assert meeting.imported_at is not None
    items = list(meeting.items.order_by("position"))
    assert [(i.number, i.is_restricted, i.restriction_note) for i in items] == [
        ("SSP 1/20", False, ""), ("SSP 2/20", True, "title says RESTRICTED")]
    assert list(Resolution.objects.filter(item=items[1]).values_list("reference", "text")) == [
        ("SSP 2/20 (1)", "the report be noted."), ("SSP 2/20 (2)", "to meet again.")]
    chair, officer = meeting.attendance.order_by("position")
    assert (chair.person.name, chair.person.honorific, chair.capacity) == ("Steve Nelson", "Cllr", "chair")
    assert (officer.role, officer.organisation.name, officer.affiliation) == ("officer", "Catalyst", "Catalyst")
    declaration = meeting.declarations.get()
    assert (declaration.person, declaration.item, declaration.relates_to) == (chair.person, items[0], items[1])
    run = ImportRun.objects.get()
    assert (run.outcome, run.meeting, run.filename, run.checksum) == ("imported", meeting, "ssp-2020-01-28.txt", document.checksum)
    assert run.counts == {"items": 2, "restricted": 1, "resolutions": 2, "attendance": 2, "declarations": 1,
                          "people_created": 2, "organisations_created": 1}


def test_the_same_file_again_is_skipped_and_changes_nothing():
    """Importing one file twice: the second is "already imported", writes no row and leaves no record."""
    document = minutes_document(parsed())
    minutes_import(document=document)
    before, runs = table_counts(), ImportRun.objects.count()

    result = minutes_import(document=document)

    assert result.outcome == "skipped"
    assert result.message == imports.ALREADY_IMPORTED.format(filename=document.filename, meeting=Meeting.objects.get())
    assert table_counts() == before and ImportRun.objects.count() == runs


def test_another_document_for_an_existing_meeting_is_refused_without_replace():
    """A different file for the same body and date is refused with a clear message, and recorded."""
    minutes_import(document=minutes_document(parsed(), filename="first.txt"))
    before = table_counts()
    other = minutes_document(parsed(items=(ParsedItemFactory(title="Other"),)), filename="second.txt")

    result = minutes_import(document=other)

    meeting = Meeting.objects.get()
    assert result.outcome == "refused"
    assert result.message == imports.MEETING_EXISTS.format(filename="second.txt", meeting=meeting, source="first.txt")
    assert table_counts() == before
    assert meeting.items.count() == 2
    assert ImportRun.objects.filter(outcome="refused", filename="second.txt").count() == 1


def test_replace_swaps_items_and_attendance_and_keeps_the_meeting(django_capture_on_commit_callbacks):
    """With replace, the meeting row (and its URL) stays; its items and attendance are the new document's."""
    first = minutes_import(document=minutes_document(parsed(), filename="first.txt")).meeting
    old_file = first.source_document.name
    new = parsed(
        items=(ParsedItemFactory(number="SSP 9/20", title="Corrected item"),),
        attendance=(ParsedAttendee(name="Ann McCoy", role="present"),),
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = minutes_import(document=minutes_document(new, filename="second.txt"), replace=True)

    meeting = Meeting.objects.get()
    assert result.outcome == "replaced" and meeting.pk == first.pk and meeting.slug == first.slug
    assert list(meeting.items.values_list("number", "title")) == [("SSP 9/20", "Corrected item")]
    assert Resolution.objects.count() == 1
    assert list(meeting.attendance.values_list("person__name", flat=True)) == ["Ann McCoy"]
    assert meeting.source_filename == "second.txt"
    # The replaced document is kept, named by the run's snapshot, so the import can be undone.
    assert meeting.source_document.storage.exists(old_file)
    assert result.run.snapshot["meeting"]["source_document"] == old_file
    assert not result.warnings  # nobody edited the meeting after it was imported


def test_replace_warns_when_an_officer_edited_the_meeting_after_its_import():
    """An officer's change since the last import is named before it is discarded."""
    officer = user_in_group("Democratic services", username="editor", staff=True)
    meeting = minutes_import(document=minutes_document(parsed(), filename="first.txt")).meeting
    item = meeting.items.first()
    item.title = "Corrected by hand"
    item._history_user = officer
    item.save()

    plan = minutes_import_plan(document=minutes_document(parsed(), filename="second.txt"), replace=True)
    result = minutes_import(document=minutes_document(parsed(), filename="second.txt"), replace=True)

    assert len(plan.replace_warnings) == 1
    assert plan.replace_warnings[0].startswith(f"{meeting} was edited after its last import (1 change by editor")
    assert result.warnings[0] == plan.replace_warnings[0]
    assert ImportRun.objects.get(outcome="replaced").warnings[0] == plan.replace_warnings[0]


def test_replace_keeps_an_item_restricted_that_was_restricted_before():
    """An officer restricted an item after import; a re-import whose parse misses it cannot unrestrict it."""
    items = (ParsedItemFactory(number="SSP 1/20"), ParsedItemFactory(number="SSP 2/20"))
    meeting = minutes_import(document=minutes_document(parsed(items=items), filename="first.txt")).meeting
    item = meeting.items.get(position=2)
    item.is_restricted = True
    item.save()

    result = minutes_import(document=minutes_document(parsed(items=items), filename="second.txt"), replace=True)

    assert list(result.meeting.items.values_list("position", "is_restricted")) == [(1, False), (2, True)]
    assert imports.KEPT_RESTRICTED.format(item=item.number) in result.warnings


def test_officers_restricted_choices_in_the_preview_are_what_is_saved():
    """Ticking an item restricted and unticking another changes the saved flags, and the run says so."""
    minutes = parsed(items=(ParsedItemFactory(number="A", restricted=True), ParsedItemFactory(number="B")))

    result = minutes_import(document=minutes_document(minutes), restricted={1: False, 2: True})

    assert list(result.meeting.items.values_list("number", "is_restricted")) == [("A", False), ("B", True)]
    assert result.counts["restricted"] == 1
    assert imports.OFFICER_UNRESTRICTED.format(item="A") in result.run.warnings
    assert imports.OFFICER_RESTRICTED.format(item="B") in result.run.warnings


def test_restricted_choices_that_do_not_match_the_items_are_refused():
    """A preview for other items (the document changed) must not decide what is restricted."""
    with pytest.raises(ValidationError) as error:
        minutes_import(document=minutes_document(parsed()), restricted={1: False})
    assert error.value.messages == [imports.PREVIEW_STALE.format(filename="minutes.txt")]
    assert Meeting.objects.count() == 0


def test_people_are_matched_by_normalised_name_and_alias_never_duplicated():
    """Spellings that normalise alike, or that an officer stored as aliases, are one person."""
    nelson = PersonFactory(name="Steve Nelson")
    bowman = PersonFactory(name="Sarah Bowman-Abouna")
    PersonAlias.objects.create(person=bowman, name="Sarah Bowman-Abuna")
    attendance = (
        ParsedAttendee(name="steve  nelson", honorific="Councillor", role="present"),
        ParsedAttendee(name="Sarah Bowman-Abuna", role="present"),
    )
    minutes_import(document=minutes_document(parsed(attendance=attendance), filename="a.txt"))
    minutes_import(document=minutes_document(parsed(date=dt.date(2020, 4, 21), attendance=attendance), filename="b.txt"))

    assert Person.objects.count() == 2
    assert set(Attendance.objects.values_list("person_id", flat=True)) == {nelson.pk, bowman.pk}


def test_near_matches_are_suggested_never_merged():
    """"Dave Willingham" near "David Willingham" becomes a new person, with a suggestion in the preview and run."""
    david = PersonFactory(name="David Willingham")
    attendance = (ParsedAttendee(name="Dave Willingham", role="present"),)

    plan = minutes_import_plan(document=minutes_document(parsed(attendance=attendance)))
    result = minutes_import(document=minutes_document(parsed(attendance=attendance)))

    assert plan.attendance[0].is_new and [k.pk for k in plan.attendance[0].suggestions] == [david.pk]
    assert Person.objects.filter(name__in=["Dave Willingham", "David Willingham"]).count() == 2
    assert result.run.suggestions == [
        "New person “Dave Willingham” may be “David Willingham” (existing): merge them in People if so."]


def test_two_similar_names_at_one_meeting_are_not_suggested_as_one_person():
    """Angela Connor and Angela Corner both attended on 28 January 2020: two people."""
    PersonFactory(name="Angela Corner")
    attendance = (ParsedAttendee(name="Angela Corner", role="present"), ParsedAttendee(name="Angela Connor", role="present"))
    plan = minutes_import_plan(document=minutes_document(parsed(attendance=attendance)))
    assert plan.attendance[1].is_new and plan.attendance[1].suggestions == ()


def test_organisations_resolve_through_aliases_short_names_and_the_part_before_a_department():
    """"CFB", an alias, and "Cleveland Fire Brigade – Prevention" are one organisation; the affiliation stays as written."""
    brigade = OrganisationFactory(name="Cleveland Fire Brigade", short_name="CFB")
    OrganisationAlias.objects.create(organisation=brigade, name="Cleveland Fire Service")
    attendance = tuple(
        ParsedAttendee(name=f"Officer {name}", role="present", organisation=affiliation)
        for name, affiliation in [("Ay", "CFB"), ("Bee", "Cleveland Fire Service"),
                                  ("Cee", "Cleveland Fire Brigade – Prevention"), ("Dee", "Youth Direction – Team"),
                                  ("Eee", "Youth Direction")]
    )
    meeting = minutes_import(document=minutes_document(parsed(attendance=attendance))).meeting

    rows = list(meeting.attendance.order_by("position").values_list("organisation__name", "affiliation"))
    assert rows == [("Cleveland Fire Brigade", "CFB"), ("Cleveland Fire Brigade", "Cleveland Fire Service"),
                    ("Cleveland Fire Brigade", "Cleveland Fire Brigade – Prevention"),
                    ("Youth Direction", "Youth Direction – Team"), ("Youth Direction", "Youth Direction")]
    assert Organisation.objects.filter(name="Youth Direction").count() == 1


def test_spellings_an_officer_kept_as_aliases_resolve_to_one_organisation():
    """"SBC", "Stockton Council" (2017 minutes) and "OPCC", "Office of the PCC" (2017, 2020) once aliased."""
    council = OrganisationFactory(name="Stockton-on-Tees Borough Council", short_name="SBC")
    OrganisationAlias.objects.create(organisation=council, name="Stockton Council")
    opcc = OrganisationFactory(name="Office of the Police and Crime Commissioner", short_name="OPCC")
    OrganisationAlias.objects.create(organisation=opcc, name="Office of the PCC")
    attendance = tuple(
        ParsedAttendee(name=f"Member {n}", role="present", organisation=o)
        for n, o in enumerate(["SBC", "Stockton Council", "Stockton on Tees Borough Council",
                               "SBC – Public Health", "OPCC", "Office of the PCC"])
    )
    meeting = minutes_import(document=minutes_document(parsed(attendance=attendance))).meeting
    names = list(meeting.attendance.order_by("position").values_list("organisation_id", flat=True))
    assert names == [council.pk] * 4 + [opcc.pk] * 2
    assert Organisation.objects.count() == 2


def test_a_meeting_links_to_the_earlier_meeting_whose_minutes_it_approved_in_either_order():
    """Later imported first: the link is made when the earlier one arrives, and its minutes become approved."""
    later = minutes_import(document=minutes_document(
        parsed(date=dt.date(2020, 4, 21), previous_minutes_date=DATE), filename="later.txt")).meeting
    earlier = minutes_import(document=minutes_document(parsed(status="draft"), filename="earlier.txt")).meeting
    third = minutes_import(document=minutes_document(
        parsed(date=dt.date(2020, 7, 1), previous_minutes_date=dt.date(2020, 4, 21), status="draft"),
        filename="third.txt")).meeting

    later.refresh_from_db()
    earlier.refresh_from_db()
    assert later.approves == earlier and earlier.status == Meeting.Status.APPROVED
    assert third.approves == later and third.status == Meeting.Status.DRAFT


def test_a_parse_without_a_date_fails_with_the_file_named_and_writes_nothing_but_the_record():
    """The failure is recorded for officers; no archive row is written."""
    document = minutes_document(parsed(date=None), filename="undated.txt")
    with pytest.raises(ValidationError) as error:
        minutes_file_import(filename="undated.txt", content=document.content, document=document)
    assert error.value.messages == [imports.NO_MEETING_DATE.format(filename="undated.txt")]
    assert table_counts()["Meeting"] == 0 and table_counts()["Person"] == 0
    run = ImportRun.objects.get()
    assert (run.outcome, run.message) == ("failed", error.value.messages[0])


def test_minutes_of_a_body_not_in_the_archive_are_refused():
    with pytest.raises(ValidationError) as error:
        minutes_import(document=minutes_document(parsed(body="Tees Valley Board")))
    assert error.value.messages == [imports.BODY_UNKNOWN.format(filename="minutes.txt", name="Tees Valley Board")]


def test_dry_run_counts_without_writing_anything():
    """--dry-run reports what would be imported, and no table (not even ImportRun) changes."""
    before = table_counts()
    result = minutes_import(document=minutes_document(parsed()), dry_run=True)
    assert result.outcome == "imported" and result.dry_run and result.counts["items"] == 2
    assert table_counts() == before and ImportRun.objects.count() == 0


def test_import_costs_the_same_queries_whatever_the_size_of_the_minutes(django_assert_num_queries):
    """Items, resolutions, people and attendance are written in bulk: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def import_queries(n, date):
        minutes = parsed(
            date=date,
            items=tuple(ParsedItemFactory(resolutions=(ParsedResolutionFactory(),) * 2) for _ in range(n)),
            attendance=tuple(ParsedAttendee(name=f"New Person{date.month}x{i}", role="present",
                                            organisation=f"Org {date.month}x{i}") for i in range(n)),
        )
        document = minutes_document(minutes, filename=f"{date}.txt")
        with CaptureQueriesContext(connection) as queries:
            minutes_import(document=document)
        return len(queries)

    assert import_queries(2, dt.date(2021, 1, 5)) == import_queries(12, dt.date(2021, 2, 5))


def test_a_zip_bomb_is_refused_with_its_limit_named_recorded_and_nothing_written(settings):
    """A .docx inflating to 300 MB: the settings' limits reach the reader; the run is recorded as failed."""
    from tests.minutes.test_limits import bomb_docx

    settings.MINUTES_DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
    content = bomb_docx(300 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        minutes_file_import(filename="bomb.docx", content=content)
    assert error.value.messages == [
        "bomb.docx: the Word document, uncompressed, is 300.8 MB, over the limit of 50 MB"
    ]
    assert set(table_counts().values()) == {0}
    run = ImportRun.objects.get()
    assert (run.outcome, run.filename, run.message) == ("failed", "bomb.docx", error.value.messages[0])


def test_a_pdf_over_the_page_limit_in_settings_is_refused(settings):
    from tests.minutes.test_limits import _blank_pdf

    settings.MINUTES_PDF_MAX_PAGES = 3
    with pytest.raises(ValidationError, match=r"long\.pdf: the PDF is 4 pages, over the limit of 3 pages"):
        minutes_file_import(filename="long.pdf", content=_blank_pdf(4))
    assert ImportRun.objects.get().outcome == "failed"
