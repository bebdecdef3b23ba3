"""Writes to the archive: importing a minutes document, parsed by `meetings.minutes`, in one transaction.

Three steps, each usable alone so the admin can show a preview before anything is written:

1. `minutes_document_read` checks a file (type by content, size) and parses it: a `MinutesDocument`.
2. `minutes_import_plan` decides, reading only, what an import would do: create, replace, skip or
   refuse; which names are existing people and organisations, which are new, which are near an
   existing one (suggestions); which items are restricted.
3. `minutes_import` carries a plan out under `transaction.atomic` and leaves an `ImportRun`.

`minutes_file_import` chains the three for the command and the admin's confirm step, and records a
failed run for a file that cannot be imported. Every error is a `ValidationError` whose message names
the file and the reason (the constants below).
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace as dc_replace
from pathlib import PurePath
from typing import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings.minutes import MinutesParseError, ParsedMinutes
from people.matching import Known, NameDirectory, organisation_directory, person_directory, split_affiliation
from people.models import Organisation, Person, unique_slugs
from people.names import normalise_name

from .models import (
    AgendaItem,
    Attendance,
    AttendanceCapacity,
    AttendanceRole,
    Body,
    Declaration,
    ImportRun,
    Meeting,
    Resolution,
    resolution_reference,
)

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")

# What an officer is told; tests assert on these.
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
CAPACITIES = {"chair": AttendanceCapacity.CHAIR, "vice chair": AttendanceCapacity.VICE_CHAIR}
ROLE_ORDER = [AttendanceRole.PRESENT, AttendanceRole.OFFICER, AttendanceRole.IN_ATTENDANCE, AttendanceRole.APOLOGIES]


# --- 1. Reading a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesDocument:
    """A document ready to import: the file as uploaded, its checksum, its text and the parse."""

    filename: str
    content: bytes = field(repr=False)
    checksum: str
    text: str = field(repr=False)
    parsed: ParsedMinutes = field(repr=False)


def checksum_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def human_size(size: int) -> str:
    """20971520 -> "20 MB", 1536 -> "1.5 KB", 10 -> "10 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def minutes_document_check(*, filename: str, size: int, max_bytes: int | None = None) -> None:
    """Raise ValidationError unless `filename` has an accepted extension and `size` bytes are within the limit.

    Called with the upload's size before its bytes are read. Whether the content is what the
    extension says (a PDF called .txt, an image, binary data) is judged by the parser's
    `read_document`, whose reason becomes FILE_UNREADABLE.
    """
    if PurePath(filename).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED.format(filename=filename), code="type")
    if not size:
        raise ValidationError(FILE_EMPTY.format(filename=filename), code="empty")
    limit = settings.MINUTES_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise ValidationError(
            FILE_TOO_LARGE.format(filename=filename, size=human_size(size), limit=human_size(limit)), code="size"
        )


def minutes_document_read(*, filename: str, content: bytes, max_bytes: int | None = None) -> MinutesDocument:
    """Check, read and parse one uploaded document. Writes nothing.

    Args:
        filename: the name as uploaded (only its last part is kept).
        content: the file's bytes.
        max_bytes: the size limit; settings.MINUTES_MAX_UPLOAD_BYTES when None.
    Returns:
        The MinutesDocument.
    Raises:
        ValidationError: naming the file and the reason (type, size, content, unreadable, unparseable).
    """
    from meetings.minutes import parse_minutes, read_document

    filename = PurePath(filename).name
    minutes_document_check(filename=filename, size=len(content), max_bytes=max_bytes)
    try:
        text = read_document(content, filename)
    except MinutesParseError as error:
        raise ValidationError(FILE_UNREADABLE.format(filename=filename, reason=error), code="unreadable") from error
    except Exception as error:  # a corrupt .docx or .pdf can fail deep in its library
        logger.exception("reading %s", filename)
        raise ValidationError(
            FILE_UNREADABLE.format(filename=filename, reason=f"{type(error).__name__}: {error}"), code="unreadable"
        ) from error
    try:
        parsed = parse_minutes(text)
    except MinutesParseError as error:
        raise ValidationError(MINUTES_UNPARSEABLE.format(filename=filename, reason=error), code="unparseable") from error
    return MinutesDocument(filename=filename, content=content, checksum=checksum_of(content), text=text, parsed=parsed)


