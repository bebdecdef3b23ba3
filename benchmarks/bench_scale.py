"""The archive at size: search, every public page type, feeds, sitemap sections and downloads, at 1,000
and 10,000 meetings, on SQLite and PostgreSQL; and a cached meeting page against a static file.

Run: `.venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000] [--database sqlite|postgres|both]
[--repeat 5] [--seconds 10]`. Generating 10,000 meetings takes a few minutes; `--sizes 1000` for a
quick run.

For each size and database a throwaway database (a temporary SQLite file, or PostgreSQL
`ssp_bench_scale` created and dropped, see throwaway_db.py) is migrated and filled by
`generate_demo_archive` (on PostgreSQL then VACUUM ANALYZEd, as autovacuum would have done in a live
archive). A child process then requests every URL through Django's test client (the whole middleware
stack, no network) and prints, per URL, the median of `--repeat` requests with the anonymous cache
emptied before each ("cold": the page is built) and one served from the cache ("warm"); for downloads,
the time to the first byte of the stream and to the last. Search is timed over 24 realistic queries
through /search/ (p50 and p95 of each query's cold median). Last, gunicorn (2 workers) serves the
archive and the same run measures requests per second for a meeting page (from the anonymous cache) and
for the same bytes as a static file (WhiteNoise), one after the other, from a few client threads. Prints
figures; asserts nothing.
Targets (issue 12): pages, feeds and sitemap sections < 150 ms at 10,000 meetings; a download's first
byte < 1 s; the cached meeting page >= 25 % of the static file's requests per second.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from throwaway_db import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "ssp_bench_scale"
SEARCHES = [
    "anti-social behaviour", "domestic abuse", "fly-tipping", "hate crime", "police", "youth offending",
    "night time economy", "alcohol", "drugs", "burglary", "CCTV", "funding", "strategy", "noted",
    "Norton", "Thornaby", "Billingham", "\"community safety\"", "probation -police", "housing",
    "reoffending", "violence against women", "consultation", "performance report",
]


# --- The child: measure one database through Django's test client --------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(repeat: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from meetings.models import AgendaItem, Meeting, Resolution
    from meetings.sitemaps import LIMIT
    from people.models import Organisation, Person

    # On PostgreSQL a live archive's tables have been vacuumed and analysed by autovacuum by the time
    # anyone searches; one filled a moment ago has not (the demo refreshes only the list tables), and
    # autovacuum would otherwise work through the new tables during the timings. SQLite has no
    # autovacuum: a live file holds the statistics `refresh_planner_statistics` writes, as the demo's does.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    cache = caches["default"]
    client = Client()
    meetings = Meeting.objects.filter(is_published=True)
    meeting = meetings.annotate(n=Count("items")).order_by("-date").first()
    old = meetings.order_by("date").first()
    person = Person.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    organisation = Organisation.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    n_meetings = meetings.count()
    n_resolutions = Resolution.objects.filter(item__meeting__is_published=True, item__is_restricted=False).count()
    last_item = meeting.items.filter(is_restricted=False).order_by("-position").first()
    pages = {
        "home": "/",
        "meeting list": "/meetings/",
        "meeting list, last page": f"/meetings/?page={-(-n_meetings // 25)}",
        "meetings of a year": f"/meetings/{old.date.year}/",
        "meetings filtered": f"/meetings/?person={person.slug}",
        "meeting": meeting.get_absolute_url(),
        "item": last_item.get_absolute_url(),
        "resolutions": "/resolutions/",
        "resolutions, last page": f"/resolutions/?page={-(-n_resolutions // 50)}",
        "people": "/people/",
        "person": person.get_absolute_url(),
        "organisations": "/organisations/",
        "organisation": organisation.get_absolute_url(),
        "accessibility": "/accessibility/",
        "feed: atom": "/feeds/meetings.atom",
        "feed: calendar": "/feeds/meetings.ics",
        "feed: calendar of a year": f"/feeds/meetings-{old.date.year}.ics",
        "feed: meeting calendar": f"{meeting.get_absolute_url()}calendar.ics",
        "sitemap index": "/sitemap.xml",
    }
    for section in ("pages", "meetings", "items", "people", "organisations"):
        pages[f"sitemap {section}"] = f"/sitemap-{section}.xml"
    n_visible_items = AgendaItem.objects.filter(meeting__is_published=True, is_restricted=False).count()
    pages["sitemap items, last file"] = f"/sitemap-items.xml?p={max(1, -(-n_visible_items // LIMIT))}"
    downloads = {f"{kind}.{fmt}": f"/downloads/{kind}.{fmt}"
                 for kind in ("resolutions", "attendance") for fmt in ("csv", "json", "xlsx")}

    def timed(url: str) -> tuple[float, int, int]:
        started = time.perf_counter()
        response = client.get(url)
        size = len(response.content) if not response.streaming else 0
        return time.perf_counter() - started, response.status_code, size

    out = {"pages": {}, "downloads": {}, "search": {}}
    for url in list(pages.values())[:3]:  # imports and first connections, not counted
        client.get(url)
    for name, url in pages.items():
        cold = []
        for _ in range(repeat):
            cache.clear()
            elapsed, status, size = timed(url)
            cold.append(elapsed)
        warm, _, _ = timed(url)
        out["pages"][name] = {"url": url, "status": status, "kb": size / 1024, "cold": statistics.median(cold),
                              "warm": warm}
    for name, url in downloads.items():
        started = time.perf_counter()
        response = client.get(url)
        stream = iter(response.streaming_content) if response.streaming else iter([response.content])
        first = next(stream, b"")
        first_byte = time.perf_counter() - started
        size = len(first) + sum(len(chunk) for chunk in stream)
        out["downloads"][name] = {"status": response.status_code, "first_byte": first_byte,
                                  "total": time.perf_counter() - started, "kb": size / 1024}
    times = []
    client.get("/search/?q=warm+up")
    for query in SEARCHES:
        cold = []  # as for the pages: the median of `repeat` requests, the anonymous cache emptied before each
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            cold.append(time.perf_counter() - started)
            assert response.status_code == 200, (query, response.status_code)
        times.append(statistics.median(cold))
    out["search"] = {"n": len(times), "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                     "max": max(times)}
    cache.clear()
    meeting_page = client.get(meeting.get_absolute_url())
    out["meeting_url"] = meeting.get_absolute_url()
    out["meeting_bytes"] = meeting_page.content.decode()
    return out


# --- The parent: databases, archives, gunicorn ----------------------------------------------------


def manage(args: list[str], env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port: int, path: str, *, seconds: float, threads: int) -> float:
    """Requests per second for `path` from `threads` clients, each a new connection per request."""
    done = []
    stop = time.perf_counter() + seconds

    def client():
        n = 0
        while time.perf_counter() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                n += 1
        done.append(n)

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - started)


def serve_and_compare(env: dict, workdir: Path, results: dict, *, seconds: float) -> None:
    static_dir = workdir / "static" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "meeting.html").write_text(results["meeting_bytes"])  # before gunicorn: WhiteNoise indexes at start
    port = free_port()
    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "ssp_archive.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", results["meeting_url"], headers={"Host": "127.0.0.1"})
                state = connection.getresponse()
                state.read()
                break
            except OSError:
                if time.time() > deadline or gunicorn.poll() is not None:
                    raise SystemExit("gunicorn did not answer") from None
                time.sleep(0.3)
        for _ in range(4):  # warm both workers' caches (local memory is per process)
            hammer(port, results["meeting_url"], seconds=0.3, threads=2)
        page = hammer(port, results["meeting_url"], seconds=seconds, threads=4)
        static = hammer(port, "/static/bench/meeting.html", seconds=seconds, threads=4)
        print(f"  gunicorn, 2 workers, 4 client threads, {seconds:.0f} s each: cached meeting page "
              f"{page:,.0f} req/s; same bytes as a static file {static:,.0f} req/s; "
              f"ratio {page / static:.0%} (target >= 25 %)")
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()


def report(label: str, results: dict) -> None:
    print(f"\n{label}")
    print(f"  search: {results['search']['n']} queries through /search/, p50 {results['search']['p50'] * 1000:.0f} ms, "
          f"p95 {results['search']['p95'] * 1000:.0f} ms, max {results['search']['max'] * 1000:.0f} ms")
    print(f"  {'page':<28} {'status':>6} {'KB':>8} {'cold ms':>9} {'warm ms':>9}")
    for name, row in results["pages"].items():
        flag = "" if row["cold"] < 0.150 else "  (> 150 ms)"
        print(f"  {name:<28} {row['status']:>6} {row['kb']:>8.0f} {row['cold'] * 1000:>9.1f} "
              f"{row['warm'] * 1000:>9.1f}{flag}")
    print(f"  {'download':<28} {'status':>6} {'KB':>8} {'1st byte':>9} {'total ms':>9}")
    for name, row in results["downloads"].items():
        flag = "" if row["first_byte"] < 1 else "  (> 1 s)"
        print(f"  {name:<28} {row['status']:>6} {row['kb']:>8.0f} {row['first_byte'] * 1000:>9.0f} "
              f"{row['total'] * 1000:>9.0f}{flag}")


def bench(database_url: str, size: int, args, workdir: Path, label: str) -> None:
    env = {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-scale-only",
        "ALLOWED_HOSTS": "127.0.0.1,testserver", "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "60",
    }
    started = time.perf_counter()
    manage(["migrate", "--no-input"], env)
    manage(["generate_demo_archive", "--meetings", str(size), "--seed", "1"], env)
    manage(["collectstatic", "--no-input"], env)
    built = time.perf_counter() - started
    child = subprocess.run([PYTHON, __file__, "--measure", "--repeat", str(args.repeat)], cwd=ROOT, env=env,
                           check=True, capture_output=True, text=True)
    results = json.loads(child.stdout.strip().splitlines()[-1])
    report(f"{label}, {size:,} meetings (archive built in {built:.0f} s)", results)
    serve_and_compare(env, workdir, results, seconds=args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="meetings, comma-separated")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5, help="cold requests per URL (the median is shown)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of each gunicorn run")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    for size in sizes:
        if args.database in ("sqlite", "both"):
            with tempfile.TemporaryDirectory(prefix="ssp-bench-scale-") as tmp:
                bench(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", size, args, Path(tmp), "SQLite")
        if args.database in ("postgres", "both"):
            with ExitStack() as stack:
                tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ssp-bench-scale-")))
                url = stack.enter_context(throwaway_postgres(BENCH_DB))
                if url is None:
                    print("PostgreSQL: unreachable, skipped")
                    continue
                bench(url, size, args, tmp, "PostgreSQL")


if __name__ == "__main__":
    main()
