"""How fast the minutes parser runs, on the samples and on synthetic minutes of growing size."""
# Run: .venv/bin/python benchmarks/bench_parser.py. Prints documents/second and MB/s over the five
# samples (one core), then the time against size for synthetic minutes of 10, 100 and 1,000 items,
# with the ratio between successive sizes. It asserts nothing: the targets (500 sample documents a
# second; ten times the input in at most twelve times the time) are for reading. Each figure is the
# best of several runs, the one least disturbed by whatever else the machine is doing, timed in CPU
# seconds of this process (time.process_time): on a machine shared with other work, wall-clock time
# also counts the time the parser waited for a core, which says nothing about the parser.
from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetings.minutes import parse_minutes  # noqa: E402

SAMPLES = ROOT / "sample_data" / "minutes"
SECONDS_PER_MEASURE = 2.0
REPEATS = 5

_HEADER = """Safer Stockton Partnership

A meeting of Safer Stockton Partnership was held on Tuesday, 28 January 2020.

Present: Cllr Steve Nelson (Chair), Errol Parks (SBC – Community Services), Marc Anderson (Cleveland Police).

Apologies: Michael Houghton.
"""
_ITEM = """
SSP {number}/{year} Recorded Crime and Disorder Report {number}

Members were presented with a report on recorded crime and disorder. The report provided an overview
of recorded crime and anti-social behaviour incidents in the borough for the period to the end of October.

A comparison against other similar Community Safety Partnerships was noted within a separate report.
This report was a restricted document due to the statistical information it contained.

AGREED that:-

1. The report be noted.
2. A further update be brought to the next meeting.
"""


def synthetic_minutes(items: int) -> str:
    """Minutes with ``items`` items of the same shape, so time should grow with size alone (numbered
    ``SSP 1/10`` to ``SSP 100/10``, then ``SSP 1/11`` and on, as a hundred meetings' worth would be)."""
    return _HEADER + "".join(_ITEM.format(number=n % 100 + 1, year=10 + n // 100) for n in range(items))


def _best_time(function, budget: float = SECONDS_PER_MEASURE) -> float:
    """The fastest of as many runs as fit in ``budget`` seconds (at least five): the run least
    disturbed by anything else on the machine."""
    times: list[float] = []
    while len(times) < REPEATS or sum(times) < budget:
        gc.collect()
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def bench_samples() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    def parse_all() -> None:
        for text in texts:
            parse_minutes(text)

    parse_all()  # warm up: compiled patterns, imports
    seconds = _best_time(parse_all)
    print(f"samples: {len(texts)} documents, {megabytes * 1000:.1f} kB, one core")
    print(f"  {len(texts) / seconds:,.0f} documents/s, {megabytes / seconds:.2f} MB/s")


def bench_growth() -> None:
    print("synthetic minutes: time against size")
    previous = None
    for items in (10, 100, 1000):
        text = synthetic_minutes(items)
        seconds = _best_time(lambda text=text: parse_minutes(text))
        ratio = f"  x{seconds / previous:.1f} for x10 input" if previous else ""
        print(f"  {items:>5} items  {len(text) / 1e6:6.3f} MB  {seconds * 1000:9.2f} ms{ratio}")
        previous = seconds


if __name__ == "__main__":
    bench_samples()
    bench_growth()
