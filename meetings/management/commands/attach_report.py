"""``manage.py attach_report --meeting YYYY-MM-DD --item N FILE [--title T] [--kind K] [--restricted] [--body B]``.

A thin entry point over `meetings.reports.services.report_attach`: finds the item, attaches the file,
says what happened. Attaching the same file to the same item again changes nothing.
"""
import argparse
import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from meetings.reports.models import ReportKind
from meetings.reports.services import report_attach, report_item_find


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date: write it YYYY-MM-DD") from None


def attach_one(*, date, item, path: Path, title="", kind=ReportKind.REPORT, restricted=False, body="", note=""):
    """Attach one file; returns (report, created). Raises CommandError with the service's message."""
    try:
        target = report_item_find(date=date, item=item, body=body)
        with path.open("rb") as stream:
            report = report_attach(item=target, file=File(stream, name=path.name), title=title, kind=kind,
                                   restricted=restricted, restriction_note=note)
    except ValidationError as error:
        raise CommandError("; ".join(error.messages)) from error
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from error
    return report, report.created


def describe(report, created: bool) -> str:
    state = "attached" if created else "already attached (unchanged)"
    restricted = ", restricted" if report.is_restricted else ""
    pages = f"{report.page_count} page{'' if report.page_count == 1 else 's'}"
    return (f"{report.filename}: {state} to {report.item.meeting.date} item {report.item.number or report.item.position} "
            f"as “{report.title}” ({report.get_kind_display().lower()}, {pages}{restricted})")


class Command(BaseCommand):
    help = "Attach a report, presentation or appendix (PDF, .docx, .pptx) to an agenda item."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--meeting", type=iso_date, required=True, help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument("--item", required=True, help="The item's position (1, 2, ...) or number as printed.")
        parser.add_argument("--body", default="", help="The body, when several met that day.")
        parser.add_argument("--title", default="", help="Shown on the pages (default: the file's name).")
        parser.add_argument("--kind", default=ReportKind.REPORT, choices=ReportKind.values)
        parser.add_argument("--restricted", action="store_true", help="Withhold it from the public.")

    def handle(self, *args, file, meeting, item, body, title, kind, restricted, **options):
        report, created = attach_one(date=meeting, item=item, path=file, title=title, kind=kind,
                                     restricted=restricted, body=body)
        self.stdout.write(describe(report, created))
