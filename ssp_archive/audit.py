"""Admin audit: no phantom changes (line endings normalised once, unchanged forms not saved) and a reason on every change."""
from django import forms
from django.db import models


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as LF: browsers submit textareas with CRLF, the archive stores LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NormalisedTextField(forms.CharField):
    """A textarea's text with its line endings normalised, so saving an untouched item is no change."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value


def admin_change_reason(form, change: bool) -> str:
    """What the officer did, for the history's "Change reason" column: never left empty ("None")."""
    if not change:
        return "Added in the admin"
    labels = [str(form.fields[name].label or name) if name in form.fields else name for name in form.changed_data]
    return "Changed in the admin: " + ", ".join(labels) if labels else "Saved in the admin"


class AuditedAdminMixin:
    """For ModelAdmins of audited models: normalised text, unchanged forms not saved, reasons recorded.

    Django's admin saves an object even when its form is unchanged, and simple_history then writes a
    record nobody made; `has_changed()` compares normalised text, so an untouched item is not saved.
    """

    formfield_overrides = {models.TextField: {"form_class": NormalisedTextField}}

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        obj._change_reason = admin_change_reason(form, change)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = "Deleted in the admin"
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        self.mark_change_reasons(formset)
        super().save_formset(request, form, formset, change)

    @staticmethod
    def mark_change_reasons(formset) -> None:
        """Give each inline object the formset will save or delete its change reason."""
        for inline_form in formset.forms:
            if getattr(inline_form, "cleaned_data", None) is None:
                continue
            if formset.can_delete and formset._should_delete_form(inline_form):
                inline_form.instance._change_reason = "Deleted in the admin"
            elif inline_form.has_changed():
                inline_form.instance._change_reason = admin_change_reason(
                    inline_form, change=inline_form.instance.pk is not None
                )


class AuditedInlineMixin:
    """For inlines of audited models: the same normalised text as AuditedAdminMixin."""

    formfield_overrides = {models.TextField: {"form_class": NormalisedTextField}}
