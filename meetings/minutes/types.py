"""Frozen dataclasses the minutes parser returns: the contract between parser and import service.

Nothing here imports Django. ``ParsedMinutes.to_dict()`` is the JSON of ``../shared/minutes/SCHEMA.md``
(printed by ``manage.py parse_minutes --json``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ROLES = ("present", "officer", "in_attendance", "apologies")
CAPACITIES = ("Chair", "Vice Chair")


class MinutesParseError(ValueError):
    """A document that cannot be read or parsed; the message names the reason (and line, if useful)."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        super().__init__(f"{message} (line {line})" if line else message)


@dataclass(frozen=True)
class ParsedAttendee:
    name: str
    role: str  # one of ROLES
    honorific: str | None = None
    organisation: str | None = None  # the affiliation as written, capacity removed
    capacity: str | None = None  # one of CAPACITIES or None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "honorific": self.honorific,
            "role": self.role,
            "organisation": self.organisation,
            "capacity": self.capacity,
        }


@dataclass(frozen=True)
class ParsedResolution:
    text: str

    def to_dict(self) -> dict:
        return {"text": self.text}


@dataclass(frozen=True)
class ParsedDeclaration:
    name: str
    item: str | None  # number of the item the interest relates to, as printed
    text: str

    def to_dict(self) -> dict:
        return {"name": self.name, "item": self.item, "text": self.text}


@dataclass(frozen=True)
class ParsedItem:
    number: str | None
    title: str | None  # None where the minutes print no title (never invented; a warning says so)
    text: str = ""
    restricted: bool = False
    # Why the parser judged the item restricted (e.g. "title says RESTRICTED", "under 'Part 2' heading").
    restriction_note: str | None = None
    resolutions: tuple[ParsedResolution, ...] = ()
    declarations: tuple[ParsedDeclaration, ...] = ()
    # Reports the minutes name for this item (minutes/attachments.py). Not in to_dict(): the JSON is
    # SCHEMA.md's, compared whole by the golden tests; the import preview reads this field instead.
    expected_reports: tuple = ()

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "restricted": self.restricted,
            "restriction_note": self.restriction_note,
            "text": self.text,
            "resolutions": [r.to_dict() for r in self.resolutions],
            "declarations": [d.to_dict() for d in self.declarations],
        }


@dataclass(frozen=True)
class NextMeeting:
    date: dt.date | None = None
    time: dt.time | None = None

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
        }


@dataclass(frozen=True)
class ParsedMinutes:
    body: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    venue: str | None = None
    status: str = "approved"  # "draft" when the document says so (web export "Agenda and draft minutes")
    attendance: tuple[ParsedAttendee, ...] = ()
    items: tuple[ParsedItem, ...] = ()
    previous_minutes_date: dt.date | None = None
    next_meeting: NextMeeting | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "venue": self.venue,
            "status": self.status,
            "attendance": [a.to_dict() for a in self.attendance],
            "items": [i.to_dict() for i in self.items],
            "previous_minutes_date": (
                self.previous_minutes_date.isoformat() if self.previous_minutes_date else None
            ),
            "next_meeting": self.next_meeting.to_dict() if self.next_meeting else None,
            "warnings": list(self.warnings),
        }
