"""Bodies, meetings, agenda items, resolutions, attendance and declarations of interest.

Restricted items are modelled as a flag on AgendaItem. The default managers stay unfiltered so the
admin and the import service see everything; every public read goes through `visible_to(user)`
(see meetings/visibility.py), never through `.objects.all()`.
"""
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from people.models import Organisation, Person

from .imports.outcomes import ImportOutcome
from .visibility import can_view_restricted, restricted_filter

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
        """Meetings are all public; only their restricted items are withheld (see AgendaItem)."""
        return self.all()


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
    source_document = models.FileField(upload_to="minutes/%Y/", blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the file.")
    source_text = models.TextField(blank=True, help_text="Text extracted from the source document.")
    imported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["source_text"])

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
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


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items `user` may see: restricted ones only for holders of meetings.view_restricted."""
        return self.filter(restricted_filter(user))


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order within the minutes, from 1.")
    number = models.CharField(max_length=50, blank=True, help_text='The number as printed, e.g. "SSP 7/17".')
    title = models.CharField(max_length=1000)
    minute = models.TextField(blank=True)
    is_restricted = models.BooleanField("restricted", default=False)
    restriction_note = models.CharField(max_length=300, blank=True, help_text="Why the item is restricted.")

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        permissions = [("view_restricted", "Can view restricted items, their resolutions and declarations")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_item_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="item_position_from_one"),
        ]
        indexes = [models.Index(fields=["meeting", "is_restricted", "position"])]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("item_detail", kwargs={"slug": self.meeting.slug, "position": self.position})


class ResolutionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Resolutions of items `user` may see."""
        return self.filter(restricted_filter(user, "item__"))


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

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__meeting__date", "item__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="unique_resolution_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="resolution_position_from_one"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.reference = resolution_reference(
            self.item.number, self.item.meeting.date, self.item.position, self.position
        )
        super().save(*args, **kwargs)


class AttendanceRole(models.TextChoices):
    PRESENT = "present", "Present"
    OFFICER = "officer", "Officer"
    IN_ATTENDANCE = "in_attendance", "In attendance"
    APOLOGIES = "apologies", "Apologies"


class AttendanceCapacity(models.TextChoices):
    NONE = "", "—"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice Chair"


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
        indexes = [models.Index(fields=["person", "role"]), models.Index(fields=["organisation"])]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Declarations made in, and relating to, items `user` may see."""
        if can_view_restricted(user):
            return self.all()
        made_in = Q(item__isnull=True) | restricted_filter(user, "item__")
        relates = Q(relates_to__isnull=True) | restricted_filter(user, "relates_to__")
        return self.filter(made_in & relates)


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

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return f"{self.person}: {self.relates_to_number or 'interest'}"


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

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "import run"

    def __str__(self):
        return f"{self.filename} – {self.get_outcome_display()} {self.started_at:%Y-%m-%d %H:%M}"
