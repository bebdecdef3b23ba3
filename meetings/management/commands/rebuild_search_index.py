"""``manage.py rebuild_search_index``: index every agenda item again (meetings/search_index.py).

The index is kept current by the write paths themselves; this is for after a change to what is
indexed (a new weight, report text), a restore from a dump taken without it, or any doubt.
"""
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every agenda item (in one transaction: searches see the old index until done)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            count = search_index_rebuild()
        self.stdout.write(f"Search index rebuilt: {count:,} items in {time.perf_counter() - started:.1f} s")
