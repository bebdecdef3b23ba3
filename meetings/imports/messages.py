"""What an officer is told about an import: every refusal and warning, as constants the tests assert on."""

# Refusals: each names the file and the reason.
FILE_TYPE_NOT_ALLOWED = "{filename}: only .txt, .md, .docx and .pdf documents can be imported."
FILE_EMPTY = "{filename}: the file is empty."
FILE_TOO_LARGE = "{filename}: the file is {size}; the largest document accepted is {limit}."
FILE_UNREADABLE = "{filename}: the document could not be read: {reason}"
MINUTES_UNPARSEABLE = "{filename}: the minutes could not be parsed: {reason}"
NO_MEETING_DATE = "{filename}: no meeting date was found in the minutes."
BODY_NOT_NAMED = "{filename}: the minutes do not name the partnership or board; choose the body."
BODY_UNKNOWN = (
    "{filename}: the minutes are of “{name}”, which is not a body in the archive; "
    "add it under Bodies or choose the body."
)
ALREADY_IMPORTED = "{filename}: already imported (the same file) as {meeting}."
MEETING_EXISTS = (
    "{filename}: {meeting} is already in the archive (from {source}); "
    "choose “replace” to swap its items and attendance for this document's."
)
MEETING_CREATED_MEANWHILE = "{filename}: {meeting} was created by another import meanwhile; try again."
PREVIEW_STALE = "{filename}: the document no longer matches its preview; upload it again."
NOTHING_TO_REPARSE = "{meeting}: no stored document to re-parse."

# Warnings kept on the import run.
BODY_DIFFERS = "The minutes name “{named}” but were imported into {body}."
EDITED_SINCE_IMPORT = (
    "{meeting} was edited after its last import ({edits}); replacing it discards those edits."
)
ENTERED_BY_HAND = "{meeting} was entered by hand, not imported; replacing it discards its items and attendance."
APPROVAL_TAKEN = "The minutes of {earlier} are already approved at {other}; not linked to this meeting."
KEPT_RESTRICTED = "Item {item}: restricted at the meeting being replaced, so kept restricted."
OFFICER_RESTRICTED = "Item {item}: marked restricted by the officer in the preview."
OFFICER_UNRESTRICTED = "Item {item}: restricted flag removed by the officer in the preview."
PERSON_TWICE = "“{name}” is the same person as “{other}” listed earlier; kept once."
AMBIGUOUS_NAME = "“{name}” matches more than one person; matched to {person} — check and merge."
FIELD_TRUNCATED = "Item {item}: {field} longer than {limit} characters; cut short."
UNKNOWN_ROLE = "“{name}”: attendance role “{role}” not recognised; recorded as present."

IMPORT_REASON_PREFIX = "Imported from "
IMPORT_REASON = IMPORT_REASON_PREFIX + "{filename}"
