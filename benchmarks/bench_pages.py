"""Cold timings of chosen public pages against an archive already built, for before/after comparisons.

bench_scale.py builds a fresh archive each run (minutes at 10,000 meetings); this reuses one. Build it
once, then time pages against it as often as needed:

    DATABASE_URL=sqlite:////tmp/ssp-10k.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/ssp-10k.sqlite3 .venv/bin/python manage.py generate_demo_archive --meetings 10000 --seed 1
    DATABASE_URL=sqlite:////tmp/ssp-10k.sqlite3 .venv/bin/python benchmarks/bench_pages.py [--repeat 5] [page ...]

Pages are named as below (default: all), or given as paths (`/people/?page=3`). Each is requested through Django's test client with the
anonymous cache emptied first; prints the median of `--repeat` cold requests, its size and query count,
and for downloads the time to the first byte and to the last (the whole body read). Asserts nothing.
Figures kept per archive version (meetings/figures.py) stay unless `--figures-cold`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--figures-cold", action="store_true",
                        help="also delete the kept archive figures before each request (meetings/figures.py): "
                             "the first request after a change to the archive. Writes to the database.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from meetings.figures import ArchiveFigure
    from people.models import Organisation, Person

    person = Person.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    organisation = Organisation.objects.annotate(n=Count("attendance")).order_by("-n", "pk").first()
    urls = {
        "person": person.get_absolute_url(),
        "person, page 5": person.get_absolute_url() + "?page=5",
        "organisation": organisation.get_absolute_url(),
        "home": "/",
        "meetings": "/meetings/",
        "people": "/people/",
        "organisations": "/organisations/",
        "resolutions": "/resolutions/",
        "sitemap.xml": "/sitemap.xml",
        "calendar": "/feeds/meetings.ics",
        "resolutions.csv": "/downloads/resolutions.csv",
        "resolutions.json": "/downloads/resolutions.json",
        "resolutions.xlsx": "/downloads/resolutions.xlsx",
        "attendance.csv": "/downloads/attendance.csv",
        "attendance.xlsx": "/downloads/attendance.xlsx",
    }
    chosen = args.pages or list(urls)
    cache, client = caches["default"], Client()
    client.get("/")  # imports and the first connection, not counted
    print(f"{'page':<20} {'status':>6} {'KB':>7} {'queries':>7} {'cold ms':>8} {'total ms':>9}")
    for name in chosen:
        url = name if name.startswith("/") else urls[name]  # a name above, or any path
        times, totals = [], []
        for _ in range(args.repeat):
            cache.clear()
            if args.figures_cold:
                ArchiveFigure.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:  # a download: the time to its first byte, then to its last
                    pieces = iter(response.streaming_content)
                    size = len(next(pieces, b""))
                    times.append(time.perf_counter() - started)
                    size += sum(len(piece) for piece in pieces)
                    response.close()
                    totals.append(time.perf_counter() - started)
                else:
                    size = len(response.content)
                    times.append(time.perf_counter() - started)
        label = f"{name}{' (1st byte)' if response.streaming else ''}"
        total = f"{statistics.median(totals) * 1000:>9.1f}" if totals else f"{'':>9}"
        print(f"{label:<20} {response.status_code:>6} {size / 1024:>7.0f} {len(queries):>7} "
              f"{statistics.median(times) * 1000:>8.1f} {total}")


if __name__ == "__main__":
    main()
