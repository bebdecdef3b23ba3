"""How fast, and in how much memory, the resolutions download runs for 100,000 resolutions.

Run: `.venv/bin/python benchmarks/bench_export.py [--rows 100000] [--database sqlite|postgres]` (or
`make bench`, which runs both databases). Each database is a throwaway: a temporary SQLite file, and a
PostgreSQL database `ssp_bench_export` created and dropped (benchmarks/throwaway_db.py; its own
name, so it never collides with bench_import.py's).

One child process migrates and bulk-creates the rows; then each format (CSV, JSON, XLSX) is
downloaded in a fresh child process through the real URL, middleware and view (Django's test
client, signed in as a partner so restricted rows and the "Restricted" column are included),
consuming the streamed body. A fresh process per format keeps the bulk create, and the other
formats, out of the peak resident memory (ru_maxrss) reported. Prints figures; asserts nothing.
The target is a peak under 150 MB RSS.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ssp_bench_export"
FORMATS = ["csv", "json", "xlsx"]
RSS_TARGET_MB = 150
ITEMS_PER_MEETING = 20
RESOLUTIONS_PER_ITEM = 10
BENCH_USER = "bench-partner"
# A resolution as long as a typical one in the sample minutes, starting with a formula character
# every so often so the neutralising is part of what is measured.
TEXT = (
    "the Partnership notes the performance report for the quarter, agrees the actions set out in "
    "section 4 and asks the Community Safety Manager to report progress to the next meeting."
)

# Each meeting keeps its minutes' text (30-60 KB in the samples): a download must not load it per row.
SOURCE_TEXT = "Minutes of the meeting of the Safer Stockton Partnership. " * 700


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    import django

    django.setup()


def populate(rows: int) -> None:
    """Migrate the throwaway database and bulk-create `rows` resolutions (5% of items restricted)."""
    _setup_django()
    import datetime as dt

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from meetings.models import AgendaItem, Body, Meeting, Resolution, resolution_reference

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    body, _ = Body.objects.get_or_create(  # a data migration may already have made it
        slug="safer-stockton-partnership", defaults={"name": "Safer Stockton Partnership", "short_name": "SSP"}
    )
    per_meeting = ITEMS_PER_MEETING * RESOLUTIONS_PER_ITEM
    n_meetings = -(-rows // per_meeting)
    first = dt.date(2000, 1, 4)
    meetings = Meeting.objects.bulk_create(
        Meeting(body=body, date=first + dt.timedelta(days=7 * n), slug=(first + dt.timedelta(days=7 * n)).isoformat(),
                status=Meeting.Status.APPROVED, venue="Jim Cooke Conference Suite, Stockton Central Library",
                # Published: a meeting awaits review by default, and its rows are in no download.
                is_published=True, source_text=SOURCE_TEXT)
        for n in range(n_meetings)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=p, number=f"SSP {p}/{meeting.date:%y}", title=f"Item {p} of the agenda",
                   minute="Members were presented with a report.", is_restricted=(n * ITEMS_PER_MEETING + p) % 20 == 0)
        for n, meeting in enumerate(meetings) for p in range(1, ITEMS_PER_MEETING + 1)
    )
    made = 0
    batch = []
    for item in items:
        for position in range(1, RESOLUTIONS_PER_ITEM + 1):
            if made == rows:
                break
            text = ("=" + TEXT) if made % 50 == 0 else TEXT
            # bulk_create skips Resolution.save, which is where the reference is usually made.
            reference = resolution_reference(item.number, item.meeting.date, item.position, position)
            batch.append(Resolution(item=item, position=position, text=text, reference=reference))
            made += 1
        if len(batch) >= 5000:
            Resolution.objects.bulk_create(batch)
            batch = []
    Resolution.objects.bulk_create(batch)
    user = User.objects.create_user(BENCH_USER, password="not-used-bench-password")
    user.groups.add(Group.objects.get(name="Partners"))
    print(f"  created           {Resolution.objects.count():,} resolutions in {len(meetings):,} meetings "
          f"({time.perf_counter() - start:.1f} s)")


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def export(fmt: str) -> None:
    """Download every resolution as `fmt` through the real view; print one JSON line of figures."""
    _setup_django()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from meetings.models import Resolution

    rows = Resolution.objects.count()
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USER))
    url = reverse("download_resolutions", kwargs={"fmt": fmt})
    before = _rss_mb()
    start = time.perf_counter()
    response = client.get(url)
    first_byte = None
    size = 0
    for piece in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - start
        size += len(piece)
    elapsed = time.perf_counter() - start
    response.close()
    assert response.status_code == 200, response.status_code
    print(json.dumps({
        "format": fmt, "rows": rows, "seconds": elapsed, "first_byte": first_byte, "bytes": size,
        "rss_before_mb": before,
        # ru_maxrss is in kilobytes on Linux.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def _child_env(database_url: str, media: str) -> dict:
    return {
        **os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media, "LOG_LEVEL": "WARNING",
        # Production-like: DEBUG off (no query log growing in memory), HTTPS redirect off for the test client.
        "DEBUG": "0", "SECRET_KEY": "bench-only-not-secret", "SECURE_SSL_REDIRECT": "0",
    }


def run_database(database_url: str, media: str, rows: int) -> None:
    env = _child_env(database_url, media)
    subprocess.run([sys.executable, __file__, "--populate", str(rows)], env=env, check=True)
    print(f"  {'format':<6} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'1st byte':>9} {'size':>9} {'peak RSS':>9}")
    for fmt in FORMATS:
        out = subprocess.run([sys.executable, __file__, "--export", fmt], env=env, check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        verdict = "ok" if r["peak_rss_mb"] < RSS_TARGET_MB else f"OVER {RSS_TARGET_MB} MB"
        print(f"  {fmt:<6} {r['rows']:>9,} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>9,.0f} "
              f"{r['first_byte']:>8.2f}s {r['bytes'] / 1e6:>7.1f}MB {r['peak_rss_mb']:>7.1f}MB  "
              f"(before download {r['rss_before_mb']:.0f} MB) {verdict}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], help="one database only (default: both)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ssp-bench-export-") as tmp:
        if args.database in (None, "sqlite"):
            print(f"== SQLite: resolutions download, {args.rows:,} rows")
            run_database(f"sqlite:///{tmp}/bench.sqlite3", f"{tmp}/media-sqlite", args.rows)
        if args.database in (None, "postgres"):
            print(f"== PostgreSQL: resolutions download, {args.rows:,} rows")
            with throwaway_postgres(BENCH_DB) as database_url:
                if database_url is None:
                    print("  not reachable: skipped")
                else:
                    run_database(database_url, f"{tmp}/media-postgres", args.rows)


if __name__ == "__main__":
    if "--populate" in sys.argv:
        populate(int(sys.argv[sys.argv.index("--populate") + 1]))
    elif "--export" in sys.argv:
        export(sys.argv[sys.argv.index("--export") + 1])
    else:
        main()
