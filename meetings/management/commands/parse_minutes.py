"""``manage.py parse_minutes FILE [FILE ...] [--json]``: parse minutes and print them; writes nothing."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.minutes import MinutesParseError, ParsedMinutes, parse_minutes, read_document


class Command(BaseCommand):
    help = (
        "Parse minutes (.txt, .md, .docx or .pdf) and print what was found, as a summary or as the JSON "
        "of SCHEMA.md. Nothing is written to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--json", action="store_true", help="print JSON: one object for one file, a list for several"
        )

    def handle(self, *args, files: list[Path], **options):
        parsed = [(path, _parse(path)) for path in files]
        if options["json"]:
            data = [minutes.to_dict() for _, minutes in parsed]
            self.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
            return
        for path, minutes in parsed:
            self.stdout.write(_summary(path, minutes))


def _parse(path: Path) -> ParsedMinutes:
    """Read and parse one file; any failure becomes one line naming the file and the reason."""
    try:
        return parse_minutes(read_document(path, path.name))
    except MinutesParseError as error:
        reason = " ".join(str(error).split())
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
    raise CommandError(f"{path}: {reason}")


def _summary(path: Path, minutes: ParsedMinutes) -> str:
    """A readable account of one parse, for an officer checking a file before importing it."""
    date = minutes.date.isoformat() if minutes.date else "no date"
    lines = [f"{path.name}: {minutes.body or 'unknown body'}, {date} ({minutes.status})"]
    roles = Counter(person.role for person in minutes.attendance)
    lines.append("  attendance: " + (", ".join(f"{role} {count}" for role, count in roles.items()) or "none listed"))
    restricted = sum(item.restricted for item in minutes.items)
    lines.append(f"  items: {len(minutes.items)} ({restricted} restricted)")
    for item in minutes.items:
        flag = f"  [RESTRICTED: {item.restriction_note}]" if item.restricted else ""
        lines.append(f"    {item.number or '-':<10} {item.title}{flag}")
    previous = minutes.previous_minutes_date.isoformat() if minutes.previous_minutes_date else "not found"
    following = minutes.next_meeting.to_dict()["date"] if minutes.next_meeting else None
    lines.append(f"  previous minutes: {previous}; next meeting: {following or 'not found'}")
    lines.extend(["  warnings:"] + [f"    - {warning}" for warning in minutes.warnings] if minutes.warnings else [])
    return "\n".join(lines)
