"""``manage.py import_minutes PATH... [--body NAME] [--date YYYY-MM-DD] [--allow-date] [--replace] [--dry-run] [--publish]``.

A thin entry point: each file goes through `meetings.imports.minutes_file_import`; this command only
finds the files, shows progress and prints the closing table (imported / skipped / failed, with reasons).
Imported meetings await an officer's review unless `--publish` (trusted bulk loads, e.g. the samples)
publishes each through `meetings.publication.meeting_publish` once the import service has returned.
"""
from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meetings.imports import ALLOWED_EXTENSIONS, ImportOutcome, body_find, minutes_file_import
from meetings.models import ImportRun
from meetings.publication import meeting_publish
from meetings.wording import counted

BODY_NOT_FOUND = "No body called “{name}” in the archive (see Bodies in the admin)."
NOT_FOUND = "no such file or folder"
BAD_DATE = "“{value}” is not a date: write it YYYY-MM-DD, e.g. 2020-01-28."
FAILURES = "{n} of {total} files failed; nothing of them was saved."


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_DATE.format(value=value)) from None


@dataclass(frozen=True)
class Row:
    name: str
    status: str  # "imported", "skipped", "failed"
    detail: str


def _files(paths: list[str]) -> tuple[list[Path], list[Row], list[Path]]:
    """Files named, and the minutes documents in folders named (recursively, sorted).

    Returns:
        (files to import, rows for paths that do not exist, files of other types found in folders).
        A file named explicitly is always tried: the service says why a wrong type is refused.
    """
    found, missing, ignored = [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                (found if child.suffix.lower() in ALLOWED_EXTENSIONS else ignored).append(child)
        elif path.is_file():
            found.append(path)
        else:
            missing.append(Row(raw, "failed", NOT_FOUND))
    return found, missing, ignored


def _without_filename(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


class Progress:
    """A one-line progress bar on a terminal; one line per file otherwise (logs, `make run`)."""

    def __init__(self, stream, total: int, *, enabled: bool = True):
        self.stream, self.total, self.enabled = stream, total, enabled and total > 0
        self.tty = stream.isatty()

    def show(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} {name}"
        self.stream.write(f"\r{line[:100]:<100}" if self.tty else line, ending="" if self.tty else "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import minutes documents (.txt, .md, .docx, .pdf), files or folders of them. The same file again "
        "is skipped; a different document for a meeting already in the archive is refused unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders searched recursively")
        parser.add_argument("--body", help="the body the minutes are of (name, short name or slug); "
                                           "default: the body the minutes name")
        parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                            help="the meeting's date, for minutes that do not state it (the printable table view)")
        parser.add_argument("--allow-date", action="store_true",
                            help="confirm a meeting date before 1990 or more than two years ahead")
        parser.add_argument("--replace", action="store_true",
                            help="replace a meeting already imported from another document (or re-parse the same)")
        parser.add_argument("--dry-run", action="store_true", help="parse and check everything, write nothing")
        parser.add_argument("--publish", action="store_true",
                            help="publish each meeting imported at once, without an officer's review "
                                 "(trusted bulk loads only); by default meetings await review in the admin")

    def handle(self, *args, paths, body=None, date=None, allow_date=False, replace=False, dry_run=False, publish=False,
               verbosity=1,
               **options):
        chosen = None
        if body:
            chosen = body_find(body)
            if chosen is None:
                raise CommandError(BODY_NOT_FOUND.format(name=body))
        files, rows, ignored = _files(paths)
        progress = Progress(self.stderr, len(files), enabled=verbosity > 0)
        suggestions: list[str] = []
        for done, path in enumerate(files, start=1):
            progress.show(done, path.name)
            rows.append(self._import(path, chosen, replace, dry_run, suggestions, verbosity,
                                     date=date, allow_date=allow_date, publish=publish))
        progress.close()
        self._summary(rows, suggestions, dry_run)
        if ignored and verbosity:
            self.stdout.write(f"Ignored {len(ignored)} file(s) of other types: {', '.join(p.name for p in ignored)}.")
        failed = sum(row.status == "failed" for row in rows)
        if failed:
            raise CommandError(FAILURES.format(n=failed, total=len(rows)))

    def _import(self, path: Path, body, replace: bool, dry_run: bool, suggestions: list[str], verbosity: int, *,
                date: dt.date | None = None, allow_date: bool = False, publish: bool = False) -> Row:
        try:
            content = path.read_bytes()
        except OSError as error:
            return Row(path.name, "failed", f"cannot read the file: {error.strerror or error}")
        try:
            result = minutes_file_import(
                filename=path.name, content=content, body=body, replace=replace, dry_run=dry_run,
                via=ImportRun.Via.COMMAND, date=date, allow_date=allow_date,
            )
        except ValidationError as error:
            return Row(path.name, "failed", _without_filename(" ".join(error.messages), path.name))
        suggestions.extend(f"{path.name}: {s}" for s in result.suggestions)
        if result.outcome == ImportOutcome.SKIPPED:
            message = _without_filename(result.message, path.name)
            # Already imported, perhaps without --publish: --publish still publishes it (once).
            if publish and not dry_run and result.meeting is not None and meeting_publish(meeting=result.meeting, user=None):
                message += "; published"
            return Row(path.name, "skipped", message)
        if result.outcome == ImportOutcome.REFUSED:
            return Row(path.name, "failed", _without_filename(result.message, path.name))
        counts = result.counts
        verb = ("would be " if dry_run else "") + result.outcome
        detail = (
            f"{verb}: {result.meeting or result.filename}; " if result.outcome == ImportOutcome.REPLACED else ""
        ) + (
            f"{counted(counts['items'], 'item')} ({counts['restricted']} restricted), "
            f"{counted(counts['resolutions'], 'resolution')}, "
            f"{counts['attendance']} attending, {counted(len(result.warnings), 'warning')}"
        )
        if publish and not dry_run and result.meeting is not None:
            published = meeting_publish(meeting=result.meeting, user=None)
            detail += "; published" if published else "; already published"
        elif not dry_run:
            detail += "; awaiting review"
        if verbosity >= 2:
            detail += "".join(f"\n    ! {warning}" for warning in result.warnings)
        return Row(path.name, "would import" if dry_run else "imported", detail)

    def _summary(self, rows: list[Row], suggestions: list[str], dry_run: bool) -> None:
        if not rows:
            self.stdout.write("No minutes documents found.")
            return
        name_width = min(max(len(row.name) for row in rows), 40)
        status_width = max(len(row.status) for row in rows)
        self.stdout.write(f"{'file':<{name_width}}  {'result':<{status_width}}  detail")
        self.stdout.write(f"{'-' * name_width}  {'-' * status_width}  {'-' * 40}")
        style = {"failed": self.style.ERROR, "skipped": self.style.WARNING}
        for row in rows:
            line = f"{row.name:<{name_width}}  {row.status:<{status_width}}  {row.detail}"
            self.stdout.write(style.get(row.status, self.style.SUCCESS)(line) if row.status != "would import" else line)
        tally = {status: sum(row.status == status for row in rows) for status in ("imported", "skipped", "failed")}
        done = sum(row.status == "would import" for row in rows) if dry_run else tally["imported"]
        self.stdout.write(
            f"{'Would import' if dry_run else 'Imported'} {done}, skipped {tally['skipped']}, failed {tally['failed']}."
            + (" Dry run: nothing was written." if dry_run else "")
        )
        if suggestions:
            self.stdout.write("\nPossible duplicates to check (never merged automatically):")
            for line in suggestions:
                self.stdout.write(f"  {line}")
