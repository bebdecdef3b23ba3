"""What an officer is told about an import: every refusal and warning, as constants the tests assert on."""

# Refusals: each names the file and the reason.
FILE_TYPE_NOT_ALLOWED = "{filename}: only .txt, .md, .docx and .pdf documents can be imported."
FILE_EMPTY = "{filename}: the file is empty."
FILE_TOO_LARGE = "{filename}: the file is {size}; the largest document accepted is {limit}."
FILE_UNREADABLE = "{filename}: the document could not be read: {reason}"
MINUTES_UNPARSEABLE = "{filename}: the minutes could not be parsed: {reason}"
NO_MEETING_DATE = (
    "{filename}: no meeting date was found in the minutes; give it "
    "(import_minutes --date YYYY-MM-DD, or the Date field in the preview)."
)
DATE_IMPLAUSIBLE = (
    "{filename}: the meeting date {date:%-d %B %Y} is before {earliest:%Y} or more than two years ahead; "
    "if it is right, confirm it (import_minutes --allow-date, or “This date is right” in the preview)."
)
BODY_NOT_NAMED = "{filename}: the minutes do not name the partnership or board; choose the body (import_minutes --body NAME)."
BODY_UNKNOWN = (
    "{filename}: the minutes are of “{name}”, which is not a body in the archive; "
    "add it under Bodies or choose the body."
)
ALREADY_IMPORTED = "{filename}: already imported (the same file) as {meeting}."
MEETING_EXISTS = (
    "{filename}: {meeting} is already in the archive (from {source}); "
    "choose “replace” to swap its items and attendance for this document's."
)
DATABASE_BUSY = "{filename}: the archive is busy with another import; nothing was written. Try again in a minute."
MEETING_CREATED_MEANWHILE = "{filename}: another import changed the archive meanwhile (the meeting of {meeting}, or the people it names); nothing was written: try again."
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
KEPT_RESTRICTED_NOTE = "Restricted at the meeting replaced by this import."
MAYBE_RESTRICTED = (
    "“{title}” (item {old}) was restricted at the meeting being replaced and has no clear match in this "
    "document; items {items} may be it, so they are restricted: untick those that are public."
)
MAYBE_RESTRICTED_NOTE = "May be item {old} of the meeting replaced, which was restricted."
NO_COUNTERPART = (
    "“{title}” (item {old}) was restricted at the meeting being replaced and no item of this document "
    "can be it; check nothing of it is published."
)
DECISION_RESTRICTED = "Item {item}: restricted, as {who} decided on {when} for this meeting's “{title}”."
DECISION_UNRESTRICTED = "Item {item}: not restricted, as {who} decided on {when} for this meeting's “{title}” (same minute)."
DECISION_KEPT_RESTRICTED = (
    "Item {item}: {who} decided on {when} that “{title}” is not restricted, but its minute has changed "
    "since; kept restricted: untick it if it is public."
)
DECISION_NOTE = "Restricted as {who} decided for this meeting earlier."
UNTITLED_ITEM = "Item {item}: the minutes give it no title; stored without one: type it in the preview or the admin."
TITLE_CORRECTED = "Item {item}: title typed by the officer in the preview."
TITLE_KEPT = "Item {item}: titled “{title}”, as {who} corrected it on {when} (the minutes read “{parsed}”)."
STATUS_CORRECTED = "Minutes status set to {status} by the officer in the preview."
DATE_GIVEN = "The minutes give no date; imported as {date:%-d %B %Y}, the date the officer gave."
DATE_CORRECTED = "The minutes say {parsed:%-d %B %Y}; imported as {date:%-d %B %Y}, the date the officer gave."
DATE_CONFIRMED = "The meeting date {date:%-d %B %Y} is outside the usual range; the officer confirmed it."
OFFICER_RESTRICTED = "Item {item}: marked restricted by the officer in the preview."
OFFICER_UNRESTRICTED = "Item {item}: restricted flag removed by the officer in the preview."
PERSON_TWICE = "“{name}” is the same person as “{other}” listed earlier; kept once."
AMBIGUOUS_NAME = "“{name}” matches more than one person; matched to {person} — check and merge."
FIELD_TRUNCATED = "Item {item}: {field} longer than {limit} characters; cut short."
UNKNOWN_ROLE = "“{name}”: attendance role “{role}” not recognised; recorded as present."

IMPORT_REASON_PREFIX = "Imported from "
IMPORT_REASON = IMPORT_REASON_PREFIX + "{filename}"

# Undo import.
NOTHING_TO_UNDO = "{meeting}: no import to undo (its last import kept no earlier version)."
UNDO_PEOPLE_GONE = "{meeting}: people listed in its earlier version have since been deleted or merged; it cannot be restored."
UNDO_REASON = "Undo import of {filename}"
