"""Admin for people and organisations, with a "merge duplicates" action on each."""
from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render
from simple_history.admin import SimpleHistoryAdmin

from ssp_archive.audit import AuditedAdminMixin, AuditedInlineMixin

from .models import Organisation, OrganisationAlias, Person, PersonAlias
from .services import organisation_merge, person_merge


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
                result = merge_service(keep=keep, duplicates=list(queryset.exclude(pk=keep.pk)))
                modeladmin.message_user(
                    request,
                    f"Merged {result.merged} into “{keep}”: {result.moved} records moved, "
                    f"{result.aliases_added} spellings kept as aliases.",
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
