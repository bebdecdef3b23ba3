"""The five sample minutes and their gold annotations, parsed once per test run."""
import datetime as dt
import json
from functools import cache
from pathlib import Path

from meetings.minutes import ParsedMinutes, parse_minutes

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_data" / "minutes"
GOLD = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
SAMPLE_NAMES = sorted(GOLD)
# The samples are judged against a fixed "today" so that a test never depends on the clock.
SAMPLES_TODAY = dt.date(2026, 1, 1)


def sample_text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@cache
def parsed_sample(name: str) -> ParsedMinutes:
    return parse_minutes(sample_text(name), today=SAMPLES_TODAY)