def minutes_document_stored(*, meeting: Meeting) -> MinutesDocument:
    """The document a meeting was imported from, read again (for "Re-parse from stored document")."""
    if not meeting.source_document:
        raise ValidationError(NOTHING_TO_REPARSE.format(meeting=meeting), code="no_document")
    try:
        with meeting.source_document.open("rb") as stored:
            content = stored.read()
    except OSError as error:
        raise ValidationError(NOTHING_TO_REPARSE.format(meeting=meeting), code="no_document") from error
    filename = meeting.source_filename or PurePath(meeting.source_document.name).name
    return minutes_document_read(filename=filename, content=content, max_bytes=max(len(content), 1))


# --- 2. Planning an import (reads only) ----------------------------------------------------------


@dataclass(frozen=True)
class AttendeePlan:
    position: int
    name: str
    honorific: str
    role: str
    capacity: str
    affiliation: str
    person: Known | None  # None: a new person called `name`
    organisation: Known | None  # the existing organisation the affiliation resolves to
    new_organisation: str  # the organisation to create, "" when none is
    suggestions: tuple[Known, ...] = ()  # existing people the new person may be

    @property
    def is_new(self) -> bool:
        return self.person is None


@dataclass(frozen=True)
class DeclarationPlan:
    name: str
    person: Known | None
    relates_to_number: str
    relates_to_position: int | None
    text: str


@dataclass(frozen=True)
class ItemPlan:
    position: int
    number: str
    title: str
    minute: str
    restricted: bool  # saved unless the officer changes it in the preview
    restriction_note: str
    resolutions: tuple[str, ...] = ()
    declarations: tuple[DeclarationPlan, ...] = ()

    @property
    def label(self) -> str:
        return self.number or str(self.position)


@dataclass(frozen=True)
class ImportPlan:
    """What importing `document` would do, decided without writing anything."""

    class Action:
        CREATE = "create"
        REPLACE = "replace"
        SKIP = "skip"
        REFUSE = "refuse"

    document: MinutesDocument
    body: Body
    action: str
    message: str  # why a file is skipped or refused
    existing: Meeting | None  # the meeting of this body on this date, if any
    attendance: tuple[AttendeePlan, ...]
    items: tuple[ItemPlan, ...]
    approves: Meeting | None  # the earlier meeting whose minutes this one approved
    approved_by: Meeting | None  # a later meeting, already imported, that approved this one
    warnings: tuple[str, ...]  # the parser's, then the import's
    replace_warnings: tuple[str, ...]  # what replacing `existing` would discard
    suggestions: tuple[str, ...]  # near matches, in words

    @property
    def parsed(self) -> ParsedMinutes:
        return self.document.parsed

    @property
    def status(self) -> str:
        if self.approved_by is not None or (self.existing is not None and hasattr(self.existing, "approved_at")):
            return Meeting.Status.APPROVED
        return Meeting.Status.DRAFT if self.parsed.status == "draft" else Meeting.Status.APPROVED

    def attendance_by_role(self) -> list[tuple[str, list[AttendeePlan]]]:
        """[(role label, attendees)] in the order the minutes list roles; empty roles left out."""
        groups = []
        for role in ROLE_ORDER:
            people = [a for a in self.attendance if a.role == role]
            if people:
                groups.append((role.label, people))
        return groups

    def counts(self, restricted: Mapping[int, bool] | None = None) -> dict:
        flags = _restricted_flags(self, restricted)
        new_people = {normalise_name(a.name) for a in self.attendance if a.person is None}
        new_people |= {normalise_name(d.name) for i in self.items for d in i.declarations if d.person is None}
        return {
            "items": len(self.items),
            "restricted": sum(flags.values()),
            "resolutions": sum(len(i.resolutions) for i in self.items),
            "attendance": len(self.attendance),
            "declarations": sum(len(i.declarations) for i in self.items),
            "people_created": len(new_people),
            "organisations_created": len({normalise_name(a.new_organisation) for a in self.attendance if a.new_organisation}),
        }


