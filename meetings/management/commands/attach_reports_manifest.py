"""``manage.py attach_reports_manifest MANIFEST.json``: attach every report a manifest lists.

The manifest is a list of {"meeting": "YYYY-MM-DD", "item": "3", "file": "name.pdf" (relative to the
manifest), "title", "kind", "restricted", "body"}. Each entry goes through the same service as
`attach_report`; a file already attached to its item is left alone, so a second run changes nothing.
"""
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .attach_report import attach_one, describe


class Command(BaseCommand):
    help = "Attach the reports listed in a JSON manifest (idempotent: files already attached are skipped)."

    def add_arguments(self, parser):
        parser.add_argument("manifest", type=Path)

    def handle(self, *args, manifest, **options):
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{manifest}: {error}") from error
        failed = 0
        for entry in entries:
            try:
                report, created = attach_one(
                    date=dt.date.fromisoformat(entry["meeting"]), item=str(entry["item"]),
                    path=manifest.parent / entry["file"], title=entry.get("title", ""),
                    kind=entry.get("kind", "report"), restricted=bool(entry.get("restricted", False)),
                    body=entry.get("body", ""), note=entry.get("restriction_note", ""),
                )
            except (CommandError, KeyError, ValueError) as error:
                failed += 1
                self.stderr.write(f"{entry.get('file', entry)}: {error}")
                continue
            self.stdout.write(describe(report, created))
        if failed:
            raise CommandError(f"{failed} of {len(entries)} reports could not be attached.")
