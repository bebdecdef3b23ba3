"""The database's planner statistics, refreshed after bulk writes so the public lists use their indexes.

Why (issue 12): the resolutions register and its downloads sort over three joined tables (meeting date,
item position, resolution position). With statistics, SQLite drives the join from the meetings' date
index and reads just the page's rows (about 1 ms at 10,000 meetings); without them (a database never
analysed, as every SQLite file is until someone runs ANALYZE) it scans all 80,000 resolutions and sorts
them in a temporary B-tree (about 200 ms, and the CSV's first byte at 0.6 s).

PostgreSQL's autovacuum analyses and vacuums tables by itself, but only some time after a bulk load
(an hour after the 10,000-meeting demo archive was written, it had not). Until a table is vacuumed
its visibility map is empty, so every index-only scan (the counts of visible people and organisations,
the register's sort) visits the table's rows as well: VACUUM ANALYZE took /organisations/ from 182 to
103 ms. So on PostgreSQL the refresh is VACUUM (ANALYZE) whenever it can be, that is outside a
transaction (VACUUM cannot run inside one), and a plain ANALYZE inside one.
"""
from django.db import connection

# The tables the public lists join, sort and count; refreshing just these is quick (0.5 s at 10,000
# meetings on SQLite). Declarations: who the public may know of (visibility.people_visible_to) reads them.
TABLES = ("meetings_meeting", "meetings_agendaitem", "meetings_resolution", "meetings_attendance",
          "meetings_declaration", "people_person", "people_organisation")


def planner_statistics_refresh() -> str:
    """ANALYZE the list tables; on PostgreSQL outside a transaction, VACUUM (ANALYZE) them.

    Returns:
        What was run: "VACUUM (ANALYZE)" or "ANALYZE".
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    return command
