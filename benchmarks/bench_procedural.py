"""How fast the procedural-resolution classifier runs: what the data migration and imports pay for it.

Run: `.venv/bin/python benchmarks/bench_procedural.py [--texts 100000]` (or `make bench`). Classifies
the resolutions of the sample and real minutes, repeated to `--texts` texts, in pure Python (no
database), and prints texts per second and the share classified procedural. Asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetings.minutes.procedural import is_procedural  # noqa: E402

SOURCES = [ROOT / "sample_data/minutes/expected.json", ROOT.parent / "shared/minutes/real/expected.json"]


def resolutions() -> list[str]:
    texts = []
    for path in SOURCES:
        if path.exists():
            for meeting in json.loads(path.read_text()).values():
                for item in meeting["items"]:
                    texts.extend(item.get("resolutions", []))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    base = resolutions()
    texts = (base * (args.texts // len(base) + 1))[: args.texts]
    start = time.perf_counter()
    procedural = sum(is_procedural(text) for text in texts)
    elapsed = time.perf_counter() - start
    print(f"{len(texts):,} resolutions ({len(base)} distinct) classified in {elapsed:.2f} s: "
          f"{len(texts) / elapsed:,.0f} a second; {procedural / len(texts):.0%} procedural")


if __name__ == "__main__":
    main()