def body_find(name: str) -> Body | None:
    """The body called `name` (its name, short name or slug, spelt any way), or None."""
    key = normalise_name(name)
    if not key:
        return None
    for body in Body.objects.all():
        if key in {normalise_name(body.name), normalise_name(body.short_name), normalise_name(body.slug)}:
            return body
    return None


def _number_key(number: str) -> str:
    """"SSP 15/12", "SSP/15/12", "15/12" -> "15/12"; "15" -> "15": how a declaration names an item."""
    text = "".join((number or "").split()).lower()
    while text[:1].isalpha():
        text = text[1:]
    return text.lstrip("/")


def _item_for_number(number: str | None, items: list[ItemPlan]) -> int | None:
    if not number:
        return None
    key = _number_key(number)
    for item in items:
        if _number_key(item.number) == key:
            return item.position
    for item in items:  # "item 15" in minutes whose items are numbered "15/12"
        if item.number and _number_key(item.number).split("/")[0] == key:
            return item.position
    return None


def _edits_since_import(meeting: Meeting) -> list[str]:
    """Changes officers made to `meeting`, its items or their resolutions after its last import, in words.

    An import's own history rows carry the reason "Imported from …" and are not edits. Attendance
    keeps no history, so edits to it cannot be told.
    """
    if meeting.imported_at is None:
        return [ENTERED_BY_HAND.format(meeting=meeting)]
    after = Q(history_date__gt=meeting.imported_at) & ~Q(history_change_reason__startswith=IMPORT_REASON_PREFIX)
    item_ids = AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    rows = [
        *Meeting.history.filter(after, id=meeting.pk).select_related("history_user"),
        *AgendaItem.history.filter(after, meeting_id=meeting.pk).select_related("history_user"),
        *Resolution.history.filter(after, item_id__in=item_ids).select_related("history_user"),
    ]
    if not rows:
        return []
    users = sorted({row.history_user.get_username() for row in rows if row.history_user} or {"unknown"})
    last = max(row.history_date for row in rows)
    edits = f"{len(rows)} change{'s' if len(rows) != 1 else ''} by {', '.join(users)}, the last on {timezone.localtime(last):%-d %B %Y %H:%M}"
    return [EDITED_SINCE_IMPORT.format(meeting=meeting, edits=edits)]


