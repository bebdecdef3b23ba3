"""Golden tests on eight real published pages (tests/minutes/real/, from ../shared/minutes/real/),
and the official scorer run on them and on the samples."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from meetings.minutes import parse_minutes, read_document

ROOT = Path(__file__).resolve().parents[2]
REAL = Path(__file__).parent / "real"
GOLD = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
SCORER = ROOT.parent / "shared" / "tools" / "score_parse.py"


def _norm(text) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _parse(name: str):
    return parse_minutes(read_document(REAL / name), today=__import__("datetime").date(2026, 1, 1))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_real_page(name):
    """Body, date, and each item's number, title, restricted flag, resolutions and bounds."""
    gold, parsed = GOLD[name], _parse(name)
    assert parsed.body == gold["body"]
    assert (parsed.date.isoformat() if parsed.date else None) == gold["date"]
    previous = parsed.previous_minutes_date
    assert (previous.isoformat() if previous else None) == gold["previous_minutes_date"]
    assert [item.number for item in parsed.items] == [item["n"] for item in gold["items"]]
    for expected, item in zip(gold["items"], parsed.items):
        # A title missing from the page is "" in the gold and None from the parser (never invented).
        assert (item.title or "") == expected["title"], item.number
        assert item.restricted is expected["restricted"], item.title
        assert [r.text for r in item.resolutions] == expected["resolutions"], item.title
        whole = _norm(item.title) + _norm(item.text)
        assert _norm(expected["first"]) in whole[: len(_norm(item.title)) + 400], item.title
        assert whole.endswith(_norm(expected["last"])), item.title
    got = [(p.name, p.role) for p in parsed.attendance]
    assert got == [(name_, role) for name_, role, _, _ in gold["attendance"]]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_untitled_items_are_warned_about(name):
    parsed = _parse(name)
    if any(item.title is None for item in parsed.items):
        assert any("has no title" in warning for warning in parsed.warnings)


def _score(gold: Path, folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(folder), sys.executable],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
    )
    last = done.stdout.strip().splitlines()[-1]
    return {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", last)}


@pytest.mark.skipif(not SCORER.exists(), reason="the official scorer lives in ../shared/tools")
def test_official_scorer_on_real_pages_and_samples():
    """The issue's bar: >= 0.99 on the real pages with no restricted item missed, 1.000 on samples."""
    real = _score(REAL / "expected.json", REAL)
    assert real["failed"] == 0
    assert real["overall"] >= 0.99, real
    assert real["restricted_recall"] == 1.0, real
    samples = _score(ROOT / "sample_data" / "minutes" / "expected.json", ROOT / "sample_data" / "minutes")
    assert samples["overall"] == 1.0, samples
