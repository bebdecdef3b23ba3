"""The import service: `minutes_import` carries a plan out in one transaction and leaves an ImportRun."""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction

from meetings.models import Body, ImportRun, Meeting

from .decisions import record_restriction_decisions, record_title_corrections
from .documents import MinutesDocument, checksum_of, minutes_document_read
from .messages import (
    ALREADY_IMPORTED,
    DATABASE_BUSY,
    MEETING_CREATED_MEANWHILE,
    OFFICER_RESTRICTED,
    OFFICER_UNRESTRICTED,
)
from .outcomes import ImportOutcome
from .plan import ImportPlan, minutes_import_plan, restricted_flags, same_file_meeting, settled_restriction_warnings
from .write import write_plan

logger = logging.getLogger(__name__)

LOCK_RETRIES = 3  # after the connection's own wait (settings: SQLite "timeout")
LOCK_BACKOFF = 0.5  # seconds, times the attempt
RACE_RETRIES = 3  # plans made again after a concurrent import wrote a row this one meant to create


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with dry_run, would do), for the command's table and the admin's messages."""

    filename: str
    outcome: ImportOutcome  # IMPORTED, REPLACED, SKIPPED or REFUSED (a failure raises)
    message: str = ""
    meeting: Meeting | None = None
    counts: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    dry_run: bool = False
    run: ImportRun | None = None


def minutes_import(
    *,
    document: MinutesDocument,
    user=None,
    body: Body | None = None,
    replace: bool = False,
    dry_run: bool = False,
    restricted: Mapping[int, bool] | None = None,
    via: str = ImportRun.Via.COMMAND,
    date: dt.date | None = None,
    allow_date: bool = False,
    status: str = "",
    titles: Mapping[int, str] | None = None,
    not_held: Collection[tuple[int, str]] = (),
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
            when None. Must name every item. Flags the officer changed are remembered
            (`decisions.record_restriction_decisions`).
        via: ImportRun.Via, for the record.
        date: the meeting's date when the minutes do not give it (or give it wrongly).
        allow_date: the officer confirms a date before 1990 or more than two years ahead.
        status: the minutes status (Meeting.Status) as the officer corrects it; "" keeps the minutes'.
        titles: item position -> title typed by the officer (untitled items, corrections).
        not_held: (item position, title) of the reports the minutes name that the officer marked
            "not held" in the preview: recorded so, not as expected (meetings/reports).
    Returns:
        ImportResult: "skipped" (the same file is already imported; no record), "refused" (the meeting
        exists and replace is off), "imported" or "replaced". The run keeps a snapshot of the meeting
        as it was, for `undo.import_undo`.
    Raises:
        ValidationError: naming the file and the reason (no date, a date to confirm, a stale
            preview); nothing is written.
    """
    kwargs = dict(document=document, user=user, body=body, replace=replace, dry_run=dry_run, restricted=restricted,
                  via=via, date=date, allow_date=allow_date, status=status, titles=titles, not_held=not_held)
    if dry_run:
        return _plan_and_write(**kwargs)
    # Planned inside the write's transaction: on SQLite (transaction_mode IMMEDIATE) the write lock is
    # taken first, so two imports at once plan one after the other and never from stale reads.
    with transaction.atomic():
        return _plan_and_write(**kwargs)


def _plan_and_write(*, document, user, body, replace, dry_run, restricted, via, date, allow_date, status, titles,
                    not_held):
    plan = minutes_import_plan(
        document=document, body=body, replace=replace, date=date, allow_date=allow_date, status=status, titles=titles,
    )
    if plan.action == ImportPlan.Action.INCOMPLETE:
        raise ValidationError(plan.message, code="incomplete")
    flags = restricted_flags(plan, restricted)
    base = dict(filename=document.filename, warnings=plan.warnings, suggestions=plan.suggestions, dry_run=dry_run)
    if plan.action == ImportPlan.Action.SKIP:
        return ImportResult(outcome=ImportOutcome.SKIPPED, message=plan.message, **base)
    record = dict(
        user=user if getattr(user, "is_authenticated", False) else None, via=via, filename=document.filename[:255],
        checksum=document.checksum, body=plan.body, meeting_date=plan.date,
    )
    if plan.action == ImportPlan.Action.REFUSE:
        run = None if dry_run else ImportRun.objects.create(
            **record, meeting=plan.existing, outcome=ImportOutcome.REFUSED, message=plan.message,
            warnings=list(plan.warnings), suggestions=list(plan.suggestions),
        )
        return ImportResult(outcome=ImportOutcome.REFUSED, message=plan.message, meeting=plan.existing, run=run, **base)

    outcome = ImportOutcome.REPLACED if plan.action == ImportPlan.Action.REPLACE else ImportOutcome.IMPORTED
    counts = plan.counts(flags)
    changed = [i for i in plan.items if flags[i.position] != i.restricted]
    overrides = [(OFFICER_RESTRICTED if flags[i.position] else OFFICER_UNRESTRICTED).format(item=i.label) for i in changed]
    # An item the officer ticked is no longer one the parser "will publish": that warning would contradict the tick.
    kept = settled_restriction_warnings(plan.warnings, document.parsed, {p for p, flag in flags.items() if flag})
    warnings = (*plan.replace_warnings, *kept, *overrides) if outcome == ImportOutcome.REPLACED else (*kept, *overrides)
    if dry_run:
        return ImportResult(outcome=outcome, meeting=plan.existing, counts=counts, **{**base, "warnings": warnings})
    with transaction.atomic():
        meeting, snapshot = write_plan(plan, user=user, flags=flags, not_held=not_held)
        typed = [(*i.typed_from, i.title) for i in plan.items if i.typed_from is not None]
        if typed:
            # Titles typed in the preview are remembered too, so the next import of these minutes keeps them.
            record_title_corrections(typed, user=user, body=plan.body, date=meeting.date)
        if changed:
            # The officer's ticks in the preview are decisions to remember, like an edit in the admin.
            decided = meeting.items.filter(position__in=[i.position for i in changed])
            record_restriction_decisions(decided, user=user, body=plan.body, date=meeting.date)
        run = ImportRun.objects.create(
            **record, meeting=meeting, outcome=outcome, counts=counts, snapshot=snapshot,
            warnings=list(warnings), suggestions=list(plan.suggestions),
        )
    return ImportResult(outcome=outcome, meeting=meeting, counts=counts, run=run, **{**base, "warnings": warnings})