def _plan_items(parsed: ParsedMinutes, existing: Meeting | None, people: NameDirectory, warnings: list[str]):
    # Restricted never leaks through a replace: an item restricted at the meeting being replaced
    # (by the parser or by an officer since) stays restricted when the new parse matches it.
    was_restricted = set()
    if existing is not None:
        for number, title in existing.items.filter(is_restricted=True).values_list("number", "title"):
            was_restricted.add(("n", _number_key(number)) if number else ("t", normalise_name(title)))

    number_limit = AgendaItem._meta.get_field("number").max_length
    title_limit = AgendaItem._meta.get_field("title").max_length
    note_limit = AgendaItem._meta.get_field("restriction_note").max_length
    items: list[ItemPlan] = []
    for position, parsed_item in enumerate(parsed.items, start=1):
        number = " ".join((parsed_item.number or "").split())
        title = parsed_item.title.strip()
        label = number or str(position)
        if len(number) > number_limit:
            warnings.append(FIELD_TRUNCATED.format(item=label, field="number", limit=number_limit))
            number = number[:number_limit]
        if len(title) > title_limit:
            warnings.append(FIELD_TRUNCATED.format(item=label, field="title", limit=title_limit))
            title = title[: title_limit - 1] + "…"
        restricted = parsed_item.restricted
        note = parsed_item.restriction_note or ""
        key = ("n", _number_key(number)) if number else ("t", normalise_name(title))
        if not restricted and key in was_restricted:
            restricted, note = True, "Restricted at the meeting replaced by this import."
            warnings.append(KEPT_RESTRICTED.format(item=label))
        items.append(ItemPlan(
            position=position, number=number, title=title, minute=parsed_item.text,
            restricted=restricted, restriction_note=note[:note_limit],
            resolutions=tuple(r.text for r in parsed_item.resolutions),
        ))
    # Declarations need every item's number, so they are added once all items are known.
    for item, parsed_item in zip(list(items), parsed.items):
        if not parsed_item.declarations:
            continue
        declarations = tuple(
            DeclarationPlan(
                name=d.name, person=people.find(d.name), relates_to_number=(d.item or "")[:number_limit],
                relates_to_position=_item_for_number(d.item, items), text=d.text,
            )
            for d in parsed_item.declarations
        )
        items[item.position - 1] = dc_replace(item, declarations=declarations)
    return tuple(items)


def _plan_attendance(parsed: ParsedMinutes, people: NameDirectory, organisations: NameDirectory, warnings: list[str]):
    planned: list[AttendeePlan] = []
    seen: dict[object, str] = {}  # person pk (or new name's key) -> the name listed first
    for parsed_attendee in parsed.attendance:
        person = people.find(parsed_attendee.name)
        key = normalise_name(parsed_attendee.name)
        if key in people.ambiguous and person is not None:
            warnings.append(AMBIGUOUS_NAME.format(name=parsed_attendee.name, person=person.name))
        identity = person.pk if person else ("new", key)
        if identity in seen:
            warnings.append(PERSON_TWICE.format(name=parsed_attendee.name, other=seen[identity]))
            continue
        seen[identity] = parsed_attendee.name
        role = parsed_attendee.role
        if role not in AttendanceRole.values:
            warnings.append(UNKNOWN_ROLE.format(name=parsed_attendee.name, role=role))
            role = AttendanceRole.PRESENT
        capacity = CAPACITIES.get(normalise_name(parsed_attendee.capacity or ""), AttendanceCapacity.NONE)
        affiliation = (parsed_attendee.organisation or "").strip()
        organisation, new_organisation = None, ""
        if affiliation:
            organisation = organisations.find(affiliation)
            head, department = split_affiliation(affiliation)
            if organisation is None and department:
                organisation = organisations.find(head)
            if organisation is None:
                new_organisation = head
        planned.append(AttendeePlan(
            position=len(planned) + 1, name=parsed_attendee.name.strip(), honorific=parsed_attendee.honorific or "",
            role=role, capacity=capacity, affiliation=affiliation[:300], person=person,
            organisation=organisation, new_organisation=new_organisation[:200],
        ))
    # Near matches are suggestions only, never applied. People matched at this meeting are not
    # suggested: one person is listed once, so two names at one meeting are two people.
    here = {a.person.pk for a in planned if a.person}
    return tuple(
        dc_replace(a, suggestions=tuple(people.near(a.name, exclude=here))) if a.is_new else a for a in planned
    )


