"""The minutes parser: documents (.txt/.md/.docx/.pdf) to frozen dataclasses. Pure Python, no Django."""
from .parse import parse_minutes
from .read import MAX_DOCUMENT_BYTES, read_document
from .types import (
    CAPACITIES,
    ROLES,
    MinutesParseError,
    NextMeeting,
    ParsedAttendee,
    ParsedDeclaration,
    ParsedItem,
    ParsedMinutes,
    ParsedResolution,
)

__all__ = [
    "CAPACITIES",
    "MAX_DOCUMENT_BYTES",
    "ROLES",
    "MinutesParseError",
    "NextMeeting",
    "ParsedAttendee",
    "ParsedDeclaration",
    "ParsedItem",
    "ParsedMinutes",
    "ParsedResolution",
    "parse_minutes",
    "read_document",
]
