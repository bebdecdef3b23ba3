"""The import service: `minutes_import` carries a plan out in one transaction and leaves an ImportRun."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import Body, ImportRun, Meeting

from .documents import MinutesDocument, checksum_of, minutes_document_read
from .messages import ALREADY_IMPORTED, MEETING_CREATED_MEANWHILE, OFFICER_RESTRICTED, OFFICER_UNRESTRICTED
from .outcomes import ImportOutcome
from .plan import ImportPlan, minutes_import_plan, restricted_flags, same_file_meeting
from .write import write_plan


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
    flags = restricted_flags(plan, restricted)
    base = dict(filename=document.filename, warnings=plan.warnings, suggestions=plan.suggestions, dry_run=dry_run)
    if plan.action == ImportPlan.Action.SKIP:
        return ImportResult(outcome=ImportOutcome.SKIPPED, message=plan.message, **base)
    record = dict(
        user=user if getattr(user, "is_authenticated", False) else None, via=via, filename=document.filename[:255],
        checksum=document.checksum, body=plan.body, meeting_date=document.parsed.date,
    )
    if plan.action == ImportPlan.Action.REFUSE:
        run = None if dry_run else ImportRun.objects.create(
            **record, meeting=plan.existing, outcome=ImportOutcome.REFUSED, message=plan.message,
            warnings=list(plan.warnings), suggestions=list(plan.suggestions),
        )
        return ImportResult(outcome=ImportOutcome.REFUSED, message=plan.message, meeting=plan.existing, run=run, **base)

    outcome = ImportOutcome.REPLACED if plan.action == ImportPlan.Action.REPLACE else ImportOutcome.IMPORTED
    counts = plan.counts(flags)
    overrides = [
        (OFFICER_RESTRICTED if flags[i.position] else OFFICER_UNRESTRICTED).format(item=i.label)
        for i in plan.items if flags[i.position] != i.restricted
    ]
    warnings = (*plan.replace_warnings, *plan.warnings, *overrides) if outcome == ImportOutcome.REPLACED else (*plan.warnings, *overrides)
    if dry_run:
        return ImportResult(outcome=outcome, meeting=plan.existing, counts=counts, **{**base, "warnings": warnings})
    try:
        with transaction.atomic():
            meeting = write_plan(plan, user=user, flags=flags)
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
) -> ImportResult:
    """Read, parse and import one file; a file that fails leaves a "failed" ImportRun and nothing else.

    Args: as minutes_import, with the file's name and bytes instead of a parsed document (or
        `document`, already read, as the re-parse action has it).
    Raises:
        ValidationError: naming the file and the reason, after recording the failure.
    """
    if document is None and not replace:
        # The same file again is skipped before it is parsed, so re-running a folder costs little.
        same_file = same_file_meeting(checksum_of(content))
        if same_file is not None:
            name = PurePath(filename).name
            return ImportResult(
                filename=name, outcome=ImportOutcome.SKIPPED, dry_run=dry_run,
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
                body=body, outcome=ImportOutcome.FAILED, message=" ".join(error.messages),
                meeting_date=document.parsed.date if document else None,
            )
        raise