def _suggestions_in_words(attendance, items, organisations: NameDirectory) -> tuple[str, ...]:
    lines = []
    for a in attendance:
        if a.suggestions:
            names = " or ".join(f"“{k.name}”" for k in a.suggestions)
            lines.append(f"New person “{a.name}” may be {names} (existing): merge them in People if so.")
    for item in items:
        for d in item.declarations:
            if d.person is None and not any(a.is_new and normalise_name(a.name) == normalise_name(d.name) for a in attendance):
                lines.append(f"“{d.name}” (declaration, item {item.label}) is not in the attendance; added as a new person.")
    for name in dict.fromkeys(a.new_organisation for a in attendance if a.new_organisation):
        near = organisations.near(name)
        if near:
            names = " or ".join(f"“{k.name}”" for k in near)
            lines.append(f"New organisation “{name}” may be {names} (existing): add an alias or merge if so.")
    return tuple(lines)


def minutes_import_plan(*, document: MinutesDocument, body: Body | None = None, replace: bool = False) -> ImportPlan:
    """Decide what importing `document` would do. Reads only; the admin's preview shows the result.

    Args:
        document: from minutes_document_read.
        body: the body chosen by the officer; else the body the minutes name.
        replace: whether an existing meeting of this body on this date may be replaced.
    Returns:
        The ImportPlan (action create / replace / skip / refuse, with the reason).
    Raises:
        ValidationError: the minutes give no date, or name no body the archive knows.
    """
    parsed, filename = document.parsed, document.filename
    if parsed.date is None:
        raise ValidationError(NO_MEETING_DATE.format(filename=filename), code="no_date")
    warnings = list(parsed.warnings)
    if body is None:
        if not parsed.body:
            raise ValidationError(BODY_NOT_NAMED.format(filename=filename), code="no_body")
        body = body_find(parsed.body)
        if body is None:
            raise ValidationError(BODY_UNKNOWN.format(filename=filename, name=parsed.body), code="unknown_body")
    elif parsed.body and normalise_name(parsed.body) not in {normalise_name(body.name), normalise_name(body.short_name)}:
        warnings.append(BODY_DIFFERS.format(named=parsed.body, body=body))

    existing = Meeting.objects.filter(body=body, date=parsed.date).select_related("body").first()
    same_file = Meeting.objects.filter(source_checksum=document.checksum).select_related("body").first()
    if same_file is not None and not replace:
        action, message = ImportPlan.Action.SKIP, ALREADY_IMPORTED.format(filename=filename, meeting=same_file)
    elif existing is not None and not replace:
        source = existing.source_filename or "entered by hand"
        action, message = ImportPlan.Action.REFUSE, MEETING_EXISTS.format(filename=filename, meeting=existing, source=source)
    elif existing is not None:
        action, message = ImportPlan.Action.REPLACE, ""
    else:
        action, message = ImportPlan.Action.CREATE, ""
    replace_warnings = tuple(_edits_since_import(existing)) if existing is not None else ()

    people, organisations = person_directory(), organisation_directory()
    attendance = _plan_attendance(parsed, people, organisations, warnings)
    items = _plan_items(parsed, existing, people, warnings)

    approves = None
    if parsed.previous_minutes_date:
        earlier = Meeting.objects.filter(body=body, date=parsed.previous_minutes_date).first()
        if earlier is not None:
            other = Meeting.objects.filter(approves=earlier).exclude(pk=getattr(existing, "pk", None)).first()
            if other is None:
                approves = earlier
            else:
                warnings.append(APPROVAL_TAKEN.format(earlier=earlier, other=other))
    approved_by = (
        Meeting.objects.filter(body=body, previous_minutes_date=parsed.date, approves__isnull=True)
        .exclude(pk=getattr(existing, "pk", None)).order_by("date").first()
    )
    return ImportPlan(
        document=document, body=body, action=action, message=message, existing=existing,
        attendance=attendance, items=items, approves=approves, approved_by=approved_by,
        warnings=tuple(warnings), replace_warnings=replace_warnings,
        suggestions=_suggestions_in_words(attendance, items, organisations),
    )


# --- 3. Importing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with dry_run, would do), for the command's table and the admin's messages."""

    filename: str
    outcome: str  # "imported", "replaced", "skipped", "refused"
    message: str = ""
    meeting: Meeting | None = None
    counts: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    dry_run: bool = False
    run: ImportRun | None = None


