"""Undo import: a meeting's snapshot kept on each ImportRun, and restoring it in one transaction, recorded."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from meetings.minutes.procedural import is_procedural
from meetings.models import AgendaItem, Attendance, Declaration, ImportRun, Meeting, Resolution, resolution_reference
from meetings.redaction import meeting_refresh_public_text
from meetings.reports.services import reports_follow_items, reports_hold
from people.models import Organisation, Person

from .messages import NOTHING_TO_UNDO, UNDO_PEOPLE_GONE, UNDO_REASON
from .outcomes import ImportOutcome

_MEETING_FIELDS = {
    "start_time": dt.time, "venue": str, "status": str, "previous_minutes_date": dt.date, "approves_id": int,
    "next_meeting_date": dt.date, "next_meeting_time": dt.time, "source_filename": str, "source_checksum": str,
    "source_text": str, "imported_at": dt.datetime,
}
_UNDOABLE = (ImportOutcome.IMPORTED, ImportOutcome.REPLACED, ImportOutcome.UNDONE)


def _json(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.time)) else value


def _from_json(kind, value):
    if value is None or kind in (str, int):
        return value
    return kind.fromisoformat(value)


def meeting_snapshot(meeting: Meeting) -> dict:
    """Everything an import replaces, as JSON: the meeting's fields, items, resolutions, attendance, declarations.

    Items are named by position (their rows are recreated on restore); people and organisations by pk.
    Five queries whatever the meeting's size.
    """
    items = list(meeting.items.order_by("position").values(
        "id", "position", "number", "title", "minute", "is_restricted", "restriction_note"))
    position_of = {item.pop("id"): item["position"] for item in items}
    resolutions = {}
    for item_id, position, text in Resolution.objects.filter(item__meeting=meeting).order_by("item_id", "position") \
            .values_list("item_id", "position", "text"):
        resolutions.setdefault(position_of[item_id], []).append({"position": position, "text": text})
    for item in items:
        item["resolutions"] = resolutions.get(item["position"], [])
    return {
        "meeting": {
            **{name: _json(getattr(meeting, name)) for name in _MEETING_FIELDS},
            "source_document": meeting.source_document.name or "",
        },
        "items": items,
        "attendance": list(meeting.attendance.order_by("position").values(
            "person_id", "position", "role", "capacity", "organisation_id", "affiliation")),
        "declarations": [
            {**d, "item": position_of.get(d.pop("item_id")), "relates_to": position_of.get(d.pop("relates_to_id"))}
            for d in meeting.declarations.order_by("pk").values(
                "person_id", "item_id", "relates_to_id", "relates_to_number", "text")
        ],
    }


def last_undoable_run(meeting: Meeting) -> ImportRun | None:
    """The run "Undo import" would reverse: the meeting's latest import (or undo), if it kept a snapshot."""
    run = meeting.import_runs.filter(outcome__in=_UNDOABLE).order_by("-started_at", "-pk").first()
    return run if run is not None and run.snapshot is not None else None


def import_undo(*, meeting: Meeting, user=None) -> ImportRun:
    """Put `meeting` back as it was before its last import, in one transaction, and record an "undone" run.

    A meeting the import created is deleted (its record keeps the date). Undoing an undo re-applies
    the import. Items, resolutions and the meeting keep their history (reason "Undo import of …").

    Raises:
        ValidationError: nothing to undo, or people of the earlier version have since been deleted.
    """
    run = last_undoable_run(meeting)
    if run is None:
        raise ValidationError(NOTHING_TO_UNDO.format(meeting=meeting), code="nothing_to_undo")
    before = run.snapshot
    history_user = user if getattr(user, "is_authenticated", False) else None
    reason = UNDO_REASON.format(filename=run.filename)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        current = meeting_snapshot(meeting)
        record = dict(
            user=history_user, via=ImportRun.Via.UNDO, filename=run.filename, checksum=run.checksum,
            body=meeting.body, meeting_date=meeting.date, outcome=ImportOutcome.UNDONE, snapshot=current,
        )
        if before["meeting"] is None:
            record["message"] = f"{meeting} was created by the import of {run.filename}: removed."
            meeting.delete()
            return ImportRun.objects.create(**record)
        _restore(meeting, before, history_user, reason)
        counts = {"items": len(before["items"]), "restricted": sum(i["is_restricted"] for i in before["items"]),
                  "attendance": len(before["attendance"])}
        return ImportRun.objects.create(
            **record, meeting=meeting, counts=counts,
            message=f"{meeting} restored as it was before the import of {run.filename}.",
        )


def _restore(meeting: Meeting, before: dict, history_user, reason: str) -> None:
    people = {a["person_id"] for a in before["attendance"]} | {d["person_id"] for d in before["declarations"]}
    if len(people) != Person.objects.filter(pk__in=people).count():
        raise ValidationError(UNDO_PEOPLE_GONE.format(meeting=meeting), code="people_gone")
    organisations = set(Organisation.objects.filter(
        pk__in={a["organisation_id"] for a in before["attendance"] if a["organisation_id"]}).values_list("pk", flat=True))

    meeting.declarations.all().delete()
    held_reports = reports_hold(meeting)  # reports outlive their items: they follow them below
    meeting.items.all().delete()
    meeting.attendance.all().delete()
    fields = before["meeting"]
    for name, kind in _MEETING_FIELDS.items():
        setattr(meeting, name, _from_json(kind, fields[name]))
    if meeting.approves_id and (
        not Meeting.objects.filter(pk=meeting.approves_id).exists()
        or Meeting.objects.filter(approves_id=meeting.approves_id).exclude(pk=meeting.pk).exists()
    ):
        meeting.approves_id = None  # that meeting is gone, or another meeting now approves it
    meeting.source_document.name = fields["source_document"] or None
    meeting._change_reason, meeting._history_user = reason, history_user
    meeting.save()

    items = bulk_create_with_history(
        [AgendaItem(meeting=meeting, **{k: v for k, v in i.items() if k != "resolutions"}) for i in before["items"]],
        AgendaItem, default_user=history_user, default_change_reason=reason,
    )
    by_position = {item.position: item for item in items}
    reports_follow_items(held_reports, items, by_position)
    bulk_create_with_history(
        [Resolution(item=by_position[i["position"]], position=r["position"], text=r["text"], is_procedural=is_procedural(r["text"]),
                    reference=resolution_reference(i["number"], meeting.date, i["position"], r["position"]))
         for i in before["items"] for r in i["resolutions"]],
        Resolution, default_user=history_user, default_change_reason=reason,
    )
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, **{**a, "organisation_id": a["organisation_id"] if a["organisation_id"] in organisations else None})
        for a in before["attendance"]
    ])
    Declaration.objects.bulk_create([
        Declaration(meeting=meeting, person_id=d["person_id"], item=by_position.get(d["item"]),
                    relates_to=by_position.get(d["relates_to"]), relates_to_number=d["relates_to_number"], text=d["text"])
        for d in before["declarations"]
    ])
    # Rows were bulk-created (no signals): store their public text, and with it their search index.
    meeting_refresh_public_text(meeting)
