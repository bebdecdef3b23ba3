"""Reports: extraction throughput (pages a second for PDF, .docx, .pptx) and search latency with the
text of 1,000 reports (5,000 pages) indexed.

Run: `.venv/bin/python benchmarks/bench_reports.py [--reports 1000] [--database sqlite|postgres|both]`
(`make bench` runs both). Each database is a throwaway: a temporary SQLite file, and a PostgreSQL
database `ssp_bench_reports` created and dropped (benchmarks/throwaway_db.py). Each database runs in a
child process (settings are read once per process). Prints figures; asserts nothing.

Extraction goes through `meetings.reports.extract.extract_report` with the archive's limits, on files
made here (reportlab, python-docx, python-pptx). Search goes through `meetings.report_search.search_reports`
(the search page's call) for the public and for a partner, the reports' rows bulk-created (the
database's triggers fill the index as on upload).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ssp_bench_reports"
PAGES_PER_REPORT = 5
QUERIES = ["burglary", "anti social behaviour", "Norton shoplifting", "domestic abuse strategy", "zzzz-nothing"]
WORDS = ("burglary shoplifting norton thornaby billingham domestic abuse strategy anti social behaviour "
         "criminal damage hate crime fraud partnership police council youth offending prevent channel").split()


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
    import django

    django.setup()


def _percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def bench_extraction():
    sys.path.insert(0, str(ROOT))
    from meetings.minutes.limits import DEFAULT_LIMITS
    from meetings.reports.extract import extract_report
    from tests.reports.files import docx_bytes, pdf_bytes, pptx_bytes

    text = "Recorded crime across the borough fell by six per cent; burglary fell in Norton and Thornaby."
    files = {
        "pdf": ("bench.pdf", pdf_bytes(["\n".join([text] * 40)] * 20)),  # 20 pages of 40 lines
        "docx": ("bench.docx", docx_bytes([text] * 400)),  # one "page" of 400 paragraphs
        "pptx": ("bench.pptx", pptx_bytes([(f"Slide {n}", text * 3) for n in range(20)])),  # 20 slides
    }
    limits = DEFAULT_LIMITS  # the settings' defaults
    print("  extraction (best of 5 runs):")
    for kind, (name, content) in files.items():
        best = None
        for _ in range(5):
            start = time.perf_counter()
            extracted = extract_report(content, name, limits=limits)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        chars = sum(len(page) for page in extracted.pages)
        print(f"    {kind:5} {len(content) / 1024:7.1f} KB, {extracted.page_count:3} pages: {best * 1000:7.1f} ms, "
              f"{extracted.page_count / best:8.1f} pages/s, {chars / best / 1e6:5.2f} M chars/s")


def bench_search(n_reports: int):
    _setup_django()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    import datetime as dt
    import random

    from meetings.models import AgendaItem, Body, Meeting, Report, ReportPage
    from meetings.report_search import search_reports

    rng = random.Random(14)
    body, _ = Body.objects.get_or_create(slug="safer-stockton-partnership", defaults={"name": "Safer Stockton Partnership"})
    meetings = Meeting.objects.bulk_create(
        Meeting(body=body, date=dt.date(2000, 1, 1) + dt.timedelta(days=7 * n), slug=f"m{n}", is_published=True)
        for n in range(n_reports // 10)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=p, title=f"Item {p}", is_restricted=(p == 10), public_minute="")
        for meeting in meetings for p in range(1, 11)
    )
    start = time.perf_counter()
    reports = Report.objects.bulk_create(
        Report(item=item, title=f"{rng.choice(WORDS).title()} report {n}", filename=f"r{n}.pdf", file=f"reports/r{n}.pdf",
               content_type="application/pdf", page_count=PAGES_PER_REPORT, size=1000, checksum=f"{n:064d}",
               is_restricted=(n % 25 == 0))
        for n, item in enumerate(items)
    )
    ReportPage.objects.bulk_create(
        (ReportPage(report=report, number=page, text=" ".join(rng.choice(WORDS) for _ in range(300)))
         for report in reports for page in range(1, PAGES_PER_REPORT + 1)),
        batch_size=500,
    )
    load = time.perf_counter() - start
    print(f"  {connection.vendor}: {len(reports):,} reports, {ReportPage.objects.count():,} pages indexed in {load:.1f} s")
    partner = User.objects.create_user("bench-partner")
    partner.groups.add(Group.objects.get(name="Partners"))
    for label, user in (("public", None), ("partner", partner)):
        timings = []
        for _ in range(10):
            for query in QUERIES:
                begin = time.perf_counter()
                hits = search_reports(user=user, query=query)
                timings.append((time.perf_counter() - begin) * 1000)
                [hit.snippet for hit in hits]
        print(f"    search as {label:7}: p50 {statistics.median(timings):6.1f} ms, p95 {_percentile(timings, 0.95):6.1f} ms "
              f"({len(timings)} searches of {len(QUERIES)} queries, 10 hits shown)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        bench_search(args.reports)
        return
    bench_extraction()
    child = [sys.executable, __file__, "--child", "--reports", str(args.reports)]
    with tempfile.TemporaryDirectory() as folder:
        base = {**os.environ, "MINUTES_DOCUMENTS_DIR": folder}
        if args.database in ("sqlite", "both"):
            subprocess.run(child, check=True, env={**base, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"})
        if args.database in ("postgres", "both"):
            with throwaway_postgres(BENCH_DB) as url:
                if url is None:
                    print("  PostgreSQL unreachable: skipped")
                else:
                    subprocess.run(child, check=True, env={**base, "DATABASE_URL": url})


if __name__ == "__main__":
    main()
