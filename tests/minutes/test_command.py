"""The ``parse_minutes`` management command: JSON out, nothing written, one clear line on failure."""
# These tests need Django's settings but not the database (no django_db mark): the command never
# touches it.
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.minutes.samples import ROOT, SAMPLES

SCORER = ROOT.parent / "shared" / "tools" / "score_parse.py"
GOLD_DIR = ROOT.parent / "shared" / "minutes"


def _run(*args) -> str:
    out = StringIO()
    call_command("parse_minutes", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_for_one_file_is_one_object():
    """--json on one file prints the SCHEMA.md object."""
    data = json.loads(_run(SAMPLES / "ssp-2020-01-28.txt", "--json"))
    assert data["date"] == "2020-01-28"
    assert data["items"][10]["restricted"] is True
    assert {"body", "attendance", "items", "previous_minutes_date", "next_meeting", "warnings"} <= data.keys()


def test_json_for_several_files_is_a_list():
    data = json.loads(_run(SAMPLES / "ssp-2017-04-04.txt", SAMPLES / "ssp-2024-03-28.txt", "--json"))
    assert [minutes["date"] for minutes in data] == ["2017-04-04", "2024-03-28"]


def test_summary_names_restricted_items_and_warnings():
    """Without --json an officer gets a readable account."""
    summary = _run(SAMPLES / "ssp-2020-01-28.txt")
    assert "ssp-2020-01-28.txt: Safer Stockton Partnership, 2020-01-28" in summary
    assert "[RESTRICTED:" in summary
    assert "listed twice" in summary


def test_bad_file_is_one_error_naming_it(tmp_path):
    """A picture renamed .pdf fails with the file's name and the reason."""
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CommandError) as error:
        _run(fake)
    message = str(error.value)
    assert str(fake) in message and "PNG image" in message
    assert "\n" not in message


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        _run(tmp_path / "nowhere.txt")


def test_command_line_failure_is_one_line_on_stderr(tmp_path):
    """Run as a program, a bad file gives a non-zero exit and one line on stderr."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "manage.py", "parse_minutes", str(empty), "--json"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "empty.txt" in done.stderr and "empty" in done.stderr


@pytest.mark.skipif(not SCORER.exists(), reason="the official scorer lives outside the repository")
def test_official_scorer_gives_full_marks():
    """The project's acceptance check: ../shared/tools/score_parse.py prints overall=1.000."""
    done = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD_DIR / "expected.json"), str(GOLD_DIR), sys.executable],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("overall=1.000 restricted_recall=1.000 restricted_fp=0"), done.stdout + done.stderr
