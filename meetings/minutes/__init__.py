"""The minutes parser: documents (.txt/.md/.docx/.pdf) to frozen dataclasses. Pure Python, no Django."""
from .types import (  # noqa: F401
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

try:  # the parser modules are written alongside; keep the package importable while they are
    from .read import read_document  # noqa: F401
    from .parse import parse_minutes  # noqa: F401
except ImportError:  # pragma: no cover
    pass