def _restricted_flags(plan: ImportPlan, restricted: Mapping[int, bool] | None) -> dict[int, bool]:
    if restricted is None:
        return {item.position: item.restricted for item in plan.items}
    if set(restricted) != {item.position for item in plan.items}:
        raise ValidationError(PREVIEW_STALE.format(filename=plan.document.filename), code="stale")
    return {position: bool(flag) for position, flag in restricted.items()}


def _create_people(plan: ImportPlan) -> dict[str, int]:
    """Create the plan's new people (once each) and return normalised name -> pk for them."""
    new: dict[str, tuple[str, str]] = {}
    for a in plan.attendance:
        if a.person is None:
            new.setdefault(normalise_name(a.name), (a.name, a.honorific))
    for item in plan.items:
        for d in item.declarations:
            if d.person is None:
                new.setdefault(normalise_name(d.name), (d.name, ""))
    if not new:
        return {}
    names = [name for name, _ in new.values()]
    people = [
        Person(name=name, honorific=honorific[:50], slug=slug)
        for (name, honorific), slug in zip(new.values(), unique_slugs(Person, names))
    ]
    created = Person.objects.bulk_create(people)
    return {key: person.pk for key, person in zip(new, created)}


def _create_organisations(plan: ImportPlan) -> dict[str, int]:
    new = list(dict.fromkeys(normalise_name(a.new_organisation) for a in plan.attendance if a.new_organisation))
    if not new:
        return {}
    names = {normalise_name(a.new_organisation): a.new_organisation for a in plan.attendance if a.new_organisation}
    organisations = [
        Organisation(name=names[key], slug=slug)
        for key, slug in zip(new, unique_slugs(Organisation, [names[key] for key in new]))
    ]
    created = Organisation.objects.bulk_create(organisations)
    return {key: organisation.pk for key, organisation in zip(new, created)}


