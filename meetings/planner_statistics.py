"""The database's planner statistics, refreshed after bulk writes so the register's sort uses its indexes.

Why (issue 12): the resolutions register and its downloads sort over three joined tables (meeting date,
item position, resolution position). With statistics, SQLite drives the join from the meetings' date
index and reads just the page's rows (about 1 ms at 10,000 meetings); without them (a database never
analysed, as every SQLite file is until someone runs ANALYZE) it scans all 80,000 resolutions and sorts
them in a temporary B-tree (about 200 ms, and the CSV's first byte at 0.6 s). PostgreSQL's autovacuum
analyses tables by itself, but only some time after a bulk load; running it at once does no harm.
"""
from django.db import connection

# The tables the public lists join and sort; ANALYZE of just these is quick (0.5 s at 10,000 meetings).
TABLES = ("meetings_meeting", "meetings_agendaitem", "meetings_resolution", "meetings_attendance",
          "people_person", "people_organisation")


def planner_statistics_refresh() -> None:
    """Run ANALYZE on the list tables (SQLite and PostgreSQL alike)."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
