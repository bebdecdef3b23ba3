"""Writing a plan's rows: the meeting, its items, resolutions, attendance and declarations. The caller holds the transaction."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings.minutes.procedural import is_procedural
from meetings.models import AgendaItem, Attendance, Declaration, Meeting, Resolution, resolution_reference
from meetings.redaction import meeting_refresh_public_text
from meetings.reports.services import expected_reports_create, reports_follow_items, reports_hold
from people.models import Organisation, Person, unique_slugs
from people.names import normalise_name

from .messages import IMPORT_REASON
from .plan import ImportPlan, ItemPlan
from .undo import meeting_snapshot


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
        Person.build(name=name, honorific=honorific[:50], slug=slug)
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


def write_plan(plan: ImportPlan, *, user, flags: dict[int, bool], not_held=()) -> tuple[Meeting, dict]:
    """Write the plan's rows; the caller holds the transaction.

    Returns:
        The meeting, and its snapshot as it was before (`{"meeting": None}` when it is new), for the
        ImportRun, so that "Undo import" can restore it.
    """
    document, parsed = plan.document, plan.parsed
    reason = IMPORT_REASON.format(filename=document.filename)
    history_user = user if getattr(user, "is_authenticated", False) else None
    keep_file = False
    snapshot: dict = {"meeting": None}
    if plan.action == ImportPlan.Action.REPLACE:
        meeting = Meeting.objects.select_for_update().get(pk=plan.existing.pk)
        snapshot = meeting_snapshot(meeting)
        # Items take their resolutions and declarations with them (CASCADE); the meeting row, its
        # URL and the links to it from other meetings stay.
        meeting.declarations.all().delete()
        held_reports = reports_hold(meeting)  # reports outlive their items: they follow them below
        meeting.items.all().delete()
        meeting.attendance.all().delete()
        # New text has not been reviewed: a replaced meeting goes back to awaiting review, even if the
        # old version was published (import_minutes --publish publishes it again at once).
        meeting.is_published = False
        # The replaced document's file is kept: the snapshot names it, for "Undo import".
        keep_file = bool(meeting.source_document) and meeting.source_checksum == document.checksum  # a re-parse
    else:
        meeting = Meeting(body=plan.body, date=plan.date)

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
        expected_reports_create(plan.items, by_position, not_held=not_held)
        if plan.action == ImportPlan.Action.REPLACE:
            reports_follow_items(held_reports, plan.items, by_position)
        bulk_create_with_history(
            [
                Resolution(
                    item=by_position[i.position], position=n, text=text, is_procedural=is_procedural(text),
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
        # Rows were bulk-created (no signals): store the public text now, in this transaction.
        meeting_refresh_public_text(meeting)

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
    return meeting, snapshot


def _note(item: ItemPlan, restricted: bool, user) -> str:
    if restricted == item.restricted:
        return item.restriction_note if restricted else ""
    if restricted:
        who = getattr(user, "get_username", lambda: "")() or "the officer"
        return f"Marked restricted by {who} when importing."[:300]
    return ""