def _write(plan: ImportPlan, *, user, flags: dict[int, bool]) -> Meeting:
    """Write the plan's rows; the caller holds the transaction."""
    document, parsed = plan.document, plan.parsed
    reason = IMPORT_REASON.format(filename=document.filename)
    history_user = user if getattr(user, "is_authenticated", False) else None
    old_file, keep_file = None, False
    if plan.action == ImportPlan.Action.REPLACE:
        meeting = Meeting.objects.select_for_update().get(pk=plan.existing.pk)
        # Items take their resolutions and declarations with them (CASCADE); the meeting row, its
        # URL and the links to it from other meetings stay.
        meeting.declarations.all().delete()
        meeting.items.all().delete()
        meeting.attendance.all().delete()
        if meeting.source_document:
            keep_file = meeting.source_checksum == document.checksum  # a re-parse of the stored file
            old_file = None if keep_file else meeting.source_document.name
    else:
        meeting = Meeting(body=plan.body, date=parsed.date)

    next_meeting = parsed.next_meeting
    meeting.start_time = parsed.start_time
    meeting.venue = (parsed.venue or "")[:300]
    meeting.status = plan.status
    meeting.previous_minutes_date = parsed.previous_minutes_date
    meeting.approves = plan.approves
    meeting.next_meeting_date = next_meeting.date if next_meeting else None
    meeting.next_meeting_time = next_meeting.time if next_meeting else None
    meeting.source_filename = document.filename[:255]
    meeting.source_checksum = document.checksum
    meeting.source_text = document.text
    new_file = None
    if not keep_file:
        meeting.source_document.save(document.filename, ContentFile(document.content), save=False)
        new_file = meeting.source_document.name
    try:
        meeting._change_reason = reason
        meeting._history_user = history_user
        meeting.save()

        people = _create_people(plan)
        organisations = _create_organisations(plan)

        items = bulk_create_with_history(
            [
                AgendaItem(
                    meeting=meeting, position=i.position, number=i.number, title=i.title, minute=i.minute,
                    is_restricted=flags[i.position],
                    restriction_note=_note(i, flags[i.position], user),
                )
                for i in plan.items
            ],
            AgendaItem, default_user=history_user, default_change_reason=reason,
        )
        by_position = {item.position: item for item in items}
        bulk_create_with_history(
            [
                Resolution(
                    item=by_position[i.position], position=n, text=text,
                    reference=resolution_reference(i.number, meeting.date, i.position, n),
                )
                for i in plan.items for n, text in enumerate(i.resolutions, start=1)
            ],
            Resolution, default_user=history_user, default_change_reason=reason,
        )
        Attendance.objects.bulk_create([
            Attendance(
                meeting=meeting, position=a.position, role=a.role, capacity=a.capacity, affiliation=a.affiliation,
                person_id=a.person.pk if a.person else people[normalise_name(a.name)],
                organisation_id=(
                    a.organisation.pk if a.organisation
                    else organisations.get(normalise_name(a.new_organisation)) if a.new_organisation else None
                ),
            )
            for a in plan.attendance
        ])
        Declaration.objects.bulk_create([
            Declaration(
                meeting=meeting, item=by_position[i.position],
                person_id=d.person.pk if d.person else people[normalise_name(d.name)],
                relates_to=by_position.get(d.relates_to_position), relates_to_number=d.relates_to_number, text=d.text,
            )
            for i in plan.items for d in i.declarations
        ])

        if plan.approves is not None and plan.approves.status != Meeting.Status.APPROVED:
            plan.approves.status = Meeting.Status.APPROVED
            plan.approves._change_reason = reason
            plan.approves._history_user = history_user
            plan.approves.save(update_fields=["status", "updated_at"])
        if plan.approved_by is not None:
            plan.approved_by.approves = meeting
            plan.approved_by._change_reason = reason
            plan.approved_by._history_user = history_user
            plan.approved_by.save(update_fields=["approves", "updated_at"])
        # Stamped last, after the import's own history rows, so that any later row is an edit.
        meeting.imported_at = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(imported_at=meeting.imported_at)
    except BaseException:
        if new_file:
            meeting.source_document.storage.delete(new_file)
        raise
    if old_file:
        storage = meeting.source_document.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return meeting


def _note(item: ItemPlan, restricted: bool, user) -> str:
    if restricted == item.restricted:
        return item.restriction_note if restricted else ""
    if restricted:
        who = getattr(user, "get_username", lambda: "")() or "the officer"
        return f"Marked restricted by {who} when importing."[:300]
    return ""


