"""The writes on reports: attach (check, extract, store, index in one transaction), restrict, delete.

The admin, the commands and the tests all call these; they only turn a ValidationError into a message.
"""
from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from meetings.imports.documents import checksum_of, human_size, minutes_document_limits
from meetings.minutes.limits import DocumentTooLarge
from meetings.minutes.types import MinutesParseError

from .extract import extract_report
from .models import ExpectedReport, Report, ReportKind, ReportPage

logger = logging.getLogger(__name__)

FILE_EMPTY = "{filename}: the file is empty"
FILE_TOO_LARGE = "{filename}: the file is {size}, over the limit of {limit}"
FILE_UNREADABLE = "{filename}: the file cannot be read ({reason})"
KIND_INVALID = "{kind!r} is not a kind of report (one of: {kinds})"
NAMES_RESTRICTED_NOTE = (
    "Restricted when attached: {where} names restricted item {item}. Publish it only if that is safe."
)


def _read(file) -> tuple[str, bytes]:
    """The upload's name and bytes, its declared size checked before anything is read."""
    filename = PurePath(getattr(file, "name", "") or "report").name
    limit = minutes_document_limits().max_bytes
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(FILE_TOO_LARGE.format(filename=filename, size=human_size(size), limit=human_size(limit)),
                              code="size")
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(FILE_TOO_LARGE.format(filename=filename, size=f"over {human_size(limit)}",
                                                    limit=human_size(limit)), code="size")
    if not content:
        raise ValidationError(FILE_EMPTY.format(filename=filename), code="empty")
    return filename, content


