"""How long importing the five sample minutes takes, on SQLite and (when reachable) PostgreSQL.

Run: `.venv/bin/python benchmarks/bench_import.py` (or `make bench`). Each database is a throwaway: a
temporary SQLite file, and a PostgreSQL database `ssp_bench_import` created and dropped here (set
BENCH_POSTGRES_URL to point elsewhere; default postgres://ssp:ssp@127.0.0.1:5432/postgres). Each
database runs in its own process, since Django's settings are read once. Prints figures; asserts nothing.
The target is all five samples in under 2 s.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data" / "minutes"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BENCH_DB = "ssp_bench_import"  # its own name, so the other benchmarks may run alongside


def measure() -> None:
    """In a child process whose DATABASE_URL is the throwaway database: migrate, then time the imports."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.imports import minutes_file_import
    from meetings.minutes import parse_minutes, read_document
    from meetings.models import AgendaItem, ImportRun, Meeting, Resolution
    from people.models import Organisation, Person

    call_command("migrate", verbosity=0)
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    contents = [(p.name, p.read_bytes()) for p in files]

    def empty_archive():
        ImportRun.objects.all().delete()
        Meeting.objects.update(approves=None)
        Meeting.objects.all().delete()  # items, resolutions, attendance, declarations go with them
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        for model in (Meeting, AgendaItem, Resolution):
            model.history.all().delete()

    parse_times, import_times, again_times, queries = [], [], [], 0
    for _ in range(ROUNDS):
        empty_archive()
        start = time.perf_counter()
        for name, content in contents:
            parse_minutes(read_document(content, name))
        parse_times.append(time.perf_counter() - start)

        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            for name, content in contents:
                minutes_file_import(filename=name, content=content)
            import_times.append(time.perf_counter() - start)
        queries = len(captured)

        start = time.perf_counter()
        for name, content in contents:
            assert minutes_file_import(filename=name, content=content).outcome == "skipped"
        again_times.append(time.perf_counter() - start)

    def fmt(times):
        return f"median {statistics.median(times) * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"

    print(f"  database          {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"  documents         {len(contents)} ({sum(len(c) for _, c in contents) / 1024:.0f} KB), {ROUNDS} rounds")
    print(f"  read + parse      {fmt(parse_times)}")
    print(f"  import (all five) {fmt(import_times)}  — {queries} queries")
    print(f"  per document      median {statistics.median(import_times) / len(contents) * 1000:7.1f} ms")
    print(f"  second run (skip) {fmt(again_times)}")
    empty_archive()


def run_child(database_url: str, media: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ssp-bench-") as tmp:
        print("== SQLite")
        run_child(f"sqlite:///{tmp}/bench.sqlite3", f"{tmp}/media-sqlite")
        print("== PostgreSQL")
        with throwaway_postgres(BENCH_DB) as url:
            if url:
                run_child(url, f"{tmp}/media-postgres")
            else:
                print("  not reachable: skipped")


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
