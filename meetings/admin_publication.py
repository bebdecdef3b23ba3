"""The admin's review-and-publish workflow: the review queue, preview as the public, publish / unpublish.

Thin entry points over meetings/publication.py: every change goes through its services (and so into
history); what the public sees is decided by meetings/visibility.py, never here.
"""
import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html, format_html_join

from . import views
from .models import ImportRun, Meeting, MeetingAwaitingReview
from .publication import meeting_publish, meeting_review, meeting_unpublish
from .visibility import VIEW_UNPUBLISHED_PERM, PublicPreview
from .wording import counted

CONFIRM_TEMPLATE = "admin/meetings/meeting/publish_confirm.html"


def can_publish(request) -> bool:
    """Publishing needs both: editing meetings, and seeing them before the public does."""
    return request.user.has_perm("meetings.change_meeting") and request.user.has_perm(VIEW_UNPUBLISHED_PERM)


def latest_warnings_subquery():
    """The warnings of each meeting's latest import, as one column (no query per row)."""
    runs = ImportRun.objects.filter(
        meeting=OuterRef("pk"), outcome__in=[ImportRun.Outcome.IMPORTED, ImportRun.Outcome.REPLACED]
    ).order_by("-started_at", "-pk")
    return Subquery(runs.values("warnings")[:1], output_field=models.JSONField())


def _confirm_page(modeladmin, request, *, meetings, publish: bool, action: str = "", selected=()):
    return render(request, CONFIRM_TEMPLATE, {
        **modeladmin.admin_site.each_context(request),
        "title": "Publish meetings" if publish else "Unpublish meetings",
        "opts": Meeting._meta,
        "publish": publish,
        "reviews": [meeting_review(meeting=m) for m in meetings],
        "action": action,
        "selected": selected,
    })


def _action(publish: bool):
    service = meeting_publish if publish else meeting_unpublish

    def act(modeladmin, request, queryset):
        meetings = list(queryset.filter(is_published=not publish).select_related("body").order_by("date"))
        if not meetings:
            modeladmin.message_user(
                request, "None of the selected meetings is " + ("awaiting review." if publish else "published."),
                messages.WARNING,
            )
            return None
        if request.POST.get("confirm") == "yes":
            done = sum(service(meeting=m, user=request.user) for m in meetings)
            verb = "Published" if publish else "Unpublished"
            modeladmin.message_user(request, f"{verb} {counted(done, 'meeting')}.", messages.SUCCESS)
            return None
        return _confirm_page(
            modeladmin, request, meetings=meetings, publish=publish, action=request.POST.get("action", ""),
            selected=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        )

    act.__name__ = "publish_selected" if publish else "unpublish_selected"
    return admin.action(
        description="Publish selected meetings (confirm first)" if publish
        else "Unpublish selected meetings (back to awaiting review)",
        permissions=["publish"],
    )(act)


publish_selected = _action(publish=True)
unpublish_selected = _action(publish=False)


class PublicationAdminMixin:
    """For MeetingAdmin: preview, publish and unpublish views, the actions, and the publication fields."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name="meetings_meeting_preview"),
            path("<path:object_id>/publish/", wrap(self.publish_view), name="meetings_meeting_publish"),
            path("<path:object_id>/unpublish/", wrap(self.unpublish_view), name="meetings_meeting_unpublish"),
        ] + super().get_urls()

    def has_publish_permission(self, request):
        return can_publish(request)

    def _meeting_or_404(self, request, object_id) -> Meeting:
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            raise Http404("No such meeting")
        return meeting

    def preview_view(self, request, object_id):
        """The public meeting page exactly as an anonymous visitor will see it once published."""
        if not request.user.has_perm(VIEW_UNPUBLISHED_PERM):
            raise PermissionDenied
        meeting = self._meeting_or_404(request, object_id)
        as_public = copy.copy(request)
        as_public.user = PublicPreview(meeting.pk)
        response = views.meeting_detail(as_public, slug=meeting.slug)
        # Not for any shared cache or search engine: it may show what is not yet public.
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def publish_view(self, request, object_id):
        return self._publication_view(request, object_id, publish=True)

    def unpublish_view(self, request, object_id):
        return self._publication_view(request, object_id, publish=False)

    def _publication_view(self, request, object_id, *, publish: bool):
        """GET: the confirmation page (restricted items, parser warnings); POST: do it."""
        if not can_publish(request):
            raise PermissionDenied
        meeting = self._meeting_or_404(request, object_id)
        change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if request.method == "POST":
            service = meeting_publish if publish else meeting_unpublish
            if service(meeting=meeting, user=request.user):
                self.message_user(request, f"{meeting} is {'published' if publish else 'awaiting review again'}.",
                                  messages.SUCCESS)
            else:
                self.message_user(request, f"{meeting} was already {'published' if publish else 'awaiting review'}.",
                                  messages.WARNING)
            return HttpResponseRedirect(change_url)
        return _confirm_page(self, request, meetings=[meeting], publish=publish)

    @admin.display(description="Publication", ordering="is_published")
    def publication(self, obj):
        if obj.is_published:
            return format_html("Published {}", f"{obj.published_at:%-d %b %Y}" if obj.published_at else "")
        return format_html('<strong style="color:#b45f06">{}</strong>', "Awaiting review")

    @admin.display(description="Publication")
    def publication_state(self, obj):
        if obj is None or obj.pk is None:
            return "Awaiting review once saved"
        if obj.is_published:
            who = f" by {obj.published_by}" if obj.published_by else ""
            when = f" on {obj.published_at:%-d %B %Y %H:%M}" if obj.published_at else ""
            return f"Published{when}{who}. The public and partners can see it."
        return "Awaiting review: only officers can see it until it is published."

    @admin.display(description="Parser warnings")
    def parser_warnings(self, obj):
        from .publication import meeting_import_warnings

        warnings = meeting_import_warnings(meeting=obj) if obj and obj.pk else ()
        if not warnings:
            return "None from its latest import."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in warnings)))


@admin.register(MeetingAwaitingReview)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Meetings awaiting review, the longest waiting first; each row opens the meeting's own page."""

    list_display = ["meeting", "body", "imported_at", "item_count", "restricted_count", "warning_count", "review"]
    list_display_links = None
    list_filter = ["body"]
    ordering = ["created_at", "pk"]
    actions = [publish_selected]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).awaiting_review().select_related("body").defer("source_text")
            .annotate(
                n_items=Count("items", distinct=True),
                n_restricted=Count("items", filter=Q(items__is_restricted=True), distinct=True),
                latest_warnings=latest_warnings_subquery(),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW_UNPUBLISHED_PERM) and super().has_view_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request)

    @admin.display(description="Meeting", ordering="date")
    def meeting(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:meetings_meeting_change", args=[obj.pk]),
                           f"{obj.date:%-d %B %Y}")

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items

    @admin.display(description="Restricted", ordering="n_restricted")
    def restricted_count(self, obj):
        return obj.n_restricted or "—"

    @admin.display(description="Parser warnings")
    def warning_count(self, obj):
        return len(obj.latest_warnings or []) or "—"

    @admin.display(description="")
    def review(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a> · <a href="{}">Publish…</a>',
            reverse("admin:meetings_meeting_preview", args=[obj.pk]),
            reverse("admin:meetings_meeting_publish", args=[obj.pk]),
        )
