"""attach_report and attach_reports_manifest: thin commands over report_attach, idempotent by checksum."""
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Report
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory

from .files import pdf_bytes

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data" / "reports"


@pytest.fixture
def item():
    meeting = MeetingFactory(date=dt.date(2024, 3, 28))
    AgendaItemFactory(meeting=meeting, position=1, number="SSP/1/23")
    return AgendaItemFactory(meeting=meeting, position=7, number="SSP/7/23", title="Recorded Crime & Disorder Report")


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_attach_by_position_then_again_changes_nothing(item, tmp_path):
    path = tmp_path / "crime.pdf"
    path.write_bytes(pdf_bytes(["Burglary fell."]))
    out = run("attach_report", str(path), "--meeting", "2024-03-28", "--item", "7", "--title", "Crime", "--restricted",
              "--kind", "appendix")
    assert "crime.pdf: attached to 2024-03-28 item SSP/7/23 as “Crime” (appendix, 1 page, restricted)" in out
    report = Report.objects.get()
    assert report.item == item and report.is_restricted and report.kind == "appendix"
    again = run("attach_report", str(path), "--meeting", "2024-03-28", "--item", "SSP/7/23")
    assert "already attached (unchanged)" in again and Report.objects.count() == 1


def test_errors_name_what_is_wrong(item, tmp_path):
    path = tmp_path / "crime.pdf"
    path.write_bytes(pdf_bytes(["x"]))
    with pytest.raises(CommandError, match="has no item 99"):
        run("attach_report", str(path), "--meeting", "2024-03-28", "--item", "99")
    with pytest.raises(CommandError, match="No meeting on 2024-03-29"):
        run("attach_report", str(path), "--meeting", "2024-03-29", "--item", "7")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(CommandError, match="bad.pdf: the content is not a PDF"):
        run("attach_report", str(bad), "--meeting", "2024-03-28", "--item", "7")
    assert not Report.objects.exists()


def test_several_bodies_that_day_need_body(item, tmp_path):
    other = BodyFactory(name="Youth Offending Board", short_name="YOB", slug="youth-offending-board")
    AgendaItemFactory(meeting=MeetingFactory(body=other, date=item.meeting.date), position=7)
    path = tmp_path / "crime.pdf"
    path.write_bytes(pdf_bytes(["x"]))
    with pytest.raises(CommandError, match="Several bodies met on 2024-03-28 .* say which with --body"):
        run("attach_report", str(path), "--meeting", "2024-03-28", "--item", "7")
    run("attach_report", str(path), "--meeting", "2024-03-28", "--item", "7", "--body", "YOB")
    assert Report.objects.get().item.meeting.body == other


def test_the_sample_manifest_loads_once(tmp_path):
    """The committed sample manifest attaches its reports; a second run is a no-op."""
    entries = json.loads((SAMPLES / "manifest.json").read_text())
    for entry in entries:
        meeting, _ = MeetingFactory._meta.model.objects.get_or_create(
            date=dt.date.fromisoformat(entry["meeting"]), defaults={"body": BodyFactory(), "is_published": True})
        if not meeting.items.filter(position=int(entry["item"])).exists():
            AgendaItemFactory(meeting=meeting, position=int(entry["item"]))
    shutil.copytree(SAMPLES, tmp_path / "reports")
    run("attach_reports_manifest", str(tmp_path / "reports" / "manifest.json"))
    assert Report.objects.count() == len(entries)
    assert Report.objects.filter(is_restricted=True).count() == 1
    second = run("attach_reports_manifest", str(tmp_path / "reports" / "manifest.json"))
    assert second.count("already attached (unchanged)") == len(entries) and Report.objects.count() == len(entries)