def report_attach(*, item, file, title: str = "", kind: str = ReportKind.REPORT, restricted: bool = False,
                  restriction_note: str = "", user=None) -> Report:
    """Attach one file to an agenda item: check it, extract its text page by page, store it privately
    and index it, all or nothing.

    Args:
        item: the AgendaItem.
        file: an uploaded file, or any object with `.name` and `.read()` (a `File`).
        title: shown on the public pages; the file's name (without extension) when empty.
        kind: one of ReportKind.
        restricted: withheld from the public (a restricted item's reports are, whatever this says).
        restriction_note: why.
        user: who attached it.
    Returns:
        The Report: a new one, or the one already holding the same file (same SHA-256) on this item,
        unchanged; `report.created` says which.
    Raises:
        ValidationError: naming the file and the reason (type, content, size, pages, damaged); nothing
            is written.
    """
    if kind not in ReportKind.values:
        raise ValidationError(KIND_INVALID.format(kind=kind, kinds=", ".join(ReportKind.values)), code="kind")
    filename, content = _read(file)
    checksum = checksum_of(content)
    existing = Report.objects.filter(item=item, checksum=checksum).first()
    if existing is not None:
        existing.created = False
        return existing
    try:
        extracted = extract_report(content, filename, limits=minutes_document_limits())
    except DocumentTooLarge as error:
        raise ValidationError(str(error), code="limit") from error
    except MinutesParseError as error:
        raise ValidationError(str(error), code="unreadable") from error
    except Exception as error:  # a damaged file can fail deep inside its library
        logger.exception("extracting %s", filename)
        raise ValidationError(FILE_UNREADABLE.format(filename=filename, reason=type(error).__name__),
                              code="unreadable") from error
    title = (title or PurePath(filename).stem)[:500]
    if not restricted and item is not None and not item.is_restricted:
        named = _names_restricted_item(item, title, extracted.pages)
        if named:
            restricted, restriction_note = True, named
    report = Report(
        item=item, title=title, kind=kind, filename=filename,
        content_type=extracted.content_type, page_count=extracted.page_count, size=len(content),
        checksum=checksum, is_restricted=restricted, restriction_note=restriction_note if restricted else "",
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    stored_name = None
    try:
        with transaction.atomic():
            report.file.save(filename, ContentFile(content), save=False)
            stored_name = report.file.name
            report.save()
            ReportPage.objects.bulk_create(
                ReportPage(report=report, number=number, text=text)
                for number, text in enumerate(extracted.pages, start=1)
            )
            # The search index (meetings/report_search.py) is kept by database triggers as the pages are written.
            ExpectedReport.objects.filter(item=item, title__iexact=report.title).update(
                status=ExpectedReport.Status.ATTACHED, report=report
            )
    except IntegrityError:
        # The same file attached meanwhile by someone else: theirs stands.
        _discard(stored_name, report)
        existing = Report.objects.filter(item=item, checksum=checksum).first()
        if existing is None:
            raise
        existing.created = False
        return existing
    except BaseException:
        _discard(stored_name, report)
        raise
    report.created = True
    return report


def reports_restrict_naming_restricted(meeting_id: int) -> int:
    """Restrict the public reports of `meeting_id` that name one of its restricted items.

    `report_attach` checks a report when it is attached; an item restricted later must be checked
    against the reports already there, or a public report naming it would stay public. Called by
    `meetings.redaction.meeting_refresh_public_text_by_id`, which every write path that can restrict
    an item already calls (as the public text of minutes is recomputed there). One query when the
    meeting has no restricted item or no public report; a file cannot be redacted, so a report naming
    a restricted item is withheld whole, with a note, and history records it.

    Returns:
        How many reports were restricted.
    """
    refs = _restricted_refs(meeting_id)
    if not refs:
        return 0
    public = Report.objects.filter(item__meeting_id=meeting_id, item__is_restricted=False, is_restricted=False)
    restricted = 0
    for report in public.prefetch_related(Prefetch("pages", queryset=ReportPage.objects.order_by("number"))):
        note = _naming_note(refs, report.title, [p.text for p in report.pages.all()])
        if note:
            report.is_restricted, report.restriction_note = True, note
            report.save(update_fields=["is_restricted", "restriction_note"])
            restricted += 1
    return restricted


def _names_restricted_item(item, title: str, pages) -> str:
    """Why a report meant to be public must be restricted: its title or a page names a restricted
    item of its meeting (by title or number, as meetings/redaction.py finds them in minutes); "" if none.

    A minute's sentence naming a restricted item is withheld from the public; a file cannot be
    redacted, so the whole report is withheld instead (fail closed: an officer may publish it after
    checking). "Item 3" in a report about something else restricts it too: over-restriction is a note,
    under-restriction a leak.
    """
    return _naming_note(_restricted_refs(item.meeting_id), title, pages)


def _restricted_refs(meeting_id: int) -> list:
    """The restricted items of a meeting as meetings/redaction.py looks for them in text (one query)."""
    from meetings.models import AgendaItem
    from meetings.redaction import restricted_ref

    return [
        restricted_ref(position=position, number=number, title=title)
        for position, number, title in AgendaItem.objects.filter(meeting_id=meeting_id, is_restricted=True)
        .values_list("position", "number", "title")
    ]


def _naming_note(refs, title: str, pages) -> str:
    """The restriction note for a report whose title or a page names one of `refs`; "" if none does."""
    from meetings.redaction import names_restricted

    if not refs:
        return ""
    for page, text in enumerate([title, *pages]):
        ref = names_restricted(text, refs)
        if ref is not None:
            where = f"page {page}" if page else "its title"
            return NAMES_RESTRICTED_NOTE.format(where=where, item=ref.label)[:300]
    return ""


def _discard(stored_name, report) -> None:
    """Remove a file stored by a transaction that rolled back: nothing of a failed attach remains."""
    if stored_name:
        report.file.storage.delete(stored_name)


def report_set_restricted(*, report: Report, restricted: bool, note: str = "", user=None) -> Report:
    """Restrict or publish one report. Visibility is decided at query time (meetings/visibility.py),
    so the search index needs no change: it is always read through the visible reports."""
    report.is_restricted = restricted
    report.restriction_note = note if restricted else ""
    report._change_reason = f"{'Restricted' if restricted else 'Not restricted'} by {user or 'a command'}"
    report.save(update_fields=["is_restricted", "restriction_note"])
    return report


def report_delete(*, report: Report, user=None) -> None:
    """Delete a report, its pages (and so its index rows, by trigger) and, once committed, its stored
    file (the post_delete receiver in reports/models.py, which also serves cascades)."""
    with transaction.atomic():
        report._change_reason = f"Deleted by {user or 'a command'}"
        report.delete()


NO_MEETING = "No meeting on {date} in the archive."
SEVERAL_MEETINGS = "Several bodies met on {date} ({bodies}): say which with --body."
NO_BODY_MEETING = "No meeting of “{body}” on {date}."
NO_ITEM = "The meeting of {date} has no item {item} (give its position, 1, 2, ..., or its number as printed)."


def report_item_find(*, date, item: str, body: str = ""):
    """The agenda item a bulk load means: the meeting on `date` (of `body`, by name, short name or
    slug, when several bodies met that day), its item by position ("3") or printed number ("SSP 3/20").

    Raises:
        ValidationError: no such meeting or item, or several meetings that day and no body named.
    """
    from django.db.models import Q

    from meetings.models import AgendaItem, Meeting

    meetings = Meeting.objects.filter(date=date).select_related("body").defer("source_text")
    if body:
        meetings = meetings.filter(Q(body__name__iexact=body) | Q(body__short_name__iexact=body) | Q(body__slug=body))
    meetings = list(meetings)
    if not meetings:
        raise ValidationError((NO_BODY_MEETING if body else NO_MEETING).format(date=date, body=body), code="meeting")
    if len(meetings) > 1:
        raise ValidationError(SEVERAL_MEETINGS.format(
            date=date, bodies=", ".join(m.body.short_name or m.body.name for m in meetings)), code="meeting")
    items = AgendaItem.objects.filter(meeting=meetings[0]).defer("minute", "public_minute")
    found = items.filter(position=int(item)).first() if str(item).isdigit() else None
    if found is None:
        found = items.filter(number__iexact=str(item).strip()).first()
    if found is None:
        raise ValidationError(NO_ITEM.format(date=date, item=item), code="item")
    return found


def expected_reports_create(item_plans, items_by_position, *, not_held=()) -> None:
    """Record the reports the minutes name (ItemPlan.expected_reports) against the items just
    written by an import, for officers to upload or mark not held; one query, none when there are none.

    Args:
        not_held: (item position, title) pairs the officer marked "not held" in the import preview.
    """
    not_held = {(position, title[:500].lower()) for position, title in not_held}
    rows = {}
    for plan in item_plans:
        for attachment in plan.expected_reports:
            key = (plan.position, attachment.title[:500].lower())
            status = ExpectedReport.Status.NOT_HELD if key in not_held else ExpectedReport.Status.EXPECTED
            rows.setdefault(key, ExpectedReport(item=items_by_position[plan.position], title=attachment.title[:500],
                                                kind=attachment.kind, status=status))
    if rows:
        ExpectedReport.objects.bulk_create(rows.values(), ignore_conflicts=True)


def reports_hold(meeting) -> list[tuple[int, int, str, str]]:
    """Before a replace deletes `meeting`'s items: each report with its item's position, title and
    minute, so `reports_follow_items` can find the item's counterpart (the reports' item becomes NULL
    meanwhile: SET_NULL)."""
    return list(Report.objects.filter(item__meeting=meeting).values_list(
        "pk", "item__position", "item__title", "item__minute"))


def reports_follow_items(held, item_plans, items_by_position) -> int:
    """Re-attach the held reports to the new items matched to their old ones by title and text (never
    by number: meetings.imports.matching). Reports with no confident match stay without an item,
    seen by nobody, for an officer to attach again (Reports in the admin, filter "no item").

    Returns:
        How many reports were left without an item.
    """
    if not held:
        return 0
    from meetings.imports.matching import Candidate, items_match

    old = {position: Candidate(position, title, minute) for _, position, title, minute in held}
    matching = items_match(list(old.values()), [Candidate(p.position, p.title, p.minute) for p in item_plans])
    left = 0
    for pk, position, _, _ in held:
        new_position = matching.matched.get(position)
        if new_position is None:
            left += 1
            continue
        Report.objects.filter(pk=pk).update(item=items_by_position[new_position])
    return left
