"""Admin for people and organisations, with a "merge duplicates" action on each, and the merge records.

Registered from the meetings app because a merge rewrites attendance and declarations, and the
lists count meetings: people/ itself imports nothing from meetings/.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from people.models import Organisation, OrganisationAlias, Person, PersonAlias
from ssp_archive.audit import AuditedAdminMixin, AuditedInlineMixin

from .merges import merge_undo, organisation_merge, person_merge
from .models import MergeRecord
from .wording import counted


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, label="Keep this record")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


def _merge_action(merge_service, noun: str):
    """An admin action that asks which record to keep, then calls `merge_service`."""

    def merge(modeladmin, request, queryset):
        if queryset.count() < 2:
            modeladmin.message_user(request, f"Choose at least two {noun} to merge.", messages.WARNING)
            return None
        if "apply" in request.POST:
            form = MergeForm(request.POST, queryset=queryset)
            if form.is_valid():
                keep = form.cleaned_data["keep"]
                result = merge_service(keep=keep, duplicates=list(queryset.exclude(pk=keep.pk)), user=request.user)
                modeladmin.message_user(
                    request,
                    format_html(
                        "Merged {} into “{}”: {} moved, {} kept as aliases. "
                        'Each merge is recorded under <a href="{}">Merges</a>, where it can be undone.',
                        result.merged, keep, counted(result.moved, "record"),
                        counted(result.aliases_added, "spelling"),
                        reverse("admin:meetings_mergerecord_changelist"),
                    ),
                    messages.SUCCESS,
                )
                return None
        else:
            form = MergeForm(queryset=queryset)
        return render(request, "admin/people/merge.html", {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {noun}",
            "form": form,
            "objects": queryset,
            "opts": modeladmin.model._meta,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        })

    merge.short_description = f"Merge selected {noun} (keeps one, others become aliases)"
    merge.allowed_permissions = ("change", "delete")
    return merge


class AliasesColumnMixin:
    """The "Also written" column: a record's aliases (prefetched by get_queryset)."""

    @admin.display(description="Also written")
    def alias_list(self, obj):
        return ", ".join(a.name for a in obj.aliases.all())


class PersonAliasInline(AuditedInlineMixin, admin.TabularInline):
    model = PersonAlias
    extra = 0


class OrganisationAliasInline(AuditedInlineMixin, admin.TabularInline):
    model = OrganisationAlias
    extra = 0


@admin.register(Person)
class PersonAdmin(AliasesColumnMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "honorific", "meetings_attended", "alias_list"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    actions = [_merge_action(person_merge, "people")]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_attendance=Count("attendance", distinct=True)).prefetch_related("aliases")

    @admin.display(description="Meetings", ordering="n_attendance")
    def meetings_attended(self, obj):
        return obj.n_attendance


@admin.register(Organisation)
class OrganisationAdmin(AliasesColumnMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "meetings_represented", "alias_list"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]
    actions = [_merge_action(organisation_merge, "organisations")]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .annotate(n_meetings=Count("attendance__meeting", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="Meetings", ordering="n_meetings")
    def meetings_represented(self, obj):
        return obj.n_meetings


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    """Every merge, newest first: read-only, with "Undo selected merges" for officers who may change
    the people or organisations concerned."""

    list_display = ["merged_at", "kind", "merged_name", "kept_name", "user", "undone"]
    list_filter = ["kind", ("undone_at", admin.EmptyFieldListFilter)]
    search_fields = ["merged_name", "kept_name"]
    readonly_fields = ["kind", "kept_id", "kept_name", "merged_name", "merged_at", "user", "snapshot",
                       "undone_at", "undone_by"]
    actions = ["undo_merges"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record is the audit trail

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Undone", ordering="undone_at")
    def undone(self, obj):
        return f"{obj.undone_at:%Y-%m-%d %H:%M}" if obj.undone_at else "—"

    def has_undo_permission(self, request):
        opts = [Person._meta, Organisation._meta]
        return all(request.user.has_perm(f"{o.app_label}.change_{o.model_name}") and
                   request.user.has_perm(f"{o.app_label}.add_{o.model_name}") for o in opts)

    @admin.action(description="Undo selected merges (re-create the merged record and move its rows back)",
                  permissions=["undo"])
    def undo_merges(self, request, queryset):
        # Newest first: undoing an older merge before a later one that built on it would fail.
        for record in queryset.order_by("-merged_at", "-pk"):
            try:
                restored = merge_undo(record=record, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{record}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"Undone: “{restored}” is back.", messages.SUCCESS)
