"""Report (a file attached to an agenda item), its extracted pages, and the reports minutes name."""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from ..models import AgendaItem
from ..storage import source_document_storage
from ..visibility import can_view_restricted, report_filter

DUPLICATE_REPORT_MESSAGE = "This file is already attached to this item."


class ReportKind(models.TextChoices):
    REPORT = "report", "Report"
    PRESENTATION = "presentation", "Presentation"
    APPENDIX = "appendix", "Appendix"
    OTHER = "other", "Other"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports `user` may see: of an item they may see, and not restricted themselves unless they
        may view restricted content (meetings/visibility.py `report_filter` decides)."""
        return self.filter(report_filter(user))

    def withheld_from(self, user):
        """Reports of items `user` may see that are withheld from them (their own flag): shown only as
        "A restricted report is not published", never with a title."""
        from ..visibility import item_filter

        if can_view_restricted(user):
            return self.none()
        return self.filter(item_filter(user, "item__"), is_restricted=True)


class Report(models.Model):
    """A report, presentation or appendix presented at an agenda item, with its text per page."""

    Kind = ReportKind

    # SET_NULL, not CASCADE: replacing a meeting's minutes deletes its items, and a report must outlive
    # that (meetings/reports/services.py `reports_follow_items` moves it to its item's counterpart).
    # A report with no item is seen by nobody but officers in the admin (item_filter fails on NULL).
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
                             help_text="Empty when its item was replaced and no counterpart was found: attach it again.")
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.REPORT)
    # Never under MEDIA_ROOT: a restricted report must only ever leave through the checked view.
    file = models.FileField(upload_to="reports/%Y/", storage=source_document_storage)
    filename = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    content_type = models.CharField(max_length=100)
    page_count = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes.")
    checksum = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file.")
    is_restricted = models.BooleanField(
        "restricted", default=False,
        help_text="Withheld from the public. A restricted item's reports are withheld whatever this says.",
    )
    restriction_note = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "checksum"], name="one_report_file_per_item",
                violation_error_message=DUPLICATE_REPORT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="report_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else "bin"

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "report"

    def get_absolute_url(self):
        return reverse("report_download", kwargs={"pk": self.pk, "slug": self.slug, "ext": self.extension})

    @property
    def withheld(self) -> bool:
        """Restricted by its own flag or its item's (or by having no item)."""
        return self.is_restricted or self.item is None or self.item.is_restricted


@receiver(post_delete, sender=Report)
def delete_stored_file(sender, instance, **kwargs):
    """A deleted report (by the service, the admin, or with its item or meeting) leaves no file
    behind, once the deletion is committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class ReportPage(models.Model):
    """The text of one page (a PDF page, a slide; a Word document is one page) of a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    # PostgreSQL only: the report's title (weight A) and this page's text (D), kept by a trigger
    # (migration reports_search_index); on SQLite an FTS5 table does this job and this stays empty.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_page")]

    def __str__(self):
        return f"{self.report} p. {self.number}"


class ExpectedReport(models.Model):
    """A report the minutes name ("presented with the ... report", the web export's "PDF 74 KB"),
    to be uploaded or marked not held by an officer."""

    class Status(models.TextChoices):
        EXPECTED = "expected", "Expected"
        ATTACHED = "attached", "Attached"
        NOT_HELD = "not_held", "Not held"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="expected_reports")
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.REPORT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPECTED)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "title"], name="one_expected_report_per_title")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"
