"""Load: gunicorn on loopback, driven by N concurrent connections over pages, search, downloads and API.

Run: `.venv/bin/python benchmarks/bench_load.py [--seconds 60] [--connections 64] [--meetings 200]
[--database sqlite|postgres|both] [--max-requests 200000]` (`make bench` runs it as is: 60 s, or
`BENCH_LOAD_SECONDS`).

A throwaway database (a temporary SQLite file, or PostgreSQL `ssp_bench_load` created and dropped,
see throwaway_db.py) is migrated and filled by `generate_demo_archive`; static files are collected;
gunicorn then serves it as in production (`DEBUG=0`, gthread workers) on 127.0.0.1 and a free port.
Each connection is a thread sending one request after another, chosen round-robin from a mix of the
public pages, search, downloads and API lists with real slugs, until the time or the request count
is up (both bounded). Prints requests per second, latency p50/p99 (overall and per kind) and errors
(any status other than 200, or no answer); asserts nothing. The target is 0 errors.
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
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from throwaway_db import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "ssp_bench_load"
REQUEST_TIMEOUT = 60  # seconds one request may take before it counts as an error


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            if get(port, "/robots.txt")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def request_mix(port: int) -> list[tuple[str, str]]:
    """(kind, path) pairs with real slugs, read from the API once gunicorn is up."""
    events = json.loads(get(port, "/api/events/")[1])["results"]
    people = json.loads(get(port, "/api/people/")[1])["results"]
    meeting_page, person_page = urlsplit(events[0]["html_url"]).path, urlsplit(people[0]["html_url"]).path
    meeting = meeting_page.rstrip("/").rsplit("/", 1)[-1]
    year = events[0]["start_date"][:4]
    return [
        ("home", "/"),
        ("meetings", "/meetings/"),
        ("meetings", f"/meetings/{year}/"),
        ("meeting", meeting_page),
        ("item", f"{meeting_page}items/1/"),
        ("resolutions", "/resolutions/"),
        ("resolutions", "/resolutions/?q=report"),
        ("search", "/search/?q=police"),
        ("search", "/search/?q=antisocial+behaviour"),
        ("people", "/people/"),
        ("person", person_page),
        ("organisations", "/organisations/"),
        ("download", f"/downloads/resolutions.csv?year={year}"),
        ("download", f"/downloads/attendance.json?year={year}"),
        ("api", "/api/events/"),
        ("api", "/api/resolutions/?page=2"),
        ("api", f"/api/agenda-items/?meeting={meeting}"),
        ("feed", "/feeds/meetings.atom"),
    ]


def drive(port: int, mix, *, seconds: float, connections: int, max_requests: int):
    """Run the load; return [(kind, seconds, ok)] for every request sent."""
    results: list[tuple[str, float, bool]] = []
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        position = offset
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            kind, path = mix[position % len(mix)]
            position += 1
            started = time.perf_counter()
            try:
                status, _ = get(port, path)
                ok = status == 200
                reason = f"{status} {path}"
            except OSError as error:
                ok, reason = False, f"{type(error).__name__} {path}"
            elapsed = time.perf_counter() - started
            with lock:
                results.append((kind, elapsed, ok))
                if not ok:
                    errors[reason] += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    return results, errors, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(results, errors, wall: float, *, label: str) -> None:
    latencies = [elapsed for _, elapsed, _ in results]
    failed = sum(1 for *_, ok in results if not ok)
    print(f"{label}: {len(results):,} requests in {wall:.1f} s = {len(results) / wall:.1f} requests/s; "
          f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms; "
          f"errors {failed}")
    by_kind = defaultdict(list)
    for kind, elapsed, _ in results:
        by_kind[kind].append(elapsed)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<14} {len(values):>7,}  p50 {percentile(values, 0.5) * 1000:7.0f} ms"
              f"  p99 {percentile(values, 0.99) * 1000:7.0f} ms")
    for reason, count in sorted(errors.items(), key=lambda pair: -pair[1])[:10]:
        print(f"  error x{count}: {reason}")


def bench(database_url: str, args, workdir: Path, label: str) -> None:
    env = {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-load-only",
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "WARNING", "CONN_MAX_AGE": "60",
    }
    started = time.perf_counter()
    run(["migrate", "--no-input"], env)
    run(["generate_demo_archive", "--meetings", str(args.meetings)], env)
    run(["collectstatic", "--no-input"], env)
    print(f"{label}: archive of {args.meetings} demo meetings ready in {time.perf_counter() - started:.0f} s")
    port = free_port()
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "ssp_archive.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", str(args.threads),
         "--timeout", "120", "--backlog", "2048", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_until_up(port, gunicorn)
        mix = request_mix(port)
        results, errors, wall = drive(
            port, mix, seconds=args.seconds, connections=args.connections, max_requests=args.max_requests
        )
        report(results, errors, wall, label=f"{label}, {args.connections} connections, "
                                             f"{workers} workers x {args.threads} threads")
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", 60)))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2 x CPUs + 1)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = parser.parse_args()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ssp-bench-load-")))
        if args.database in ("sqlite", "both"):
            bench(f"sqlite:///{workdir / 'bench.sqlite3'}", args, workdir, "SQLite")
        if args.database in ("postgres", "both"):
            url = stack.enter_context(throwaway_postgres(BENCH_DB))
            if url is None:
                print("PostgreSQL: unreachable, skipped")
            else:
                bench(url, args, workdir, "PostgreSQL")


if __name__ == "__main__":
    main()
