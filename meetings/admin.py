"""The officers' admin: meetings with their items and attendance, items with resolutions and declarations.

Restricted items are flagged in every list so an officer checking an import sees them at a glance.
The review queue, preview and publish views are in meetings/admin_publication.py.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from ssp_archive.audit import AuditedAdminMixin, AuditedInlineMixin

from . import admin_people  # noqa: F401 (registers the people, organisation and merge admins)
from .admin_import import MinutesImportMixin
from .admin_publication import PublicationAdminMixin, publish_selected, unpublish_selected
from .admin_reports import AttachReportsMixin, ExpectedReportInline, ReportInline
from .imports.decisions import record_restriction_decision
from .models import AgendaItem, Attendance, Body, Declaration, Meeting, Resolution
from .publication import items_set_restricted
from .resources import AttendanceResource, ResolutionResource
from .wording import counted

SOURCE_DOCUMENT_PERM = "meetings.view_source_document"


class ResourceExportMixin(ExportActionMixin):
    """Admin export through the public resources, which need the request (user, absolute links)."""

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"request": request}


def restricted_badge(is_restricted: bool) -> str:
    if not is_restricted:
        return "—"
    return format_html('<strong class="badge-restricted">{}</strong>', "RESTRICTED")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]


class AgendaItemInline(AuditedInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    # No badge column beside the "restricted" box: it said the same and pushed the table past 1,280 px.
    # A restricted row is highlighted instead (static/admin-archive/admin.css).
    fields = ["position", "number", "title", "is_restricted", "restriction_note"]
    show_change_link = True


class AttendanceInline(AuditedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["position", "person", "role", "capacity", "organisation", "affiliation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(PublicationAdminMixin, MinutesImportMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    # The list's "Import minutes" button is in templates/admin/meetings/meeting/change_list.html; the
    # meeting's Preview / Publish / Unpublish / Undo import buttons in .../meeting/change_form.html.
    actions = ["reparse_from_stored_document", "undo_last_import", publish_selected, unpublish_selected]
    # Seven columns that wrap, so the list fits 1,280 px beside the filters: the file and its import
    # time share one column (static/admin-archive/admin.css, tests/browser/test_admin_width.py).
    list_display = ["date", "body_name", "publication", "status", "item_count", "restricted_count", "source"]
    list_filter = ["is_published", "body", "status", ("date", admin.DateFieldListFilter)]
    date_hierarchy = "date"
    search_fields = ["venue", "items__title", "source_filename"]
    # The document is written only by imports, and has no URL of its own: `source_link` goes to
    # the officer-only view below.
    readonly_fields = ["slug", "source_link", "source_checksum", "imported_at", "created_at", "updated_at",
                       "publication_state", "parser_warnings"]
    autocomplete_fields = ["approves"]
    inlines = [AgendaItemInline, AttendanceInline]
    fieldsets = [
        ("Review and publication", {"fields": ["publication_state", "parser_warnings"]}),
        (None, {"fields": ["body", "date", "slug", "start_time", "venue", "status"]}),
        ("Linked meetings", {"fields": ["approves", "previous_minutes_date", "next_meeting_date", "next_meeting_time"]}),
        ("Source", {
            "classes": ["collapse"],
            "fields": ["source_link", "source_filename", "source_checksum", "source_text",
                       "imported_at", "created_at", "updated_at"],
        }),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .select_related("body")
            .annotate(
                n_items=Count("items", distinct=True),
                n_restricted=Count("items", filter=Q(items__is_restricted=True), distinct=True),
            )
        )

    def save_formset(self, request, form, formset, change):
        changed = [f.instance for f in formset.forms
                   if formset.model is AgendaItem and "is_restricted" in f.changed_data and f not in formset.deleted_forms]
        super().save_formset(request, form, formset, change)
        for item in changed:  # an officer's restriction is remembered beyond the item (see imports.decisions)
            record_restriction_decision(item, request.user)

    def get_urls(self):
        view = self.admin_site.admin_view(self.source_document_view)
        return [
            path("<int:object_id>/source-document/", view, name="meetings_meeting_source_document"),
            *super().get_urls(),
        ]

    def source_document_view(self, request, object_id: int):
        """The original minutes document, for officers holding meetings.view_source_document only.

        Sent as an attachment, private to the browser, never sniffed into HTML: the file is whatever
        an officer uploaded, and holds restricted items in full.
        """
        if not request.user.has_perm(SOURCE_DOCUMENT_PERM):
            raise PermissionDenied
        meeting = get_object_or_404(Meeting, pk=object_id)
        if not meeting.source_document:
            raise Http404("This meeting has no stored document.")
        try:
            handle = meeting.source_document.open("rb")
        except OSError as error:
            raise Http404("The stored document is missing.") from error
        filename = meeting.source_filename or meeting.source_document.name.rsplit("/", 1)[-1]
        response = FileResponse(handle, as_attachment=True, filename=filename,
                                content_type="application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description="Source document")
    def source_link(self, obj):
        if not obj.pk or not obj.source_document:
            return "—"
        url = reverse("admin:meetings_meeting_source_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a> (download)', url, obj.source_filename or "document")

    @admin.display(description="Body", ordering="body__name")
    def body_name(self, obj):
        return obj.body.short_name or obj.body.name

    @admin.display(description="Imported from", ordering="imported_at")
    def source(self, obj):
        if not obj.source_filename:
            return "—"
        when = f"{timezone.localtime(obj.imported_at):%-d %b %Y %H:%M}" if obj.imported_at else ""
        return format_html('<span class="filename">{}</span><br><span class="quiet">{}</span>', obj.source_filename, when)

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items

    @admin.display(description="Restricted", ordering="n_restricted")
    def restricted_count(self, obj):
        if not obj.n_restricted:
            return "—"
        return format_html('<strong class="text-restricted">{} restricted</strong>', obj.n_restricted)


class ResolutionInline(AuditedInlineMixin, admin.TabularInline):
    model = Resolution
    extra = 0
    fields = ["position", "text", "reference"]
    readonly_fields = ["reference"]


class DeclarationInline(AuditedInlineMixin, admin.TabularInline):
    model = Declaration
    fk_name = "item"
    extra = 0
    fields = ["person", "relates_to_number", "relates_to", "text"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["relates_to"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The meeting of a new declaration is the meeting of the item it is made in.
        formset.form.base_fields.pop("meeting", None)
        return formset


@admin.register(AgendaItem)
class AgendaItemAdmin(AttachReportsMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    actions = ["mark_restricted", "mark_not_restricted"]
    list_display = ["__str__", "meeting", "position", "restricted", "resolution_count"]
    list_display_links = ["__str__"]
    list_filter = ["is_restricted", "meeting__is_published", "meeting__body", ("meeting__date", admin.DateFieldListFilter)]
    list_select_related = ["meeting__body"]
    date_hierarchy = "meeting__date"
    search_fields = ["number", "title", "minute", "resolutions__text"]
    autocomplete_fields = ["meeting"]
    inlines = [ResolutionInline, DeclarationInline, ReportInline, ExpectedReportInline]
    fields = ["meeting", "position", "number", "title", "is_restricted", "restriction_note", "minute", "public_minute"]
    # What the public reads, kept by meetings/redaction.py on save: shown so an officer can check it.
    readonly_fields = ["public_minute"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_resolutions=Count("resolutions"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_restricted" in form.changed_data:  # remembered beyond the item (see imports.decisions)
            record_restriction_decision(obj, request.user)

    @admin.display(description="Restricted", ordering="is_restricted", boolean=False)
    def restricted(self, obj):
        return restricted_badge(obj.is_restricted)

    @admin.display(description="Resolutions", ordering="n_resolutions")
    def resolution_count(self, obj):
        return obj.n_resolutions

    @admin.action(description="Mark selected items restricted", permissions=["change"])
    def mark_restricted(self, request, queryset):
        self._set_restricted(request, queryset, restricted=True)

    @admin.action(description="Mark selected items not restricted (clears their notes)", permissions=["change"])
    def mark_not_restricted(self, request, queryset):
        self._set_restricted(request, queryset, restricted=False)

    def _set_restricted(self, request, queryset, *, restricted: bool):
        changed = items_set_restricted(items=queryset, restricted=restricted, user=request.user)
        state = "restricted" if restricted else "not restricted"
        self.message_user(request, f"{counted(changed, 'item')} marked {state}.", messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        self.mark_change_reasons(formset)
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Declaration) and not obj.meeting_id:
                obj.meeting = form.instance.meeting
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdminMixin, ResourceExportMixin, SimpleHistoryAdmin):
    # The same resource as the public downloads, with the officer as its user.
    resource_classes = [ResolutionResource]
    list_display = ["reference", "short_text", "item_restricted", "meeting_date"]
    list_filter = ["item__is_restricted", "is_procedural", "item__meeting__body"]
    list_select_related = ["item__meeting__body"]
    date_hierarchy = "item__meeting__date"
    search_fields = ["reference", "text", "item__title"]
    autocomplete_fields = ["item"]
    readonly_fields = ["reference"]

    @admin.display(description="Text")
    def short_text(self, obj):
        return (obj.text[:120] + "…") if len(obj.text) > 120 else obj.text

    @admin.display(description="Restricted", ordering="item__is_restricted")
    def item_restricted(self, obj):
        return restricted_badge(obj.item.is_restricted)

    @admin.display(description="Meeting", ordering="item__meeting__date")
    def meeting_date(self, obj):
        return obj.item.meeting.date


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdminMixin, ResourceExportMixin, SimpleHistoryAdmin):
    resource_classes = [AttendanceResource]
    list_display = ["person", "meeting", "role", "capacity", "organisation", "affiliation"]
    list_filter = ["role", "capacity", "meeting__body"]
    list_select_related = ["person", "meeting__body", "organisation"]
    date_hierarchy = "meeting__date"
    search_fields = ["person__name", "affiliation", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "meeting"]


@admin.register(Declaration)
class DeclarationAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "relates_to_number", "restricted"]
    list_select_related = ["person", "meeting__body", "item", "relates_to"]
    search_fields = ["person__name", "text"]
    autocomplete_fields = ["person", "meeting"]
    raw_id_fields = ["item", "relates_to"]

    @admin.display(description="Restricted")
    def restricted(self, obj):
        return restricted_badge(bool(obj.withheld or (obj.item and obj.item.is_restricted)
                                     or (obj.relates_to and obj.relates_to.is_restricted)))