def minutes_import(
    *,
    document: MinutesDocument,
    user=None,
    body: Body | None = None,
    replace: bool = False,
    dry_run: bool = False,
    restricted: Mapping[int, bool] | None = None,
    via: str = ImportRun.Via.COMMAND,
) -> ImportResult:
    """Import one parsed document into the archive, in one transaction, and leave an ImportRun.

    Args:
        document: from minutes_document_read.
        user: who imports (None from the command).
        body: the body to import into; else the one the minutes name.
        replace: replace a meeting of this body on this date imported from another document (and
            re-parse the same document).
        dry_run: plan only: nothing is written, no ImportRun.
        restricted: item position -> restricted, as ticked in the admin's preview; the plan's flags
            when None. Must name every item.
        via: ImportRun.Via, for the record.
    Returns:
        ImportResult: "skipped" (the same file is already imported; no record), "refused" (the meeting
        exists and replace is off), "imported" or "replaced".
    Raises:
        ValidationError: naming the file and the reason; nothing is written.
    """
    plan = minutes_import_plan(document=document, body=body, replace=replace)
    flags = _restricted_flags(plan, restricted)
    base = dict(filename=document.filename, warnings=plan.warnings, suggestions=plan.suggestions, dry_run=dry_run)
    if plan.action == ImportPlan.Action.SKIP:
        return ImportResult(outcome="skipped", message=plan.message, **base)
    record = dict(
        user=user if getattr(user, "is_authenticated", False) else None, via=via, filename=document.filename[:255],
        checksum=document.checksum, body=plan.body, meeting_date=document.parsed.date,
    )
    if plan.action == ImportPlan.Action.REFUSE:
        run = None if dry_run else ImportRun.objects.create(
            **record, meeting=plan.existing, outcome=ImportRun.Outcome.REFUSED, message=plan.message,
            warnings=list(plan.warnings), suggestions=list(plan.suggestions),
        )
        return ImportResult(outcome="refused", message=plan.message, meeting=plan.existing, run=run, **base)

    outcome = ImportRun.Outcome.REPLACED if plan.action == ImportPlan.Action.REPLACE else ImportRun.Outcome.IMPORTED
    counts = plan.counts(flags)
    overrides = [
        (OFFICER_RESTRICTED if flags[i.position] else OFFICER_UNRESTRICTED).format(item=i.label)
        for i in plan.items if flags[i.position] != i.restricted
    ]
    warnings = (*plan.replace_warnings, *plan.warnings, *overrides) if outcome == "replaced" else (*plan.warnings, *overrides)
    if dry_run:
        return ImportResult(outcome=outcome, meeting=plan.existing, counts=counts, **{**base, "warnings": warnings})
    try:
        with transaction.atomic():
            meeting = _write(plan, user=user, flags=flags)
            run = ImportRun.objects.create(
                **record, meeting=meeting, outcome=outcome, counts=counts,
                warnings=list(warnings), suggestions=list(plan.suggestions),
            )
    except IntegrityError as error:
        # Another officer's import of the same meeting committed between our plan and our write.
        if not Meeting.objects.filter(body=plan.body, date=document.parsed.date).exists():
            raise
        raise ValidationError(
            MEETING_CREATED_MEANWHILE.format(filename=document.filename, meeting=plan.existing or document.parsed.date),
            code="conflict",
        ) from error
    return ImportResult(outcome=outcome, meeting=meeting, counts=counts, run=run, **{**base, "warnings": warnings})


def minutes_file_import(
    *,
    filename: str,
    content: bytes,
    user=None,
    body: Body | None = None,
    replace: bool = False,
    dry_run: bool = False,
    restricted: Mapping[int, bool] | None = None,
    via: str = ImportRun.Via.COMMAND,
    document: MinutesDocument | None = None,
) -> ImportResult:
    """Read, parse and import one file; a file that fails leaves a "failed" ImportRun and nothing else.

    Args: as minutes_import, with the file's name and bytes instead of a parsed document (or
        `document`, already read, as the re-parse action has it).
    Raises:
        ValidationError: naming the file and the reason, after recording the failure.
    """
    if document is None and not replace:
        # The same file again is skipped before it is parsed, so re-running a folder costs little.
        same_file = Meeting.objects.filter(source_checksum=checksum_of(content)).select_related("body").first()
        if same_file is not None:
            name = PurePath(filename).name
            return ImportResult(
                filename=name, outcome="skipped", dry_run=dry_run,
                message=ALREADY_IMPORTED.format(filename=name, meeting=same_file), meeting=same_file,
            )
    try:
        if document is None:
            document = minutes_document_read(filename=filename, content=content)
        return minutes_import(
            document=document, user=user, body=body, replace=replace, dry_run=dry_run, restricted=restricted, via=via
        )
    except ValidationError as error:
        if not dry_run:
            ImportRun.objects.create(
                user=user if getattr(user, "is_authenticated", False) else None, via=via,
                filename=PurePath(filename).name[:255], checksum=checksum_of(content) if content else "",
                body=body, outcome=ImportRun.Outcome.FAILED, message=" ".join(error.messages),
                meeting_date=document.parsed.date if document else None,
            )
        raise
