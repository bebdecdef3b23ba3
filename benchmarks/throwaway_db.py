"""Throwaway databases for the benchmarks: a PostgreSQL database created for one run and dropped after.

Set BENCH_POSTGRES_URL to an administrative connection (default postgres://ssp:ssp@127.0.0.1:5432/postgres,
a role with CREATEDB). Not a benchmark itself: `make bench` runs only `bench_*.py`.
"""
from __future__ import annotations

import os
from contextlib import contextmanager


def postgres_admin_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://ssp:ssp@127.0.0.1:5432/postgres")


def postgres_execute(sql: str) -> bool:
    """Run one statement on the administrative connection; False (with the reason printed) if unreachable."""
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(postgres_admin_url(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)
        return True
    except psycopg.Error as error:
        print(f"  PostgreSQL: {str(error).strip().splitlines()[0]}")
        return False


@contextmanager
def throwaway_postgres(name: str):
    """Yield the URL of a fresh database `name` (dropped on exit), or None when PostgreSQL is unreachable."""
    if not (postgres_execute(f"DROP DATABASE IF EXISTS {name}") and postgres_execute(f"CREATE DATABASE {name}")):
        yield None
        return
    try:
        yield f"{postgres_admin_url().rsplit('/', 1)[0]}/{name}"
    finally:
        postgres_execute(f"DROP DATABASE IF EXISTS {name}")
