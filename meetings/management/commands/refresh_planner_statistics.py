"""``manage.py refresh_planner_statistics``: ANALYZE the list tables after a bulk load (see
meetings/planner_statistics.py for why the resolutions register needs it on SQLite)."""
from django.core.management.base import BaseCommand

from meetings.planner_statistics import TABLES, planner_statistics_refresh


class Command(BaseCommand):
    help = "Refresh the database planner's statistics for the tables the public lists sort (ANALYZE)."

    def handle(self, *args, **options):
        planner_statistics_refresh()
        self.stdout.write(f"Analysed {len(TABLES)} tables.")
