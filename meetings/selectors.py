"""Reads for pages, downloads, feeds and the API. Every queryset here starts from `visible_to(user)`.

Views, CSV resources, feeds, the sitemap and the API call these rather than the managers, so that
what a user may see is decided once (meetings/visibility.py) and applied everywhere.
"""
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .filters import AttendanceFilter, MeetingFilter, ResolutionFilter
from .models import AgendaItem, Attendance, Declaration, Meeting, Resolution


def visible_items(*, user) -> QuerySet:
    return AgendaItem.objects.visible_to(user)


def visible_resolutions(*, user) -> QuerySet:
    return Resolution.objects.visible_to(user)


def visible_declarations(*, user) -> QuerySet:
    return Declaration.objects.visible_to(user)


def _count_per_meeting(items: QuerySet):
    """A subquery counting `items` of the outer meeting (0 when none)."""
    counted = items.filter(meeting=OuterRef("pk")).order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def meetings_with_counts(*, user) -> QuerySet:
    """Meetings annotated with `n_items` (items the user may see) and `n_withheld` (items withheld).

    `n_withheld` is what "N restricted items are not published" shows: a count, never a title; it
    is the total less what `visible_to` lets through, so it is 0 for partners and officers.
    """
    return (
        Meeting.objects.visible_to(user)
        .select_related("body")
        .defer("source_text")
        .annotate(
            n_items=_count_per_meeting(AgendaItem.objects.visible_to(user)),
            n_all_items=_count_per_meeting(AgendaItem.objects.all()),
        )
        .annotate(n_withheld=F("n_all_items") - F("n_items"))
    )


def meeting_list(*, user, filters=None) -> QuerySet:
    """Meetings newest first, filtered by MeetingFilter (year, dates, keyword, person, organisation)."""
    qs = meetings_with_counts(user=user).order_by("-date", "body__name")
    return MeetingFilter(filters or {}, queryset=qs, user=user).qs


def meeting_items(*, user, meeting=None) -> QuerySet:
    """Visible items with their visible resolutions and declarations, in minute order."""
    qs = visible_items(user=user)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs.select_related("meeting__body").prefetch_related(
        Prefetch("resolutions", queryset=Resolution.objects.visible_to(user).order_by("position")),
        Prefetch(
            "declarations",
            queryset=visible_declarations(user=user).select_related("person", "relates_to"),
        ),
    ).order_by("meeting__date", "position")


def meeting_attendance(*, meeting) -> QuerySet:
    """Attendance is public: who attended is on the record whatever was discussed."""
    return Attendance.objects.filter(meeting=meeting).select_related("person", "organisation").order_by("position", "pk")


def resolution_list(*, user, filters=None) -> QuerySet:
    """Visible resolutions, oldest meeting first, filtered by ResolutionFilter."""
    qs = visible_resolutions(user=user).select_related("item__meeting__body").order_by(
        "item__meeting__date", "item__position", "position"
    )
    return ResolutionFilter(filters or {}, queryset=qs, user=user).qs


def attendance_list(*, user, filters=None) -> QuerySet:
    qs = Attendance.objects.select_related("meeting__body", "person", "organisation").order_by(
        "meeting__date", "position", "pk"
    )
    return AttendanceFilter(filters or {}, queryset=qs, user=user).qs
