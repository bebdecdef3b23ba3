"""The officers' "Import minutes" flow in the admin: upload, preview and correct, then confirm or cancel.

Thin over `meetings.imports`: the upload view reads and plans each file (nothing written), keeps the
file in a staging folder under a signed token, and shows the preview; the confirm view imports each
kept file with the officer's choices (restricted flags, replace) and turns results and
ValidationErrors into messages. "Re-parse from stored document" feeds a meeting's own file into the
same preview. ImportRun, the record every import leaves, is shown read-only.
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from .imports.documents import (
    ALLOWED_EXTENSIONS,
    human_size,
    minutes_document_check,
    minutes_document_read,
    minutes_document_stored,
)
from .imports.messages import NOTHING_TO_UNDO, PREVIEW_STALE
from .imports.outcomes import ImportOutcome
from .imports.plan import ImportPlan, minutes_import_plan
from .imports.service import minutes_file_import, minutes_refusal_record
from .imports.staging import staging_discard, staging_get, staging_put
from .imports.undo import import_undo, last_undoable_run
from .models import AgendaItem, Body, ImportRun, Meeting, RestrictionDecision, TitleCorrection
from .wording import counted

NO_FILES = "Choose at least one minutes document."
CANCELLED = "Import cancelled: nothing was written."
NOTHING_CHOSEN = "No file was ticked for import: nothing was written."
CHOICES_INCOMPLETE = "A previewed file's choices were incomplete; nothing of it was written. Upload it again."
UNDO_ONE_AT_A_TIME = "Choose one meeting to undo its last import."
REPARSE_OTHER_DATE = (
    "{meeting}: the stored document now reads as a meeting on {date:%-d %B %Y}; "
    "check it and import it as a new document."
)


# --- Forms ---------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); each is checked by the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise ValidationError(NO_FILES, code="required")
        return files


class MinutesUploadForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.all(), empty_label=None,
        help_text="The partnership or board whose minutes these are.",
    )
    files = MultipleFileField(label="Minutes documents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"One or more .txt, .md, .docx or .pdf files, each at most {human_size(settings.MINUTES_MAX_UPLOAD_BYTES)}. "
            "Nothing is saved until you confirm."
        )


class ConfirmFileForm(forms.Form):
    """One previewed file's choices and corrections, as the preview posts them (fields prefixed per file)."""

    token = forms.CharField(widget=forms.HiddenInput)
    body = forms.ModelChoiceField(queryset=Body.objects.all(), empty_label=None)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    allow_date = forms.BooleanField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "As in the minutes"), *Meeting.Status.choices])
    items = forms.IntegerField(min_value=0, widget=forms.HiddenInput)  # how many items the preview showed
    include = forms.BooleanField(required=False)
    replace = forms.BooleanField(required=False)
    restricted = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        count = str(self.data.get(self.add_prefix("items"), ""))
        # Bounded: the count comes from the browser (the confirm view checks it against the document).
        self.positions = range(1, min(int(count), 10_000) + 1) if count.isdigit() else range(0)
        self.fields["restricted"].choices = [(p, p) for p in self.positions]

    def not_held(self, parsed) -> list[tuple[int, str]]:
        """(item position, title) of the reports the minutes name that the officer marked "not held".

        The preview posts "position:index" (its place in the item's list, never the title, which the
        browser could alter); read against the document itself, so only a report it names can be marked.
        """
        marked = []
        for value in self.data.getlist(self.add_prefix("not-held")) if hasattr(self.data, "getlist") else ():
            position, _, index = str(value).partition(":")
            if not (position.isdigit() and index.isdigit()) or not 1 <= int(position) <= len(parsed.items):
                continue
            named = parsed.items[int(position) - 1].expected_reports
            if int(index) < len(named):
                marked.append((int(position), named[int(index)].title))
        return marked

    def titles(self) -> dict[int, str]:
        """Item position -> title as shown (and perhaps typed) in the preview; items without a field are left out."""
        limit = AgendaItem._meta.get_field("title").max_length
        titles = {}
        for position in self.positions:
            key = self.add_prefix(f"title-{position}")
            if key in self.data:
                titles[position] = " ".join(str(self.data[key]).split())[:limit]
        return titles


