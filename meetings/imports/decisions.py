"""The memory of officers' restriction decisions and title corrections, per body, date and item title, and the one way to record each."""
from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from meetings.models import AgendaItem, Body, RestrictionDecision, TitleCorrection

from .matching import minute_digest, title_key


def record_restriction_decision(item: AgendaItem, user=None) -> RestrictionDecision | None:
    """Remember that `user` decided `item` is (or is not) restricted, as its flag now says.

    Call it whenever an officer changes an item's restricted flag (admin item or meeting edit, the
    import preview, bulk actions), after the item is saved. Importing the meeting again then
    restores the decision (see `plan`), even after the meeting was deleted.

    Returns:
        The decision, or None for an item without a title (nothing to remember it by).
    """
    decisions = record_restriction_decisions([item], user=user, body=item.meeting.body_id, date=item.meeting.date)
    return decisions[0] if decisions else None


def record_restriction_decisions(items: Iterable[AgendaItem], *, user=None, body: Body | int, date) -> list[RestrictionDecision]:
    """`record_restriction_decision` for several items of one meeting, in three queries whatever their number."""
    body_id = body.pk if isinstance(body, Body) else body
    user = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    rows = {}
    for item in items:
        key = title_key(item.title)
        if key:  # the last flag given for a title wins, as the last save would
            rows[key] = RestrictionDecision(
                body_id=body_id, date=date, title_key=key, title=item.title[:1000],
                minute_digest=minute_digest(item.minute), restricted=item.is_restricted, user=user, decided_at=now,
            )
    if not rows:
        return []
    RestrictionDecision.objects.filter(body_id=body_id, date=date, title_key__in=list(rows)).delete()
    return RestrictionDecision.objects.bulk_create(rows.values())


def restriction_decisions(*, body: Body, date) -> dict[str, RestrictionDecision]:
    """title key -> the officer's last decision, for one meeting (one query)."""
    return {d.title_key: d for d in RestrictionDecision.objects.filter(body=body, date=date).select_related("user")}


def title_source_key(parsed_title: str | None, number: str, position: int) -> str:
    """How a title correction finds its item again: the parsed title, normalised, or "#SSP 3/20" ("#3")
    for an item the parser found no title for."""
    return title_key(parsed_title) or f"#{number or position}"[:255]


def record_title_corrections(corrections: Iterable[tuple[str, str, str]], *, user=None, body: Body, date) -> list[TitleCorrection]:
    """Remember titles an officer typed in the import preview: (source key, title as parsed, title typed) each.

    Called by the import service inside the import's transaction; a later correction of the same
    parsed title replaces the earlier one.
    """
    user = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    rows = {
        key: TitleCorrection(body=body, date=date, source_key=key, parsed_title=(parsed or "")[:1000],
                             title=title[:1000], user=user, decided_at=now)
        for key, parsed, title in corrections
    }
    if not rows:
        return []
    TitleCorrection.objects.filter(body=body, date=date, source_key__in=list(rows)).delete()
    return TitleCorrection.objects.bulk_create(rows.values())


def title_corrections(*, body: Body, date) -> dict[str, TitleCorrection]:
    """source key -> the officer's last title correction, for one meeting (one query)."""
    return {c.source_key: c for c in TitleCorrection.objects.filter(body=body, date=date).select_related("user")}
