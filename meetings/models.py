"""Bodies, meetings, agenda items, resolutions, attendance and declarations of interest.

Restricted items are modelled as a flag on AgendaItem, publication as a flag on Meeting (off until an
officer publishes). The default managers stay unfiltered so the admin and the import service see
everything; every public read goes through `visible_to(user)` (see meetings/visibility.py), never
through `.objects.all()`.
"""
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from people.models import Organisation, Person

from .imports.outcomes import ImportOutcome
from .minutes.procedural import is_procedural
from .storage import source_document_storage
from .visibility import (  # noqa: F401  (people_/organisations_visible_to: re-exported)
    can_view_restricted,
    item_filter,
    organisations_visible_to,
    people_visible_to,
    published_filter,
    restricted_filter,
)

DUPLICATE_MEETING_MESSAGE = "A meeting of this body on this date already exists."


class Body(models.Model):
    """A partnership, board or sub-group whose meetings the archive holds."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text='Prefix of item numbers, e.g. "SSP".')
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published meetings; meetings awaiting review too for holders of meetings.view_unpublished."""
        return self.filter(published_filter(user))

    def awaiting_review(self):
        return self.filter(is_published=False)


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    slug = models.SlugField(
        max_length=220, unique=True, blank=True,
        help_text="URL name: the date, with the body's slug added when another meeting has that date.",
    )
    start_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        "minutes status", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    approves = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_at",
        verbose_name="approves minutes of", help_text="The earlier meeting whose minutes this meeting approved.",
    )
    previous_minutes_date = models.DateField(
        null=True, blank=True, help_text="Date of the minutes approved, as minuted (kept to link them later)."
    )
    next_meeting_date = models.DateField(null=True, blank=True)
    next_meeting_time = models.TimeField(null=True, blank=True)
    # Never under MEDIA_ROOT: the original holds restricted items in full (meetings/storage.py).
    source_document = models.FileField(upload_to="minutes/%Y/", storage=source_document_storage, blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the file.")
    source_text = models.TextField(blank=True, help_text="Text extracted from the source document.")
    imported_at = models.DateTimeField(null=True, blank=True)
    # Fail closed: a meeting is awaiting review (seen by officers only) until an officer publishes
    # it through meetings.publication, which also records who and when in its history.
    is_published = models.BooleanField(
        "published", default=False, db_index=True,
        help_text="Shown to the public and partners. Change it with the Publish / Unpublish buttons.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["source_text"])

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        permissions = [
            ("view_unpublished", "Can view meetings awaiting review"),
            ("view_source_document", "Can open the minutes document a meeting was imported from"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"], name="unique_meeting_per_body_date",
                violation_error_message=DUPLICATE_MEETING_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["body", "-date"])]

    def __str__(self):
        return f"{self.body.short_name or self.body.name} {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        slug = self.date.isoformat()
        if Meeting.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug = f"{slug}-{self.body.slug}"
        return slug

    def get_absolute_url(self):
        return reverse("meeting_detail", kwargs={"slug": self.slug})


class MeetingAwaitingReview(Meeting):
    """The admin's review queue: the same meetings, listed apart while they await publication."""

    class Meta:
        proxy = True
        verbose_name = "meeting awaiting review"
        verbose_name_plural = "meetings awaiting review"


class RefreshingUpdateMixin:
    """`.update()` of a field the public text depends on refreshes the meetings touched.

    A bulk "mark restricted" (an admin action, a data fix) bypasses save() and its signal; without
    this a newly restricted item would stay named in its siblings' public minutes.
    """

    meeting_path = "meeting_id"

    def update(self, **kwargs):
        from .redaction import REDACTION_FIELDS, meeting_refresh_public_text_by_id

        if not REDACTION_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        meeting_ids = set(self.values_list(self.meeting_path, flat=True))
        updated = super().update(**kwargs)
        for meeting_id in sorted(meeting_ids):
            meeting_refresh_public_text_by_id(meeting_id)
        return updated


class PublicTextIterable(ModelIterable):
    """Rows as the public reads them: the text field IS the stored public text, never the original.

    Sentences naming a restricted item are withheld from public minutes and resolutions
    (meetings/redaction.py). Rather than trust every template, serializer, snippet and spreadsheet
    column to ask for the public field, rows loaded for someone who may not see restricted items
    carry it in place of the original, which is not even read (`visible_to` defers it). Such a row
    refuses to be saved.
    """

    field = public_field = ""

    def __iter__(self):
        for row in super().__iter__():
            # Not loaded (a query that used .only() without it): nothing, rather than a query per row.
            setattr(row, self.field, row.__dict__.get(self.public_field, ""))
            row._public_text_only = True
            yield row


class PublicMinuteIterable(PublicTextIterable):
    field, public_field = "minute", "public_minute"


class PublicResolutionIterable(PublicTextIterable):
    field, public_field = "text", "public_text"


def as_public_text(queryset, iterable_class):
    """`queryset` loading the public text in place of the original (see PublicTextIterable)."""
    queryset = queryset.defer(iterable_class.field)
    queryset._iterable_class = iterable_class
    return queryset


def refuse_public_save(instance):
    if getattr(instance, "_public_text_only", False):
        # Its text is the public text: saving would overwrite the original with it.
        raise ValueError(f"A {instance._meta.verbose_name} loaded for the public cannot be saved; "
                         "load it through the default manager.")


class AgendaItemQuerySet(RefreshingUpdateMixin, models.QuerySet):
    def visible_to(self, user):
        """Items of meetings `user` may see; restricted ones only for holders of meetings.view_restricted.

        For everyone else each item's `minute` is its public text (see PublicMinuteIterable).
        """
        qs = self.filter(item_filter(user))
        return qs if can_view_restricted(user) else as_public_text(qs, PublicMinuteIterable)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order within the minutes, from 1.")
    number = models.CharField(max_length=50, blank=True, help_text='The number as printed, e.g. "SSP 7/17".')
    title = models.CharField(max_length=1000)
    minute = models.TextField(blank=True)
    is_restricted = models.BooleanField("restricted", default=False)
    restriction_note = models.CharField(max_length=300, blank=True, help_text="Why the item is restricted.")
    # Kept by meetings.redaction.meeting_refresh_public_text, never edited: empty (shows nothing)
    # until it has run, so a new item fails closed.
    public_minute = models.TextField(
        blank=True, editable=False,
        help_text="The minute as the public reads it: sentences naming a restricted item withheld.",
    )

    objects = AgendaItemQuerySet.as_manager()
    # The public text is derived from the minute: its changes are not edits anyone made.
    history = HistoricalRecords(excluded_fields=["public_minute"])

    class Meta:
        ordering = ["meeting", "position"]
        permissions = [("view_restricted", "Can view restricted items, their resolutions and declarations")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_item_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="item_position_from_one"),
        ]
        indexes = [
            models.Index(fields=["meeting", "is_restricted", "position"]),
            # Keyed by id, it answers "this item's meeting, restriction and position" from the index
            # alone. SQLite stores a row's columns in order, and these come after the minute: reading
            # them from the table walks the minute's overflow pages first. Search on SQLite reads them
            # for each of up to MAX_RANKED candidates (4.3 -> 1.5 ms for 2,000 at 10,000 meetings).
            models.Index(fields=["id", "meeting", "is_restricted", "position"], name="item_id_narrow_cover"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        # A note says why an item is restricted; on an item that is not, it would mislead.
        if not self.is_restricted:
            self.restriction_note = ""

    def get_absolute_url(self):
        return reverse("item_detail", kwargs={"slug": self.meeting.slug, "position": self.position})

    def save(self, *args, **kwargs):
        refuse_public_save(self)
        super().save(*args, **kwargs)


class ResolutionQuerySet(RefreshingUpdateMixin, models.QuerySet):
    meeting_path = "item__meeting_id"

    def visible_to(self, user):
        """Resolutions of items `user` may see; for the public, each one's `text` is its public text."""
        qs = self.filter(item_filter(user, "item__"))
        return qs if can_view_restricted(user) else as_public_text(qs, PublicResolutionIterable)


def resolution_reference(item_number: str, meeting_date, item_position: int, position: int) -> str:
    """The public reference of a resolution: "SSP 50/21 (2)"; "2020-01-28/5 (1)" for bare numbers.

    Numbers printed "SSP/7/23" are written "SSP 7/23" so one reference style serves all layouts.
    """
    number = re.sub(r"\s+", " ", item_number or "").strip()
    if "/" in number:
        number = re.sub(r"^([A-Za-z]+)\s*/\s*", r"\1 ", number)
        return f"{number} ({position})"
    return f"{meeting_date.isoformat()}/{number or item_position} ({position})"


class Resolution(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    reference = models.CharField(max_length=100, db_index=True, editable=False)
    # Classified once from the text (meetings/minutes/procedural.py) by save(), the import and a data
    # migration, so the register can leave "the report be noted" out with a plain filter.
    is_procedural = models.BooleanField(
        "procedural", default=False, db_index=True, editable=False,
        help_text="Only approves minutes, notes, receives or puts off an item (set from the text).",
    )
    # Kept by meetings.redaction (like AgendaItem.public_minute): empty until it has run.
    public_text = models.TextField(
        blank=True, editable=False,
        help_text="The resolution as the public reads it: sentences naming a restricted item withheld.",
    )

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["public_text"])

    class Meta:
        ordering = ["item__meeting__date", "item__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="unique_resolution_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="resolution_position_from_one"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        refuse_public_save(self)
        self.reference = resolution_reference(
            self.item.number, self.item.meeting.date, self.item.position, self.position
        )
        self.is_procedural = is_procedural(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_procedural"}
        super().save(*args, **kwargs)

    @property
    def printed_number(self) -> str:
        """The item's number exactly as the minutes printed it ("SSP/12/23") when the reference does not
        already show it that way ("SSP 12/23 (1)"); "" when none was printed or it would repeat the reference."""
        number = self.item.number
        if not number or self.reference.startswith(f"{number} ("):
            return ""
        return number


class AttendanceRole(models.TextChoices):
    PRESENT = "present", "Present"
    OFFICER = "officer", "Officer"
    IN_ATTENDANCE = "in_attendance", "In attendance"
    APOLOGIES = "apologies", "Apologies"


class AttendanceCapacity(models.TextChoices):
    NONE = "", "—"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice Chair"


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attendance at meetings `user` may see (who attended is public once the meeting is)."""
        return self.filter(published_filter(user, "meeting__"))


class Attendance(models.Model):
    Role = AttendanceRole
    Capacity = AttendanceCapacity

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    position = models.PositiveIntegerField(default=0, help_text="Order in the minutes.")
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    capacity = models.CharField(max_length=20, choices=Capacity.choices, blank=True, default="")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    affiliation = models.CharField(max_length=300, blank=True, help_text="The affiliation as written.")

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person_per_meeting"),
            models.CheckConstraint(condition=Q(role__in=AttendanceRole.values), name="attendance_role_valid"),
            models.CheckConstraint(
                condition=Q(capacity__in=AttendanceCapacity.values), name="attendance_capacity_valid"
            ),
        ]
        # (organisation, meeting): an organisation's page asks, meeting by meeting, whether it was
        # represented; with (organisation) alone SQLite read all its rows for each meeting (98 s at
        # 10,000 meetings).
        indexes = [models.Index(fields=["person", "role"]), models.Index(fields=["organisation", "meeting"])]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"


class DeclarationQuerySet(RefreshingUpdateMixin, models.QuerySet):
    def visible_to(self, user):
        """Declarations of meetings `user` may see, made in and relating to items they may see, and not
        naming a restricted item in their own words (`withheld`, kept by meetings/redaction.py)."""
        qs = self.filter(published_filter(user, "meeting__"))
        if can_view_restricted(user):
            return qs
        made_in = Q(item__isnull=True) | restricted_filter(user, "item__")
        relates = Q(relates_to__isnull=True) | restricted_filter(user, "relates_to__")
        return qs.filter(made_in & relates, withheld=False)


class Declaration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="declarations",
        help_text="The item in which the declaration was made.",
    )
    relates_to = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations_about",
        help_text="The item the interest relates to.",
    )
    relates_to_number = models.CharField(max_length=50, blank=True, help_text="That item's number as written.")
    text = models.TextField(blank=True)
    withheld = models.BooleanField(
        default=False, editable=False,
        help_text="Its text or item number names a restricted item, so it is restricted too (kept by the import).",
    )

    objects = DeclarationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["withheld"])  # derived (meetings/redaction.py)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return f"{self.person}: {self.relates_to_number or 'interest'}"


class MergeRecord(models.Model):
    """One duplicate person or organisation folded into another, with what undoing it needs.

    Written by meetings/merges.py; officers read these in the admin and can undo a merge there.
    `snapshot` holds the duplicate's fields, the attendance and declarations re-pointed, attendance
    dropped because both had attended, and each alias change (key, name, previous owner).
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    kind = models.CharField(max_length=15, choices=Kind.choices)
    kept_id = models.PositiveBigIntegerField(help_text="The record kept (a person or organisation).")
    kept_name = models.CharField(max_length=200)
    merged_name = models.CharField(max_length=200, help_text="The record folded in and deleted.")
    merged_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = "merge"

    def __str__(self):
        return f"{self.merged_name} → {self.kept_name} ({self.get_kind_display().lower()})"


class ImportRun(models.Model):
    """One attempt to import a minutes document: who, when, which file, what came of it.

    The record officers read to see what an import did (counts), what the parser was unsure of
    (warnings), which names may be duplicates (suggestions) and why a file was refused or failed.
    A file skipped because it was already imported leaves no record: nothing happened, and running
    `make run` twice must leave the database as it was.
    """

    Outcome = ImportOutcome  # the one outcome enum, shared with the service, admin and command

    class Via(models.TextChoices):
        ADMIN = "admin", "Admin upload"
        REPARSE = "reparse", "Admin re-parse"
        COMMAND = "command", "import_minutes command"
        UNDO = "undo", "Admin undo"

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=10, choices=Via.choices)
    filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the file.")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    meeting_date = models.DateField(null=True, blank=True, help_text="Kept should the meeting be deleted.")
    outcome = models.CharField(max_length=10, choices=ImportOutcome.recorded(), db_index=True)
    message = models.TextField(blank=True, help_text="Why the file was refused or failed.")
    counts = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    suggestions = models.JSONField(
        default=list, blank=True, help_text="Names near an existing person or organisation: possible duplicates."
    )
    # The meeting as it was before this import (None: it did not exist), so "Undo import" can put it back.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "import run"

    def __str__(self):
        return f"{self.filename} – {self.get_outcome_display()} {self.started_at:%Y-%m-%d %H:%M}"


class RestrictionDecision(models.Model):
    """An officer's decision that an item of a meeting is (or is not) restricted, remembered by body, date and title.

    Outlives the meeting and its items: importing the meeting again (after a delete, or a replace
    whose new items do not match the old ones) restores the decision, with a warning. Written by
    `meetings.imports.decisions.record_restriction_decision` whenever an officer changes a flag.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    # 255: an index on a longer key can exceed PostgreSQL's btree row limit; titles are cut to fit.
    title_key = models.CharField(max_length=255, help_text="The item's title, normalised (case, spacing, punctuation).")
    title = models.CharField(max_length=1000, help_text="The item's title as it was when decided.")
    minute_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the minute's normalised text when decided."
    )
    restricted = models.BooleanField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["body", "date", "title_key"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date", "title_key"], name="one_restriction_decision_per_item_title"),
        ]

    def __str__(self):
        return f"{self.date} {self.title}: {'restricted' if self.restricted else 'not restricted'}"


class TitleCorrection(models.Model):
    """An officer's correction of an item title the parser got wrong (or could not find), typed in the
    import preview and remembered by body, meeting date and the title as parsed.

    Like RestrictionDecision it outlives the meeting: importing or re-parsing the same minutes again
    gives the item the corrected title, with a warning, so the officer does not type it twice, and the
    restriction decisions recorded under the corrected title still find their item. Written by
    `meetings.imports.decisions.record_title_corrections` in the import's own transaction.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    # The parsed title normalised (as RestrictionDecision.title_key), or "#<number or position>" for
    # an item the parser found no title for; 255 for the same index limit.
    source_key = models.CharField(max_length=255, help_text="The title as parsed, normalised; '#number' when untitled.")
    parsed_title = models.CharField(max_length=1000, blank=True, help_text="The title as the parser read it.")
    title = models.CharField(max_length=1000, help_text="The title the officer gave.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["body", "date", "source_key"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date", "source_key"], name="one_title_correction_per_parsed_title"),
        ]

    def __str__(self):
        return f"{self.date} {self.parsed_title or '(untitled)'} → {self.title}"


class ArchiveStamp(models.Model):
    """One row: a number bumped, and the time set, whenever anything the public pages show changes.

    Database triggers keep it (migration `archive_stamp`), not signals or services: a trigger sees every
    write — admin saves, imports, bulk updates and deletes, cascades, merges, a data fix in SQL — so no
    write path can forget it. The anonymous page cache keys its entries on `version`, and ETag /
    Last-Modified come from it (ssp_archive/anonymous_cache.py). On PostgreSQL the trigger runs at
    commit, once a transaction, so readers never see a new number before the data it stands for.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "archive stamp"

    def __str__(self):
        return f"version {self.version}, changed {self.changed_at:%Y-%m-%d %H:%M:%S}"


# Figures over the whole archive kept per version and audience (meetings/figures.py); no stamp trigger.
from .figures import ArchiveFigure  # noqa: E402, F401
from .reports.models import ExpectedReport, Report, ReportPage  # noqa: E402, F401  (registered with the app)

# The stored search index (meetings/search_index.py): a model of this app, kept in its own module.
from .search_index import FullSearchVector, PublicSearchVector, SearchEntry  # noqa: E402, F401
