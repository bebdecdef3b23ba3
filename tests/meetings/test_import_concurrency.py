"""Imports at once on SQLite: real processes against one database file wait their turn or refuse cleanly, never a traceback."""
import os
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from meetings.imports import messages

SAMPLES = Path(settings.BASE_DIR) / "sample_data" / "minutes"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer is what is tested")


def manage(db: Path, *args, timeout: int | None = None):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "1"}
    if timeout is not None:
        env["SQLITE_TIMEOUT"] = str(timeout)
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated database file, copied for each test (migrating once keeps the test short)."""
    db = tmp_path_factory.mktemp("concurrency") / "template.sqlite3"
    done = manage(db, "migrate", "--no-input")
    assert done.returncode == 0, done.stderr
    return db


def run_at_once(db: Path, batches: list[list[Path]], timeout: int | None = None):
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        return list(pool.map(lambda files: manage(db, "import_minutes", *files, timeout=timeout), batches))


def rows(db: Path, sql: str):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_eight_imports_at_once_wait_for_each_other_and_each_file_is_imported_once(migrated, tmp_path):
    """Five samples and three of them again, in eight processes: five meetings, the repeats skipped or refused cleanly."""
    db = tmp_path / "db.sqlite3"
    shutil.copy(migrated, db)
    batches = [[f] for f in FILES] + [[f] for f in FILES[:3]]

    results = run_at_once(db, batches)

    for result in results:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert rows(db, "select count(*) from meetings_meeting") == [(len(FILES),)]
    outcomes = rows(db, "select outcome, count(*) from meetings_importrun group by outcome")
    # A repeat is skipped (no record) when it reads after the first commit; when it planned before it,
    # its write meets the first meeting, and planning again skips it too.
    assert dict(outcomes) == {"imported": len(FILES)}
    assert all(result.returncode == 0 for result in results), [r.stdout for r in results]


def test_with_no_wait_an_import_that_cannot_get_the_database_is_refused_with_a_reason(migrated, tmp_path):
    """SQLITE_TIMEOUT=0: whoever loses the lock is told the archive is busy (or imports on retry); no traceback."""
    db = tmp_path / "db.sqlite3"
    shutil.copy(migrated, db)

    results = run_at_once(db, [[f] for f in FILES], timeout=0)

    busy = messages.DATABASE_BUSY.split(": ", 1)[1]
    for result in results:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
        assert result.returncode == 0 or busy in result.stdout, result.stdout + result.stderr
    imported = rows(db, "select count(*) from meetings_meeting")[0][0]
    refused = sum(result.returncode != 0 for result in results)
    assert imported + refused == len(FILES)
