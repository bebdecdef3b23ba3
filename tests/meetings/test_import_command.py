"""`import_minutes` on the five real samples: each imports, twice changes nothing, --replace, bad files, --dry-run."""
import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from meetings.management.commands import import_minutes
from meetings.models import AgendaItem, Attendance, Declaration, ImportRun, Meeting, Resolution
from people.models import Organisation, Person
from people.names import normalise_name

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "sample_data" / "minutes"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def counts():
    return {m.__name__: m.objects.count()
            for m in (Meeting, AgendaItem, Resolution, Attendance, Declaration, Person, Organisation, ImportRun)}


@pytest.fixture
def imported():
    return run(SAMPLES)


def test_each_sample_imports_as_its_expected_parse_says(imported):
    """Every sample becomes a meeting with the items, restricted flags and attendance of expected.json."""
    assert "Imported 5, skipped 0, failed 0." in imported
    for name, expected in EXPECTED.items():
        meeting = Meeting.objects.get(source_filename=name)
        assert meeting.date.isoformat() == expected["date"]
        items = list(meeting.items.order_by("position"))
        assert [i.is_restricted for i in items] == [item["restricted"] for item in expected["items"]], name
        assert [len(i.resolutions.all()) for i in items] == [len(item["resolutions"]) for item in expected["items"]], name
        attending = {normalise_name(n) for n in meeting.attendance.values_list("person__name", flat=True)}
        assert attending == {normalise_name(row[0]) for row in expected["attendance"]}, name
        assert meeting.source_text and meeting.source_document.size == (SAMPLES / name).stat().st_size
        declared = {(normalise_name(d.person.name), d.relates_to.number if d.relates_to else None)
                    for d in meeting.declarations.select_related("person", "relates_to")}
        assert declared == {(normalise_name(person), number) for person, number in expected.get("declarations", [])}
    assert ImportRun.objects.filter(outcome="imported").count() == len(EXPECTED)


def test_each_real_person_is_one_person_across_the_samples(imported):
    """Steve Nelson attended all five meetings: one Person with five attendances, as everyone named alike."""
    names = [row[0] for expected in EXPECTED.values() for row in expected["attendance"]]
    assert Person.objects.count() == len({normalise_name(n) for n in names})
    nelson = Person.objects.get(name="Steve Nelson")
    assert nelson.attendance.count() == sum(
        any(row[0] == "Steve Nelson" for row in expected["attendance"]) for expected in EXPECTED.values())
    assert nelson.attendance.count() == 5


def test_near_spellings_across_the_samples_are_reported_not_merged(imported):
    """Bowman-Abouna (2020) / Bowman-Abuna (2024), Dave (2020) / David Willingham (2017): two records each, reported."""
    assert Person.objects.filter(name__startswith="Sarah Bowman-Ab").count() == 2
    assert "“Sarah Bowman-Abuna” may be “Sarah Bowman-Abouna”" in imported
    assert "“Dave Willingham” may be “David Willingham”" in imported
    assert any("Bowman-Abuna" in s for run in ImportRun.objects.all() for s in run.suggestions)


def test_meetings_are_linked_to_the_earlier_meeting_they_approved():
    """A meeting approving minutes of a meeting in the archive links to it; imported in reverse order too."""
    for name in sorted(EXPECTED, reverse=True):
        run(SAMPLES / name)
    for meeting in Meeting.objects.exclude(previous_minutes_date=None):
        earlier = Meeting.objects.filter(date=meeting.previous_minutes_date).first()
        assert meeting.approves == earlier
        if earlier:
            assert earlier.status == Meeting.Status.APPROVED


def test_importing_the_samples_twice_changes_nothing(imported):
    """The second run skips every file as already imported: no row anywhere is added."""
    before = counts()
    output = run(SAMPLES)
    assert "Imported 0, skipped 5, failed 0." in output
    assert counts() == before


def test_replace_swaps_a_meetings_items_for_another_documents(imported, tmp_path):
    """A changed document for a meeting in the archive is refused, then replaces it with --replace."""
    name = "ssp-2020-01-28.txt"
    changed = tmp_path / name
    changed.write_text((SAMPLES / name).read_text() + "\n")
    meeting = Meeting.objects.get(source_filename=name)

    with pytest.raises(CommandError):
        run(changed)
    assert ImportRun.objects.filter(outcome="refused").count() == 1

    before = counts()
    output = run(changed, "--replace")
    assert "Imported 1, skipped 0, failed 0." in output
    after = counts()
    assert Meeting.objects.get(pk=meeting.pk).source_checksum != meeting.source_checksum
    assert {k: v for k, v in after.items() if k != "ImportRun"} == {k: v for k, v in before.items() if k != "ImportRun"}


