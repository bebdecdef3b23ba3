"""The minutes parser: documents (.txt/.md/.docx/.pdf) to frozen dataclasses. Pure Python, no Django."""
from .limits import DEFAULT_LIMITS, DocumentLimits, DocumentTooLarge
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
    "DEFAULT_LIMITS",
    "MAX_DOCUMENT_BYTES",
    "ROLES",
    "DocumentLimits",
    "DocumentTooLarge",
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
