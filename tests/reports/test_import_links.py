"""Imports and reports: the reports the minutes name become expected reports; a replace keeps reports
on their item's counterpart (matched by title and text), and one with no counterpart is seen by nobody."""
import datetime as dt

import pytest

from meetings.imports import minutes_import
from meetings.minutes.attachments import ExpectedAttachment
from meetings.models import ExpectedReport, Report
from meetings.reports.services import report_attach
from tests.factories import ParsedItemFactory, ParsedMinutesFactory, minutes_document

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

DATE = dt.date(2021, 3, 9)


def minutes(*items):
    return ParsedMinutesFactory(items=items, date=DATE)


def imported(parsed, filename="first.txt", **kwargs):
    return minutes_import(document=minutes_document(parsed, filename=filename), **kwargs)


def test_reports_named_in_the_minutes_are_expected_then_attached():
    meeting = imported(minutes(
        ParsedItemFactory(number="1", title="Fraud", text="Members were presented with the Fraud Awareness report.",
                          expected_reports=(ExpectedAttachment("Fraud Awareness report"),)),
    )).meeting
    expected = ExpectedReport.objects.get()
    assert (expected.item.meeting, expected.title, expected.status) == (meeting, "Fraud Awareness report", "expected")
    report_attach(item=expected.item, title="Fraud Awareness report", file=upload("fraud.pdf", pdf_bytes(["x"])))
    expected.refresh_from_db()
    assert expected.status == ExpectedReport.Status.ATTACHED and expected.report is not None


def test_a_replace_moves_reports_to_the_matching_item_and_orphans_the_rest(client):
    crime_text = "Members noted recorded crime across the borough, down six per cent."
    first = imported(minutes(ParsedItemFactory(number="1", title="Apologies", text="None."),
                             ParsedItemFactory(number="2", title="Recorded crime", text=crime_text),
                             ParsedItemFactory(number="3", title="Old business", text="Something else entirely."))).meeting
    first.is_published = True
    first.save()
    crime = report_attach(item=first.items.get(title="Recorded crime"), file=upload("c.pdf", pdf_bytes(["c"])))
    old = report_attach(item=first.items.get(title="Old business"), file=upload("o.pdf", pdf_bytes(["o"])))
    replaced = imported(minutes(ParsedItemFactory(number="1", title="Minutes", text="Approved."),
                                ParsedItemFactory(number="2", title="Apologies", text="None."),
                                ParsedItemFactory(number="3", title="Recorded crime", text=crime_text)),
                        filename="second.txt", replace=True).meeting
    crime.refresh_from_db()
    old.refresh_from_db()
    assert crime.item.meeting == replaced and crime.item.position == 3
    assert old.item is None
    assert list(Report.objects.visible_to(None)) == []  # the meeting awaits review again after a replace
    replaced.is_published = True
    replaced.save()
    assert list(Report.objects.visible_to(None)) == [crime]
    assert client.get(old.get_absolute_url()).status_code == 404


def test_undoing_a_replace_brings_reports_back_to_their_items(officer):
    from meetings.imports.undo import import_undo

    text = "Members noted the community safety plan for the year ahead."
    first = imported(minutes(ParsedItemFactory(number="1", title="Safety plan", text=text))).meeting
    report = report_attach(item=first.items.get(), file=upload("plan.pdf", pdf_bytes(["plan"])))
    imported(minutes(ParsedItemFactory(number="1", title="Apologies", text="None."),
                     ParsedItemFactory(number="2", title="Safety plan", text=text)), filename="second.txt", replace=True)
    report.refresh_from_db()
    assert report.item.position == 2
    import_undo(meeting=first, user=officer)
    report.refresh_from_db()
    assert (report.item.position, report.item.title) == (1, "Safety plan")


def test_renaming_a_report_renames_it_in_the_search_index(client):
    """The index follows a title changed in the admin (a database trigger), on both databases."""
    from meetings.report_search import search_reports
    from tests.factories import AgendaItemFactory

    report = report_attach(item=AgendaItemFactory(), title="Fraud report", file=upload("f.pdf", pdf_bytes(["scams"])))
    assert [p.report for p in search_reports(user=None, query="fraud")] == [report]
    report.title = "Doorstep crime report"
    report.save()
    assert search_reports(user=None, query="fraud") == []
    assert [p.report for p in search_reports(user=None, query="doorstep")] == [report]
    assert [p.number for p in search_reports(user=None, query="scams")] == [1]