def test_a_bad_file_in_a_batch_fails_alone(tmp_path):
    """Bad files are named with their reason and save nothing; the good ones import; the command exits non-zero."""
    shutil.copy(SAMPLES / "ssp-2012-08-14.txt", tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"not really a pdf")
    (tmp_path / "notes.md").write_text("Nothing here looks like minutes.\n")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_minutes", str(tmp_path), stdout=out, stderr=StringIO())
    output = out.getvalue()
    assert str(error.value) == import_minutes.FAILURES.format(n=3, total=4)
    assert "Imported 1, skipped 0, failed 3." in output
    assert re.search(r"empty\.txt +failed +the file is empty\.", output)
    assert re.search(r"scan\.pdf +failed +the document could not be read: ", output)
    assert re.search(r"notes\.md +failed +", output)
    assert Meeting.objects.count() == 1
    assert set(ImportRun.objects.filter(outcome="failed").values_list("filename", flat=True)) == {
        "empty.txt", "scan.pdf", "notes.md"}


def test_dry_run_writes_nothing():
    before = counts()
    output = run(SAMPLES, "--dry-run")
    assert "Would import 5, skipped 0, failed 0. Dry run: nothing was written." in output
    assert counts() == before


def test_an_unknown_body_is_an_error():
    with pytest.raises(CommandError, match="No body called “Nobody”"):
        run(SAMPLES, "--body", "Nobody")


def undated_sample(tmp_path, year=None):
    """The 2012 sample without its date (as the printable table view gives it), or with another year."""
    text = (SAMPLES / "ssp-2012-08-14.txt").read_text()
    text = text.replace("was held on Tuesday, 14th August, 2012.", f"was held on Tuesday, 14th August, {year}." if year else "was held.")
    path = tmp_path / "table-view.txt"
    path.write_text(text)
    return path


def test_minutes_without_a_date_are_refused_until_the_officer_gives_it(tmp_path):
    """No date in the document: refused with the reason and a record; --date imports it on that date."""
    import datetime as dt

    from meetings.imports import messages

    path = undated_sample(tmp_path)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), stdout=out, stderr=StringIO())
    assert messages.NO_MEETING_DATE.format(filename="table-view.txt").removeprefix("table-view.txt: ") in out.getvalue()
    assert not Meeting.objects.exists()
    assert ImportRun.objects.get().outcome == "failed"

    output = run(path, "--date", "2012-08-14")

    meeting = Meeting.objects.get()
    assert meeting.date == dt.date(2012, 8, 14) and meeting.items.count() == len(EXPECTED["ssp-2012-08-14.txt"]["items"])
    assert "Imported 1, skipped 0, failed 0." in output
    assert messages.DATE_GIVEN.format(date=meeting.date) in ImportRun.objects.get(outcome="imported").warnings


def test_a_date_that_is_not_a_date_is_a_usage_error(tmp_path):
    with pytest.raises(CommandError, match="is not a date"):
        run(undated_sample(tmp_path), "--date", "14/08/2012")


@pytest.mark.parametrize("year", [1985, 2100])
def test_an_unlikely_meeting_date_needs_allow_date(tmp_path, year):
    """Before 1990 or more than two years ahead: the parser leaves such a year unknown, so the officer
    gives the date, and it is refused (recorded) unless they also confirm it."""
    from meetings.imports import messages

    path = undated_sample(tmp_path, year)
    given = f"{year}-08-14"
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), "--date", given, stdout=out, stderr=StringIO())
    assert "is before 1990 or more than two years ahead" in out.getvalue()
    assert not Meeting.objects.exists() and ImportRun.objects.get().outcome == "failed"

    run(path, "--date", given, "--allow-date")

    meeting = Meeting.objects.get()
    assert meeting.date.year == year
    assert messages.DATE_CONFIRMED.format(date=meeting.date) in ImportRun.objects.get(outcome="imported").warnings
