"""Review before publication: publish and unpublish meetings, restrict items; each change in history.

The write side of the review workflow. The admin's actions and buttons, and `import_minutes --publish`,
only call these functions; visibility itself is decided by meetings/visibility.py from the flag set here.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .imports.decisions import record_restriction_decision
from .models import AgendaItem, ImportRun, Meeting

PUBLISHED_REASON = "Published"
UNPUBLISHED_REASON = "Unpublished: back to awaiting review"
RESTRICTED_REASON = "Marked restricted"
UNRESTRICTED_REASON = "Marked not restricted"


@dataclass(frozen=True)
class MeetingReview:
    """What an officer must look at before publishing a meeting (the confirmation page lists it)."""

    meeting: Meeting
    restricted_items: tuple[AgendaItem, ...]
    warnings: tuple[str, ...]


def meeting_import_warnings(*, meeting: Meeting) -> tuple[str, ...]:
    """The parser's warnings from the meeting's latest import (or re-parse, or replace); () if none."""
    run = (
        ImportRun.objects.filter(meeting=meeting, outcome__in=[ImportRun.Outcome.IMPORTED, ImportRun.Outcome.REPLACED])
        .only("warnings").order_by("-started_at", "-pk").first()
    )
    return tuple(str(w) for w in run.warnings) if run else ()


def meeting_review(*, meeting: Meeting) -> MeetingReview:
    return MeetingReview(
        meeting=meeting,
        restricted_items=tuple(meeting.items.filter(is_restricted=True).order_by("position")),
        warnings=meeting_import_warnings(meeting=meeting),
    )


def _save_with_history(obj, *, user, reason: str, update_fields: list[str]) -> None:
    # simple_history reads these two attributes when it writes the historical record.
    obj._history_user = user
    obj._change_reason = reason
    obj.save(update_fields=update_fields)


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user) -> bool:
    """Publish `meeting`: the public and partners see it from now on.

    Args:
        meeting: the meeting (awaiting review or already published).
        user: the officer publishing it (None for a trusted bulk load from the command line).
    Returns:
        True if it was awaiting review and is now published; False if it was already published.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_published:
        return False
    meeting.is_published = True
    meeting.published_at = timezone.now()
    meeting.published_by = user if user is not None and user.is_authenticated else None
    _save_with_history(meeting, user=meeting.published_by, reason=PUBLISHED_REASON,
                       update_fields=["is_published", "published_at", "published_by", "updated_at"])
    return True


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, user) -> bool:
    """Take `meeting` back to awaiting review (officers only see it). True if it was published."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_published:
        return False
    meeting.is_published = False
    meeting.published_at = None
    meeting.published_by = None
    _save_with_history(meeting, user=user, reason=UNPUBLISHED_REASON,
                       update_fields=["is_published", "published_at", "published_by", "updated_at"])
    return True


@transaction.atomic
def items_set_restricted(*, items: Iterable[AgendaItem], restricted: bool, user, note: str = "") -> int:
    """Mark `items` restricted (or not), one historical record per item that changes.

    Un-restricting clears the restriction note (the reason no longer applies); restricting keeps an
    existing note, or sets `note`. The place to record the officer's decision for later imports.

    Returns:
        How many items changed.
    """
    pks = [item.pk for item in items]
    changed = 0
    for item in AgendaItem.objects.select_for_update().select_related("meeting").filter(pk__in=pks).order_by("pk"):
        new_note = (item.restriction_note or note) if restricted else ""
        if item.is_restricted == restricted and item.restriction_note == new_note:
            continue
        item.is_restricted = restricted
        item.restriction_note = new_note
        _save_with_history(item, user=user, reason=RESTRICTED_REASON if restricted else UNRESTRICTED_REASON,
                           update_fields=["is_restricted", "restriction_note"])
        record_restriction_decision(item, user)  # remembered for later imports of the meeting
        changed += 1
    return changed
