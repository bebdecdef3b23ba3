"""The officers' admin: meetings with their items and attendance, items with resolutions and declarations.

Restricted items are flagged in every list so an officer checking an import sees them at a glance.
"""
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from .admin_import import MinutesImportMixin
from .models import AgendaItem, Attendance, Body, Declaration, Meeting, Resolution
from .resources import AttendanceResource, ResolutionResource


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


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "number", "title", "is_restricted", "restriction_note", "restricted_flag"]
    readonly_fields = ["restricted_flag"]
    show_change_link = True

    @admin.display(description="")
    def restricted_flag(self, obj):
        return restricted_badge(obj.is_restricted) if obj.pk else ""


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["position", "person", "role", "capacity", "organisation", "affiliation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(MinutesImportMixin, SimpleHistoryAdmin):
    # The list's "Import minutes" button is in templates/admin/meetings/meeting/change_list.html.
    actions = ["reparse_from_stored_document"]
    list_display = ["date", "body", "status", "item_count", "restricted_count", "source_filename", "imported_at"]
    list_filter = ["body", "status", ("date", admin.DateFieldListFilter)]
    date_hierarchy = "date"
    search_fields = ["venue", "items__title", "source_filename"]
    readonly_fields = ["slug", "source_checksum", "imported_at", "created_at", "updated_at"]
    autocomplete_fields = ["approves"]
    inlines = [AgendaItemInline, AttendanceInline]
    fieldsets = [
        (None, {"fields": ["body", "date", "slug", "start_time", "venue", "status"]}),
        ("Linked meetings", {"fields": ["approves", "previous_minutes_date", "next_meeting_date", "next_meeting_time"]}),
        ("Source", {
            "classes": ["collapse"],
            "fields": ["source_document", "source_filename", "source_checksum", "source_text",
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

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items

    @admin.display(description="Restricted", ordering="n_restricted")
    def restricted_count(self, obj):
        if not obj.n_restricted:
            return "—"
        return format_html('<strong class="text-restricted">{} restricted</strong>', obj.n_restricted)


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    fields = ["position", "text", "reference"]
    readonly_fields = ["reference"]


class DeclarationInline(admin.TabularInline):
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
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "position", "restricted", "resolution_count"]
    list_display_links = ["__str__"]
    list_filter = ["is_restricted", "meeting__body", ("meeting__date", admin.DateFieldListFilter)]
    list_select_related = ["meeting__body"]
    date_hierarchy = "meeting__date"
    search_fields = ["number", "title", "minute", "resolutions__text"]
    autocomplete_fields = ["meeting"]
    inlines = [ResolutionInline, DeclarationInline]
    fields = ["meeting", "position", "number", "title", "is_restricted", "restriction_note", "minute"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_resolutions=Count("resolutions"))

    @admin.display(description="Restricted", ordering="is_restricted", boolean=False)
    def restricted(self, obj):
        return restricted_badge(obj.is_restricted)

    @admin.display(description="Resolutions", ordering="n_resolutions")
    def resolution_count(self, obj):
        return obj.n_resolutions

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Declaration) and not obj.meeting_id:
                obj.meeting = form.instance.meeting
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Resolution)
class ResolutionAdmin(ResourceExportMixin, SimpleHistoryAdmin):
    # The same resource as the public downloads, with the officer as its user.
    resource_classes = [ResolutionResource]
    list_display = ["reference", "short_text", "item_restricted", "meeting_date"]
    list_filter = ["item__is_restricted", "item__meeting__body"]
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
class AttendanceAdmin(ResourceExportMixin, admin.ModelAdmin):
    resource_classes = [AttendanceResource]
    list_display = ["person", "meeting", "role", "capacity", "organisation", "affiliation"]
    list_filter = ["role", "capacity", "meeting__body"]
    list_select_related = ["person", "meeting__body", "organisation"]
    date_hierarchy = "meeting__date"
    search_fields = ["person__name", "affiliation", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "meeting"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "relates_to_number", "restricted"]
    list_select_related = ["person", "meeting__body", "item", "relates_to"]
    search_fields = ["person__name", "text"]
    autocomplete_fields = ["person", "meeting"]
    raw_id_fields = ["item", "relates_to"]

    @admin.display(description="Restricted")
    def restricted(self, obj):
        return restricted_badge(bool((obj.item and obj.item.is_restricted) or (obj.relates_to and obj.relates_to.is_restricted)))