def _database_busy(error: OperationalError) -> bool:
    """SQLite's "database is locked" (another import holds the write lock past the timeout)."""
    return "locked" in str(error).lower() or "busy" in str(error).lower()


def _import_once_more_if_raced(**kwargs) -> ImportResult:
    """`minutes_import`, planned again when another import got in first, and waiting out a held database.

    A concurrent import that commits between our plan and our write (the same meeting, or a new
    person or organisation both documents name) makes the write fail on a unique constraint:
    planning again gives the right answer (skipped for the same file, refused or replaced for
    another meeting, the person now existing). SQLite's lock, if it outlasts the connection's
    timeout, is waited out a few times more before the file is refused.
    """
    document = kwargs["document"]
    retry_lock = not transaction.get_connection().in_atomic_block  # a retry inside a caller's transaction cannot help
    for attempt in range(LOCK_RETRIES + 1):
        try:
            return minutes_import(**kwargs)
        except IntegrityError as error:
            if attempt < RACE_RETRIES:
                continue
            # Still failing after planning again: refused cleanly, and logged in full in case it is a bug.
            logger.exception("importing %s", document.filename)
            meeting_date = kwargs.get("date") or document.parsed.date
            raise ValidationError(
                MEETING_CREATED_MEANWHILE.format(filename=document.filename, meeting=meeting_date), code="conflict",
            ) from error
        except OperationalError as error:
            if not (retry_lock and _database_busy(error)) or attempt == LOCK_RETRIES:
                if _database_busy(error):
                    raise ValidationError(DATABASE_BUSY.format(filename=document.filename), code="busy") from error
                raise
            time.sleep(LOCK_BACKOFF * (attempt + 1))
    raise AssertionError("unreachable")


def minutes_refusal_record(*, filename: str, content: bytes, error: ValidationError, user=None, via: str) -> ImportRun:
    """Record a file refused before any plan was made (over a document limit, in the admin's preview),
    so a hostile upload leaves a trace for officers as a failed import does."""
    return ImportRun.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None, via=via,
        filename=PurePath(filename).name[:255], checksum=checksum_of(content) if content else "",
        outcome=ImportOutcome.FAILED, message=" ".join(error.messages),
    )


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
    date: dt.date | None = None,
    allow_date: bool = False,
    status: str = "",
    titles: Mapping[int, str] | None = None,
    not_held: Collection[tuple[int, str]] = (),
) -> ImportResult:
    """Read, parse and import one file; a file that fails leaves a "failed" ImportRun and nothing else.

    Args: as minutes_import, with the file's name and bytes instead of a parsed document (or
        `document`, already read, as the re-parse action has it). The body's short name is the
        parser's item prefix.
    Raises:
        ValidationError: naming the file and the reason, after recording the failure.
    """
    if document is None and not replace:
        # The same file again is skipped before it is parsed, so re-running a folder costs little.
        try:
            same_file = same_file_meeting(checksum_of(content))
        except OperationalError as error:
            if not _database_busy(error):
                raise
            raise ValidationError(DATABASE_BUSY.format(filename=PurePath(filename).name), code="busy") from error
        if same_file is not None:
            name = PurePath(filename).name
            return ImportResult(
                filename=name, outcome=ImportOutcome.SKIPPED, dry_run=dry_run,
                message=ALREADY_IMPORTED.format(filename=name, meeting=same_file), meeting=same_file,
            )
    try:
        if document is None:
            document = minutes_document_read(filename=filename, content=content, item_prefix=body.short_name if body else "")
        return _import_once_more_if_raced(
            document=document, user=user, body=body, replace=replace, dry_run=dry_run, restricted=restricted, via=via,
            date=date, allow_date=allow_date, status=status, titles=titles, not_held=not_held,
        )
    except ValidationError as error:
        if not dry_run:
            _record_failure(
                user=user if getattr(user, "is_authenticated", False) else None, via=via,
                filename=PurePath(filename).name[:255], checksum=checksum_of(content) if content else "",
                body=body, outcome=ImportOutcome.FAILED, message=" ".join(error.messages),
                meeting_date=date or (document.parsed.date if document else None),
            )
        raise


def _record_failure(**record) -> None:
    try:
        ImportRun.objects.create(**record)
    except OperationalError as error:
        if not _database_busy(error):
            raise
        # The database is still held by another import: the failure is logged instead of recorded.
        logger.warning("could not record the failed import of %s: %s", record["filename"], error)
