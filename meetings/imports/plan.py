"""Planning an import, reading only: create, replace, skip or refuse; who is new; which items are restricted."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import replace as dc_replace

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from meetings.minutes import ParsedMinutes
from meetings.models import (
    AgendaItem,
    AttendanceCapacity,
    AttendanceRole,
    Body,
    Meeting,
    Resolution,
    RestrictionDecision,
    TitleCorrection,
)
from meetings.redaction import withheld_warnings
from people.matching import Known, NameDirectory, organisation_directory, person_directory, split_affiliation
from people.names import normalise_name

from .decisions import restriction_decisions, title_corrections, title_source_key
from .documents import MinutesDocument
from .matching import Candidate, items_match, minute_digest, title_key
from .messages import (
    ALREADY_IMPORTED,
    AMBIGUOUS_NAME,
    APPROVAL_TAKEN,
    BODY_DIFFERS,
    BODY_NOT_NAMED,
    BODY_UNKNOWN,
    DATE_CONFIRMED,
    DATE_CORRECTED,
    DATE_GIVEN,
    DATE_IMPLAUSIBLE,
    DECISION_KEPT_RESTRICTED,
    DECISION_NOTE,
    DECISION_RESTRICTED,
    DECISION_UNRESTRICTED,
    EDITED_SINCE_IMPORT,
    ENTERED_BY_HAND,
    FIELD_TRUNCATED,
    IMPORT_REASON_PREFIX,
    KEPT_RESTRICTED,
    KEPT_RESTRICTED_NOTE,
    MAYBE_RESTRICTED,
    MAYBE_RESTRICTED_NOTE,
    MEETING_EXISTS,
    NO_COUNTERPART,
    NO_MEETING_DATE,
    PERSON_TWICE,
    PREVIEW_STALE,
    STATUS_CORRECTED,
    TITLE_CORRECTED,
    TITLE_KEPT,
    UNKNOWN_ROLE,
    UNTITLED_ITEM,
)

CAPACITIES = {"chair": AttendanceCapacity.CHAIR, "vice chair": AttendanceCapacity.VICE_CHAIR}
EARLIEST_DATE = dt.date(1990, 1, 1)  # the partnership's records begin in the 1990s; earlier is a misreading
ROLE_ORDER = [AttendanceRole.PRESENT, AttendanceRole.OFFICER, AttendanceRole.IN_ATTENDANCE, AttendanceRole.APOLOGIES]

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
    # A title typed in the preview (to remember: see decisions.record_title_corrections): (source key, title as parsed).
    typed_from: tuple[str, str] | None = None
    expected_reports: tuple = ()  # the reports the minutes name (minutes/attachments.py)

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
        INCOMPLETE = "incomplete"  # the officer must give the date, or confirm an unlikely one

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
    date: dt.date | None = None  # the meeting's date: the officer's, else the minutes'
    status_choice: str = ""  # Meeting.Status as the officer corrected it; "" for the minutes' own
    date_allowed: bool = False  # the officer confirmed a date outside the usual range

    @property
    def parsed(self) -> ParsedMinutes:
        return self.document.parsed

    @property
    def date_unusual(self) -> bool:
        return self.date is not None and not date_plausible(self.date)

    @property
    def status(self) -> str:
        if self.status_choice:
            return self.status_choice
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
        flags = restricted_flags(self, restricted)
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


def same_file_meeting(checksum: str) -> Meeting | None:
    """The meeting already imported from the file with this SHA-256, if any (that file is skipped)."""
    return Meeting.objects.filter(source_checksum=checksum).select_related("body").first()


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


def _plan_items(
    parsed: ParsedMinutes,
    existing: Meeting | None,
    decisions: Mapping[str, RestrictionDecision],
    titles: Mapping[int, str],
    people: NameDirectory,
    warnings: list[str],
    corrections: Mapping[str, TitleCorrection] | None = None,
):
    corrections = corrections or {}
    number_limit = AgendaItem._meta.get_field("number").max_length
    title_limit = AgendaItem._meta.get_field("title").max_length
    note_limit = AgendaItem._meta.get_field("restriction_note").max_length
    items: list[ItemPlan] = []
    for position, parsed_item in enumerate(parsed.items, start=1):
        number = " ".join((parsed_item.number or "").split())
        label = number or str(position)
        title = (parsed_item.title or "").strip()
        typed = " ".join((titles.get(position) or "").split())
        source = title_source_key(title, number, position)
        remembered = corrections.get(source)
        typed_from = None
        if position in titles and typed != " ".join(title.split()):
            if remembered is not None and typed == remembered.title:
                warnings.append(_title_kept(remembered, label))
            else:
                warnings.append(TITLE_CORRECTED.format(item=label))
            typed_from = (source, title)
            title = typed
        elif position not in titles and remembered is not None and remembered.title != title:
            # The officer corrected this title at an earlier import of the same minutes.
            warnings.append(_title_kept(remembered, label))
            title = remembered.title
        elif not title:
            # The parser leaves a title it cannot find unknown rather than inventing one (issue 9).
            warnings.append(UNTITLED_ITEM.format(item=label))
        if len(number) > number_limit:
            warnings.append(FIELD_TRUNCATED.format(item=label, field="number", limit=number_limit))
            number = number[:number_limit]
        if len(title) > title_limit:
            warnings.append(FIELD_TRUNCATED.format(item=label, field="title", limit=title_limit))
            title = title[: title_limit - 1] + "…"
        items.append(ItemPlan(
            position=position, number=number, title=title, minute=parsed_item.text,
            restricted=parsed_item.restricted, restriction_note=(parsed_item.restriction_note or "")[:note_limit],
            resolutions=tuple(r.text for r in parsed_item.resolutions), typed_from=typed_from,
            expected_reports=parsed_item.expected_reports,
        ))
    held = _restrictions_follow_their_items(existing, items, warnings, note_limit) if existing is not None else set()
    if decisions:
        _restore_decisions(decisions, items, held, warnings, note_limit)
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


def _title_kept(correction, label: str) -> str:
    who = correction.user.get_username() if correction.user else "an officer"
    return TITLE_KEPT.format(item=label, title=correction.title, who=who, parsed=correction.parsed_title or "no title",
                             when=f"{timezone.localtime(correction.decided_at):%-d %B %Y}")


def settled_restriction_warnings(warnings, parsed: ParsedMinutes, restricted: set[int]) -> list[str]:
    """`warnings` without the parser's "the item will be PUBLISHED" for items that end up restricted.

    Re-importing a file whose parse said an item "will be PUBLISHED" restricts it again when it was
    restricted before (or an officer decided so, or ticks it in the preview): the preview then showed
    both "will be PUBLISHED" and "kept restricted". The warning saying why it is restricted stays.
    """
    names = set()
    for position, item in enumerate(parsed.items, start=1):
        if position in restricted and not item.restricted:
            # The parser names an item "item SSP 3/20" or "item 'Title'" (meetings/minutes/parse.py).
            if item.number:
                names.add(f"item {item.number}")
            elif item.title:
                names.add(f"item '{item.title[:60]}'")
    if not names:
        return list(warnings)
    return [
        w for w in warnings
        if "PUBLISHED" not in w or not any(w.startswith((f"{name} ", f"{name}:")) for name in names)
    ]


def _restrict(items: list[ItemPlan], position: int, note: str, note_limit: int) -> bool:
    """Make the new item at `position` restricted; False when it already was."""
    item = items[position - 1]
    if item.restricted:
        return False
    items[position - 1] = dc_replace(item, restricted=True, restriction_note=note[:note_limit])
    return True


def _restrictions_follow_their_items(existing: Meeting, items: list[ItemPlan], warnings: list[str], note_limit: int) -> set[int]:
    """On replace, an item restricted at the old meeting (by the parser or an officer) stays restricted.

    Old and new items are paired by title and text, never by number: a renumbered document must not
    move a restriction onto another item. An old restricted item with no confident partner
    restricts every new item it might be (fail closed), with a warning for the preview.
    """
    old = list(existing.items.values_list("position", "number", "title", "minute", "is_restricted"))
    restricted_old = {position for position, *_, flag in old if flag}
    held: set[int] = set()  # new positions restricted because of an old item: no memory un-restricts them
    if not restricted_old:
        return held
    matching = items_match(
        [Candidate(position, title, minute) for position, _, title, minute, _ in old],
        [Candidate(i.position, i.title, i.minute) for i in items],
        wanted=restricted_old,
    )
    by_position = {position: (number, title) for position, number, title, _, _ in old}
    for old_position in sorted(restricted_old):
        number, title = by_position[old_position]
        old_label = number or str(old_position)
        if old_position in matching.matched:
            new_position = matching.matched[old_position]
            held.add(new_position)
            if _restrict(items, new_position, KEPT_RESTRICTED_NOTE, note_limit):
                warnings.append(KEPT_RESTRICTED.format(item=items[new_position - 1].label))
            continue
        candidates = matching.possible.get(old_position, ())
        if not candidates:
            warnings.append(NO_COUNTERPART.format(title=title or "(untitled)", old=old_label))
            continue
        for position in candidates:
            held.add(position)
            _restrict(items, position, MAYBE_RESTRICTED_NOTE.format(old=old_label), note_limit)
        labels = ", ".join(items[p - 1].label for p in candidates)
        warnings.append(MAYBE_RESTRICTED.format(title=title or "(untitled)", old=old_label, items=labels))
    return held


def _restore_decisions(
    decisions: Mapping[str, RestrictionDecision], items: list[ItemPlan], held: set[int], warnings: list[str], note_limit: int
):
    """An officer's remembered decision for an item of this meeting (by title) is applied again, with a warning.

    A decision to restrict always applies. A decision that an item is public applies only to the
    same minute: if the text changed, the item stays restricted (fail closed) and the officer is told.
    """
    for item in list(items):
        decision = decisions.get(title_key(item.title))
        if decision is None or decision.restricted == item.restricted:
            continue
        who = decision.user.get_username() if decision.user else "an officer"
        facts = dict(item=item.label, who=who, when=f"{timezone.localtime(decision.decided_at):%-d %B %Y}", title=decision.title)
        if decision.restricted:
            _restrict(items, item.position, DECISION_NOTE.format(who=who), note_limit)
            warnings.append(DECISION_RESTRICTED.format(**facts))
        elif item.position not in held and decision.minute_digest == minute_digest(item.minute):
            items[item.position - 1] = dc_replace(item, restricted=False, restriction_note="")
            warnings.append(DECISION_UNRESTRICTED.format(**facts))
        else:
            warnings.append(DECISION_KEPT_RESTRICTED.format(**facts))


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


def date_plausible(date: dt.date, *, today: dt.date | None = None) -> bool:
    """Whether a meeting date is in the range an officer need not confirm: 1990 to two years ahead."""
    today = today or timezone.localdate()
    latest = today + dt.timedelta(days=2 * 365 + 1)
    return EARLIEST_DATE <= date <= latest


def minutes_import_plan(
    *,
    document: MinutesDocument,
    body: Body | None = None,
    replace: bool = False,
    date: dt.date | None = None,
    allow_date: bool = False,
    status: str = "",
    titles: Mapping[int, str] | None = None,
) -> ImportPlan:
    """Decide what importing `document` would do. Reads only; the admin's preview shows the result.

    Args:
        document: from minutes_document_read.
        body: the body chosen by the officer; else the body the minutes name.
        replace: whether an existing meeting of this body on this date may be replaced.
        date: the meeting's date as the officer gives or corrects it; else the minutes' own.
        allow_date: the officer confirms a date before 1990 or more than two years ahead.
        status: Meeting.Status as the officer corrects it ("" keeps the minutes' own).
        titles: item position -> title as the officer typed it in the preview.
    Returns:
        The ImportPlan: create, replace, skip or refuse, or "incomplete" (no date, or a date to
        confirm) with the reason in `message`; `minutes_import` refuses an incomplete plan.
    Raises:
        ValidationError: the minutes name no body the archive knows and none was chosen.
    """
    parsed, filename = document.parsed, document.filename
    warnings = list(parsed.warnings)
    if body is None:
        if not parsed.body:
            raise ValidationError(BODY_NOT_NAMED.format(filename=filename), code="no_body")
        body = body_find(parsed.body)
        if body is None:
            raise ValidationError(BODY_UNKNOWN.format(filename=filename, name=parsed.body), code="unknown_body")
    elif parsed.body and normalise_name(parsed.body) not in {normalise_name(body.name), normalise_name(body.short_name)}:
        warnings.append(BODY_DIFFERS.format(named=parsed.body, body=body))

    meeting_date = date or parsed.date
    if date and parsed.date and date != parsed.date:
        warnings.append(DATE_CORRECTED.format(parsed=parsed.date, date=date))
    elif date and not parsed.date:
        warnings.append(DATE_GIVEN.format(date=date))
    if status and status != (Meeting.Status.DRAFT if parsed.status == "draft" else Meeting.Status.APPROVED):
        warnings.append(STATUS_CORRECTED.format(status=Meeting.Status(status).label.lower()))

    existing = None
    same_file = same_file_meeting(document.checksum)
    if same_file is not None and not replace:
        action, message = ImportPlan.Action.SKIP, ALREADY_IMPORTED.format(filename=filename, meeting=same_file)
    elif meeting_date is None:
        action, message = ImportPlan.Action.INCOMPLETE, NO_MEETING_DATE.format(filename=filename)
    elif not date_plausible(meeting_date) and not allow_date:
        action, message = ImportPlan.Action.INCOMPLETE, DATE_IMPLAUSIBLE.format(
            filename=filename, date=meeting_date, earliest=EARLIEST_DATE)
    else:
        existing = Meeting.objects.filter(body=body, date=meeting_date).select_related("body").first()
        if existing is not None and not replace:
            source = existing.source_filename or "entered by hand"
            action, message = ImportPlan.Action.REFUSE, MEETING_EXISTS.format(filename=filename, meeting=existing, source=source)
        elif existing is not None:
            action, message = ImportPlan.Action.REPLACE, ""
        else:
            action, message = ImportPlan.Action.CREATE, ""
        if not date_plausible(meeting_date):
            warnings.append(DATE_CONFIRMED.format(date=meeting_date))
    replace_warnings = tuple(_edits_since_import(existing)) if existing is not None else ()

    people, organisations = person_directory(), organisation_directory()
    attendance = _plan_attendance(parsed, people, organisations, warnings)
    decisions = restriction_decisions(body=body, date=meeting_date) if meeting_date else {}
    corrections = title_corrections(body=body, date=meeting_date) if meeting_date else {}
    items = _plan_items(parsed, existing, decisions, titles or {}, people, warnings, corrections)
    warnings = settled_restriction_warnings(warnings, parsed, {i.position for i in items if i.restricted})
    warnings += withheld_warnings(items)  # sentences and declarations the public text will withhold

    approves = approved_by = None
    if meeting_date is not None:
        if parsed.previous_minutes_date:
            earlier = Meeting.objects.filter(body=body, date=parsed.previous_minutes_date).first()
            if earlier is not None:
                other = Meeting.objects.filter(approves=earlier).exclude(pk=getattr(existing, "pk", None)).first()
                if other is None:
                    approves = earlier
                else:
                    warnings.append(APPROVAL_TAKEN.format(earlier=earlier, other=other))
        approved_by = (
            Meeting.objects.filter(body=body, previous_minutes_date=meeting_date, approves__isnull=True)
            .exclude(pk=getattr(existing, "pk", None)).order_by("date").first()
        )
    return ImportPlan(
        document=document, body=body, action=action, message=message, existing=existing,
        attendance=attendance, items=items, approves=approves, approved_by=approved_by,
        warnings=tuple(warnings), replace_warnings=replace_warnings,
        suggestions=_suggestions_in_words(attendance, items, organisations),
        date=meeting_date, status_choice=status, date_allowed=allow_date,
    )


def restricted_flags(plan: ImportPlan, restricted: Mapping[int, bool] | None) -> dict[int, bool]:
    if restricted is None:
        return {item.position: item.restricted for item in plan.items}
    if set(restricted) != {item.position for item in plan.items}:
        raise ValidationError(PREVIEW_STALE.format(filename=plan.document.filename), code="stale")
    return {position: bool(flag) for position, flag in restricted.items()}

