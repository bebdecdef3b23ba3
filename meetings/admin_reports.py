"""The officers' side of reports: an inline on the agenda item, an "Attach reports" view taking
several files at once, the expected reports the minutes name, and a list of every report.

Every write goes through meetings.reports.services; these views only turn its ValidationError into
messages. The file itself is opened through the download view, which officers may always use.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ssp_archive.audit import AuditedAdminMixin, AuditedInlineMixin

from .imports.documents import human_size
from .models import AgendaItem, ExpectedReport, Report
from .reports.models import ReportKind
from .reports.services import report_attach, report_delete


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple> (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.pptx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(part, initial) for part in data]
        return [single(data, initial)]


class AttachReportsForm(forms.Form):
    files = MultipleFileField(label="Files", help_text="PDF, Word (.docx) or PowerPoint (.pptx); several at once.")
    title = forms.CharField(required=False, max_length=500,
                            help_text="For one file; left empty, each file's name (without extension) is its title.")
    kind = forms.ChoiceField(choices=ReportKind.choices, initial=ReportKind.REPORT)
    is_restricted = forms.BooleanField(label="Restricted", required=False,
                                       help_text="Withheld from the public (a restricted item's reports always are).")
    restriction_note = forms.CharField(required=False, max_length=300)


def report_link(report) -> str:
    return format_html('<a href="{}">{}</a>', report.get_absolute_url(), report.filename)


class ReportInline(AuditedInlineMixin, admin.TabularInline):
    model = Report
    extra = 0
    fields = ["title", "kind", "is_restricted", "restriction_note", "file_link", "page_count", "size_shown"]
    readonly_fields = ["file_link", "page_count", "size_shown"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # files come in through "Attach reports" (the service checks and extracts them)

    @admin.display(description="File")
    def file_link(self, obj):
        return report_link(obj) if obj.pk else "—"

    @admin.display(description="Size")
    def size_shown(self, obj):
        return human_size(obj.size)


class ExpectedReportInline(admin.TabularInline):
    model = ExpectedReport
    extra = 0
    fields = ["title", "kind", "status", "report"]
    readonly_fields = ["report"]
    verbose_name_plural = "reports the minutes name (upload them, or mark them not held)"


class AttachReportsMixin:
    """For AgendaItemAdmin: the "Attach reports" view at .../agendaitem/<id>/attach-reports/."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.attach_reports_view)
        return [path("<int:object_id>/attach-reports/", view, name="meetings_agendaitem_attach_reports"),
                *super().get_urls()]

    def attach_reports_view(self, request, object_id: int):
        item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=object_id)
        if not (self.has_change_permission(request, item) and request.user.has_perm("meetings.add_report")):
            raise PermissionDenied
        form = AttachReportsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = form.cleaned_data["files"]
            attached = 0
            for upload in files:
                try:
                    report = report_attach(
                        item=item, file=upload, title=form.cleaned_data["title"] if len(files) == 1 else "",
                        kind=form.cleaned_data["kind"], restricted=form.cleaned_data["is_restricted"],
                        restriction_note=form.cleaned_data["restriction_note"], user=request.user,
                    )
                except ValidationError as error:
                    self.message_user(request, "; ".join(error.messages), messages.ERROR)
                    continue
                if report.created:
                    attached += 1
                else:
                    self.message_user(request, f"{upload.name}: already attached to this item as “{report.title}”.",
                                      messages.WARNING)
            if attached:
                self.message_user(request, f"{attached} report{'s' if attached != 1 else ''} attached.", messages.SUCCESS)
            return redirect(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
        return TemplateResponse(request, "admin/meetings/agendaitem/attach_reports.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "item": item, "form": form,
            "title": f"Attach reports to {item}", "expected": item.expected_reports.filter(
                status=ExpectedReport.Status.EXPECTED),
        })


@admin.register(Report)
class ReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "item", "kind", "is_restricted", "page_count", "uploaded_at"]
    list_filter = ["kind", "is_restricted", ("item", admin.EmptyFieldListFilter), "item__is_restricted",
                   "item__meeting__body"]
    list_select_related = ["item__meeting__body"]
    search_fields = ["title", "filename", "item__title"]
    fields = ["item", "title", "kind", "is_restricted", "restriction_note", "file_link", "filename", "content_type",
              "page_count", "size", "checksum", "uploaded_at", "uploaded_by"]
    raw_id_fields = ["item"]  # to attach again a report whose item a replaced import removed
    readonly_fields = ["file_link", "filename", "content_type", "page_count", "size", "checksum",
                       "uploaded_at", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # through the item's "Attach reports" or the attach_report command

    @admin.display(description="File")
    def file_link(self, obj):
        return report_link(obj)

    def delete_model(self, request, obj):
        report_delete(report=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            report_delete(report=report, user=request.user)
