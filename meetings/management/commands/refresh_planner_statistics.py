"""``manage.py refresh_planner_statistics``: ANALYZE the list tables after a bulk load, and VACUUM them
too on PostgreSQL (see meetings/planner_statistics.py for why the public lists need it)."""
from django.core.management.base import BaseCommand

from meetings.planner_statistics import TABLES, planner_statistics_refresh


class Command(BaseCommand):
    help = ("Refresh the database planner's statistics for the tables the public lists sort (ANALYZE; "
            "VACUUM ANALYZE on PostgreSQL).")

    def handle(self, *args, **options):
        command = planner_statistics_refresh()
        done = "Vacuumed and analysed" if command.startswith("VACUUM") else "Analysed"
        self.stdout.write(f"{done} {len(TABLES)} tables.")