# --- Admin ---------------------------------------------------------------------------------------


class MinutesImportMixin:
    """For MeetingAdmin: "Import minutes", "Undo import" (button and action) and "Re-parse" (list actions in `actions`)."""

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="meetings_meeting_import"),
            path("import/confirm/", self.admin_site.admin_view(self.import_confirm_view),
                 name="meetings_meeting_import_confirm"),
            path("<path:object_id>/undo-import/", self.admin_site.admin_view(self.undo_import_view),
                 name="meetings_meeting_undo_import"),
        ]
        return urls + super().get_urls()

    def _context(self, request, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **extra}

    def import_view(self, request):
        """Upload: read and plan each file, stage the readable ones, show the preview. Writes nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MinutesUploadForm(request.POST or None, request.FILES or None,
                                 initial={"body": Body.objects.order_by("pk").first()})
        if request.method == "POST" and form.is_valid():
            body = form.cleaned_data["body"]
            previews, errors = [], []
            for upload in form.cleaned_data["files"]:
                try:
                    previews.append(self._preview_upload(request, upload, body))
                except ValidationError as error:
                    errors.extend(error.messages)
            return self._render_preview(request, previews, errors, via=ImportRun.Via.ADMIN)
        return TemplateResponse(
            request, "admin/meetings/meeting/import_form.html", self._context(request, "Import minutes", form=form)
        )

    def _preview_upload(self, request, upload, body) -> dict:
        # Type and size are checked before the file is read into memory.
        minutes_document_check(filename=upload.name, size=upload.size)
        content = upload.read()
        try:
            document = minutes_document_read(filename=upload.name, content=content, item_prefix=body.short_name)
        except ValidationError as error:
            if error.code == "limit":  # a hostile file (zip bomb, endless PDF) is recorded, not just shown
                minutes_refusal_record(
                    filename=upload.name, content=content, error=error, user=request.user, via=ImportRun.Via.ADMIN
                )
            raise
        plan = minutes_import_plan(document=document, body=body)
        return self._preview(request, plan, content)

    def _preview(self, request, plan: ImportPlan, content: bytes, *, replace: bool = False) -> dict:
        token = None
        if plan.action != ImportPlan.Action.SKIP or replace:
            token = staging_put(content=content, filename=plan.document.filename, user_id=request.user.pk)
        return {"plan": plan, "token": token, "replace": replace}

    def _render_preview(self, request, previews: list[dict], errors: list[str], *, via: str):
        for n, preview in enumerate(previews):
            preview["prefix"] = f"f{n}"
        return TemplateResponse(request, "admin/meetings/meeting/import_preview.html", self._context(
            request, "Check the minutes before importing", previews=previews, errors=errors, via=via,
            importable=[p for p in previews if p["token"]], bodies=list(Body.objects.all()),
            statuses=Meeting.Status.choices,
            can_replace=self.has_change_permission(request),
        ))

    def import_confirm_view(self, request):
        """Confirm (import each ticked file with the officer's choices) or cancel (discard the uploads)."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:meetings_meeting_changelist")
        prefixes = [p for p in request.POST.getlist("files") if p.startswith("f") and p[1:].isdigit()]
        forms_ = [ConfirmFileForm(request.POST, prefix=prefix) for prefix in prefixes]
        if "cancel" in request.POST:
            for form in forms_:
                staging_discard(form.data.get(form.add_prefix("token"), ""), user_id=request.user.pk)
            self.message_user(request, CANCELLED, messages.INFO)
            return HttpResponseRedirect(changelist)
        via = ImportRun.Via.REPARSE if request.POST.get("via") == ImportRun.Via.REPARSE else ImportRun.Via.ADMIN
        chosen = 0
        for form in forms_:
            if not form.is_valid():
                self.message_user(request, CHOICES_INCOMPLETE, messages.ERROR)
                continue
            data = form.cleaned_data
            if not data["include"]:
                staging_discard(data["token"], user_id=request.user.pk)
                continue
            chosen += 1
            self._confirm_one(request, form, via)
        if not chosen and forms_:
            self.message_user(request, NOTHING_CHOSEN, messages.WARNING)
        return HttpResponseRedirect(changelist)

    def _confirm_one(self, request, form: ConfirmFileForm, via: str) -> None:
        data = form.cleaned_data
        replace = data["replace"] and self.has_change_permission(request)
        try:
            filename, content = staging_get(data["token"], user_id=request.user.pk)
            document = minutes_document_read(filename=filename, content=content, item_prefix=data["body"].short_name)
            if len(document.parsed.items) != data["items"]:
                raise ValidationError(PREVIEW_STALE.format(filename=filename))
            ticked = set(data["restricted"])
            result = minutes_file_import(
                filename=filename, content=content, document=document, user=request.user, body=data["body"],
                replace=replace, via=via,
                restricted={position: position in ticked for position in range(1, data["items"] + 1)},
                date=data["date"], allow_date=data["allow_date"], status=data["status"], titles=form.titles(),
                not_held=form.not_held(document.parsed),
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        finally:
            staging_discard(data["token"], user_id=request.user.pk)
        if result.outcome.wrote:
            url = reverse("admin:meetings_meeting_change", args=[result.meeting.pk])
            c = result.counts
            self.message_user(request, format_html(
                '{}: {} <a href="{}">{}</a> — {} ({} restricted), {} attending. '
                '<a href="{}">Import record</a>.',
                filename, result.outcome, url, result.meeting, counted(c["items"], "item"), c["restricted"],
                c["attendance"],
                reverse("admin:meetings_importrun_change", args=[result.run.pk]),
            ), messages.SUCCESS)
        else:
            self.message_user(request, result.message, messages.WARNING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        run = last_undoable_run(meeting) if meeting is not None and self.has_change_permission(request, meeting) else None
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "undo_run": run})

    def undo_import_view(self, request, object_id):
        """Undo import: GET shows what the meeting goes back to; POST restores it (one transaction, recorded)."""
        meeting = self.get_object(request, object_id)
        if meeting is None:
            raise Http404
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        run = last_undoable_run(meeting)
        change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if run is None:
            self.message_user(request, NOTHING_TO_UNDO.format(meeting=meeting), messages.WARNING)
            return HttpResponseRedirect(change_url)
        if run.snapshot["meeting"] is None and not self.has_delete_permission(request, meeting):
            raise PermissionDenied  # undoing the import that created the meeting deletes it
        if request.method == "POST":
            try:
                undone = import_undo(meeting=meeting, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(request, undone.message, messages.SUCCESS)
            if undone.meeting_id is None:
                return HttpResponseRedirect(reverse("admin:meetings_meeting_changelist"))
            return HttpResponseRedirect(change_url)
        before = run.snapshot
        return TemplateResponse(request, "admin/meetings/meeting/undo_import.html", self._context(
            request, f"Undo the last import of {meeting}", meeting=meeting, run=run, object=meeting,
            created=before["meeting"] is None,
            before_items=before.get("items", []), before_attendance=len(before.get("attendance", [])),
            before_restricted=[i for i in before.get("items", []) if i["is_restricted"]],
            before_filename=(before["meeting"] or {}).get("source_filename", ""),
        ))

    @admin.action(description="Undo the last import (confirm first)", permissions=["change"])
    def undo_last_import(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, UNDO_ONE_AT_A_TIME, messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:meetings_meeting_undo_import", args=[queryset.get().pk]))

    @admin.action(description="Re-parse from stored document (preview first)", permissions=["change"])
    def reparse_from_stored_document(self, request, queryset):
        previews, errors = [], []
        for meeting in queryset.select_related("body"):
            try:
                document = minutes_document_stored(meeting=meeting)
                # A document that states no date (imported with the officer's) keeps the meeting's date,
                # which an officer already accepted.
                plan = minutes_import_plan(
                    document=document, body=meeting.body, replace=True, allow_date=True,
                    date=None if document.parsed.date else meeting.date,
                )
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if plan.existing is None or plan.existing.pk != meeting.pk:
                # The stored file now parses to another date: importing it would not re-parse this meeting.
                errors.append(REPARSE_OTHER_DATE.format(meeting=meeting, date=plan.date))
                continue
            previews.append(self._preview(request, plan, document.content, replace=True))
        if not previews:
            for error in errors:
                self.message_user(request, error, messages.ERROR)
            return None
        return self._render_preview(request, previews, errors, via=ImportRun.Via.REPARSE)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every import attempt, read-only: officers read it; nobody edits the record."""

    list_display = ["started_at", "filename", "outcome_badge", "meeting_link", "user", "via", "summary"]
    list_filter = ["outcome", "via", "body", ("started_at", admin.DateFieldListFilter)]
    list_select_related = ["meeting__body", "user", "body"]
    search_fields = ["filename", "checksum", "message"]
    date_hierarchy = "started_at"
    fields = ["started_at", "user", "via", "filename", "checksum", "body", "meeting_link", "meeting_date",
              "outcome", "message", "counts_table", "warnings_list", "suggestions_list"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Outcome", ordering="outcome")
    def outcome_badge(self, obj):
        return format_html('<strong class="outcome-{}">{}</strong>', obj.outcome, obj.get_outcome_display())

    @admin.display(description="Meeting", ordering="meeting_date")
    def meeting_link(self, obj):
        if obj.meeting_id:
            return format_html('<a href="{}">{}</a>', reverse("admin:meetings_meeting_change", args=[obj.meeting_id]), obj.meeting)
        return obj.meeting_date or "—"

    @admin.display(description="Summary")
    def summary(self, obj):
        if obj.outcome in (ImportOutcome.FAILED, ImportOutcome.REFUSED):
            return obj.message
        c = obj.counts or {}
        return (f"{counted(c.get('items', 0), 'item')} ({c.get('restricted', 0)} restricted), "
                f"{c.get('attendance', 0)} attending, {counted(len(obj.warnings), 'warning')}, "
                f"{counted(len(obj.suggestions), 'suggestion')}")

    @admin.display(description="Counts")
    def counts_table(self, obj):
        return format_html_join(", ", "{}: {}", ((k.replace("_", " "), v) for k, v in (obj.counts or {}).items())) or "—"

    @admin.display(description="Warnings")
    def warnings_list(self, obj):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings))) if obj.warnings else "—"

    @admin.display(description="Possible duplicates")
    def suggestions_list(self, obj):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in obj.suggestions))) if obj.suggestions else "—"


@admin.register(RestrictionDecision)
class RestrictionDecisionAdmin(admin.ModelAdmin):
    """Officers' remembered restriction decisions, read-only: they are written by changing an item's flag."""

    list_display = ["date", "body", "title", "restricted", "user", "decided_at"]
    list_filter = ["restricted", "body"]
    list_select_related = ["body", "user"]
    search_fields = ["title"]
    date_hierarchy = "date"
    readonly_fields = ["body", "date", "title", "title_key", "minute_digest", "restricted", "user", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TitleCorrection)
class TitleCorrectionAdmin(admin.ModelAdmin):
    """Titles officers typed in the import preview, read-only: the next import of those minutes applies them."""

    list_display = ["date", "body", "parsed_title", "title", "user", "decided_at"]
    list_filter = ["body"]
    list_select_related = ["body", "user"]
    search_fields = ["title", "parsed_title"]
    date_hierarchy = "date"
    readonly_fields = ["body", "date", "source_key", "parsed_title", "title", "user", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
