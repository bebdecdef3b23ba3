"""Search latency at size: p50/p95 of the search page over realistic queries, SQLite and PostgreSQL.

Run: `.venv/bin/python benchmarks/bench_search.py [--meetings 1000,10000] [--database sqlite|postgres|both]
[--repeat 5] [--keep PREFIX]`.

For each database and size, a throwaway database (a temporary SQLite file, or PostgreSQL
`ssp_bench_search` created and dropped, see throwaway_db.py) is migrated and filled by
`generate_demo_archive` (which builds the search index in a few set-based statements). Then, in a
child process set up for that database, every query of QUERIES is requested through Django's test
client as the public and as a partner (the whole page: view, one query, template), once to warm up
and then `--repeat` times; the timings of all of them give p50 and p95. Prints figures and the
growth between the smallest and largest size; asserts nothing (tests assert query counts instead).
With `--keep PREFIX`, PostgreSQL databases named `PREFIX_<meetings>` (and SQLite files
`<tmp>/PREFIX_<meetings>.sqlite3`) are kept after the run and reused by the next one when they
already hold that many meetings (10,000 meetings take minutes to
generate; tuning a query does not need them regenerated). Either way the filled database is
ANALYZEd before timing: a live archive has autovacuum's statistics, a database filled a second ago
has none, and the planner then misjudges how many items a common word matches.
Targets (issue 12): p95 < 100 ms on PostgreSQL and < 250 ms on SQLite at 10,000 meetings; growth
from 1,000 to 10,000 meetings <= 1.5x.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import postgres_admin_url, postgres_execute, throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ssp_bench_search"
# Realistic queries over the demo's topics and sentence pools: single words common and rare,
# phrases, exclusions, alternatives, and one that finds nothing.
QUERIES = [
    "report", "anti-social behaviour", "domestic abuse", '"hate crime"', "fly-tipping", "CCTV",
    "youth justice plan", "funding", "police and crime commissioner", '"night-time economy"',
    "road safety -update", "substance misuse or alcohol", "modern slavery", "serious violence duty",
    "reducing reoffending", "town centre", "victim support", "cyber crime", "training frontline staff",
    "consultation residents businesses", "scrap metal", "neighbourhood policing", "winter pressure",
    "community trigger", "zebra crossing",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def child(repeat: int) -> None:
    """Inside a process whose DATABASE_URL is the filled database: time the queries, print JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from meetings.search import run_search_queries

    setup_test_environment()  # the test client on a real database, as a browser would see the page
    from django.conf import settings
    from django.test import override_settings

    # Static files are not collected here: their URLs unhashed (a dictionary lookup either way).
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    partner = User.objects.filter(username="bench-partner").first()
    if partner is None:
        partner = User.objects.create_user("bench-partner")
        partner.groups.add(Group.objects.get(name="Partners"))
    partner_client = Client()
    partner_client.force_login(partner)
    out = {}
    for who, client in (("public", Client()), ("partner", partner_client)):
        run_search_queries(client, QUERIES)  # warm-up: caches, the first connection
        timings = [t for _ in range(repeat) for _q, t, _n in run_search_queries(client, QUERIES)]
        hits = {q: n for q, _t, n in run_search_queries(client, QUERIES)}
        out[who] = {"timings": timings, "hits": hits}
    print(json.dumps(out))


def meetings_in(database_url: str) -> int:
    """How many meetings a kept PostgreSQL database holds (0 when it has no tables yet)."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=3) as conn:
        if conn.execute("SELECT to_regclass('meetings_meeting')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]


def sqlite_meetings_in(path: Path) -> int:
    """How many meetings a kept SQLite file holds (0 when it is missing or empty)."""
    import sqlite3

    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meetings_meeting'").fetchone() is None:
            return 0
        return conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(postgres_admin_url(), connect_timeout=3) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def analyze(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def measure(database_url: str, meetings: int, repeat: int, *, reuse: bool = False) -> dict | None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-search-only",
           "SECURE_SSL_REDIRECT": "0"}  # the test client speaks plain HTTP
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    generated = None
    if not reuse:
        started = time.perf_counter()
        subprocess.run([*manage, "generate_demo_archive", "--meetings", str(meetings)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        generated = time.perf_counter() - started
    if database_url.startswith("postgres"):
        analyze(database_url)
    result = subprocess.run([sys.executable, __file__, "--child", "--repeat", str(repeat)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["generated"] = generated
    return data


def report(label: str, meetings: int, data: dict) -> dict:
    figures = {}
    for who in ("public", "partner"):
        timings = [t * 1000 for t in data[who]["timings"]]
        figures[who] = (statistics.median(timings), percentile(timings, 0.95), max(timings))
        print(f"  {label:<10} {meetings:>6,} meetings  {who:<8} p50 {figures[who][0]:7.1f} ms   "
              f"p95 {figures[who][1]:7.1f} ms   max {figures[who][2]:7.1f} ms   ({len(timings)} requests)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", default="1000", help="comma-separated sizes, e.g. 1000,10000")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", metavar="PREFIX",
                        help="keep the databases (PostgreSQL PREFIX_<meetings>, SQLite <tmp>/PREFIX_<meetings>.sqlite3) "
                             "and reuse them when filled")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.repeat)
        return
    sizes = [int(n) for n in args.meetings.split(",")]
    print(f"Search page, {len(QUERIES)} queries x {args.repeat} repeats, public and partner")
    for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        results = {}
        for meetings in sizes:
            if database == "sqlite" and args.keep:
                path = Path(tempfile.gettempdir()) / f"{args.keep}_{meetings}.sqlite3"
                filled = sqlite_meetings_in(path)
                if filled not in (0, meetings):
                    raise SystemExit(f"{path} holds {filled:,} meetings, not {meetings:,}: delete it first")
                data = measure(f"sqlite:///{path}", meetings, args.repeat, reuse=filled == meetings)
            elif database == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    data = measure(f"sqlite:///{folder}/bench.sqlite3", meetings, args.repeat)
            elif args.keep:
                name = f"{args.keep}_{meetings}"
                if not database_exists(name):
                    postgres_execute(f"CREATE DATABASE {name}")
                url = f"{postgres_admin_url().rsplit('/', 1)[0]}/{name}"
                filled = meetings_in(url)
                if filled not in (0, meetings):
                    raise SystemExit(f"{name} holds {filled:,} meetings, not {meetings:,}: drop it first")
                data = measure(url, meetings, args.repeat, reuse=filled == meetings)
            else:
                with throwaway_postgres(BENCH_DB) as url:
                    if url is None:
                        print("  PostgreSQL unreachable: skipped")
                        break
                    data = measure(url, meetings, args.repeat)
            if data["generated"] is None:
                print(f"  {database}: {meetings:,} meetings reused (kept from an earlier run)")
            else:
                print(f"  {database}: {meetings:,} meetings generated and indexed in {data['generated']:.1f} s")
            results[meetings] = report(database, meetings, data)
            hits = data["public"]["hits"]
            print(f"  {'':<10} hits on page 1 (public): " + ", ".join(f"{q} {n}" for q, n in list(hits.items())[:8]) + " ...")
        if len(results) > 1:
            small, large = results[min(results)], results[max(results)]
            for who in ("public", "partner"):
                print(f"  {database} growth {min(results):,} -> {max(results):,} meetings ({who}): "
                      f"p50 x{large[who][0] / small[who][0]:.2f}, p95 x{large[who][1] / small[who][1]:.2f}")


if __name__ == "__main__":
    main()
