"""Reads for pages, downloads, feeds and the API. Every queryset here starts from `visible_to(user)`.

Views, CSV resources, feeds, the sitemap and the API call these rather than the managers, so that
what a user may see is decided once (meetings/visibility.py) and applied everywhere.
"""
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear

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


def meeting_filterset(*, user, filters=None) -> MeetingFilter:
    """The bound MeetingFilter over the user's meetings (newest first): `.qs` for rows, `.form` to show."""
    qs = meetings_with_counts(user=user).order_by("-date", "body__name")
    return MeetingFilter(filters or {}, queryset=qs, user=user)


def meeting_list(*, user, filters=None) -> QuerySet:
    """Meetings newest first, filtered by MeetingFilter (year, dates, keyword, person, organisation)."""
    return meeting_filterset(user=user, filters=filters).qs


def meeting_items(*, user, meeting=None) -> QuerySet:
    """Visible items with their visible resolutions and declarations, in minute order."""
    qs = visible_items(user=user)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs.select_related("meeting__body").defer("meeting__source_text").prefetch_related(
        Prefetch("resolutions", queryset=Resolution.objects.visible_to(user).order_by("position")),
        Prefetch(
            "declarations",
            queryset=visible_declarations(user=user).select_related("person", "relates_to"),
        ),
    ).order_by("meeting__date", "position")


def meeting_attendance(*, meeting) -> QuerySet:
    """Attendance is public: who attended is on the record whatever was discussed."""
    return Attendance.objects.filter(meeting=meeting).select_related("person", "organisation").order_by("position", "pk")


# Long text a resolution row never shows (see resolution_filterset); the tests check no query reads them.
RESOLUTION_ROW_DEFERRED = (
    "item__minute", "item__restriction_note", "item__meeting__source_text", "item__meeting__body__description",
)
ATTENDANCE_ROW_DEFERRED = ("meeting__source_text", "meeting__body__description")


def resolution_filterset(*, user, filters=None, newest_first: bool = False) -> ResolutionFilter:
    """The bound ResolutionFilter over the user's resolutions: `.qs` for rows, `.form` to show."""
    date = "-item__meeting__date" if newest_first else "item__meeting__date"
    # The register, the downloads and the API show a resolution with its item's number and title:
    # never the item's minute (one item's can be megabytes, and it would be loaded once per row)
    # nor the meeting's source_text (a whole minutes document).
    qs = visible_resolutions(user=user).select_related("item__meeting__body").defer(
        *RESOLUTION_ROW_DEFERRED
    ).order_by(date, "item__position", "position")
    return ResolutionFilter(filters or {}, queryset=qs, user=user)


def resolution_list(*, user, filters=None) -> QuerySet:
    """Visible resolutions, oldest meeting first, filtered by ResolutionFilter."""
    return resolution_filterset(user=user, filters=filters).qs


def attendance_list(*, user, filters=None) -> QuerySet:
    qs = Attendance.objects.select_related("meeting__body", "person", "organisation").defer(
        *ATTENDANCE_ROW_DEFERRED
    ).order_by("meeting__date", "position", "pk")
    return AttendanceFilter(filters or {}, queryset=qs, user=user).qs


# --- Public pages -------------------------------------------------------------------------------
# Each function below returns a fixed number of queries whatever the number of items, resolutions or
# attendees (tests/public/test_query_counts.py), so long minutes never make a page slower to build.


def archive_figures(*, user) -> dict:
    """Headline counts for the home page, each from the visible querysets (one query each)."""
    from people.models import Organisation, Person

    meetings = Meeting.objects.visible_to(user).aggregate(
        n=Count("pk"), first=Min("date"), last=Max("date")
    )
    return {
        "meetings": meetings["n"],
        "first_date": meetings["first"],
        "last_date": meetings["last"],
        "items": visible_items(user=user).count(),
        "resolutions": visible_resolutions(user=user).count(),
        "people": Person.objects.filter(Exists(Attendance.objects.filter(person=OuterRef("pk")))).count(),
        "organisations": Organisation.objects.filter(
            Exists(Attendance.objects.filter(organisation=OuterRef("pk")))
        ).count(),
    }


def latest_meetings(*, user, limit: int = 5) -> list:
    return list(meetings_with_counts(user=user).order_by("-date", "body__name")[:limit])


def next_meeting(*, user) -> Meeting | None:
    """The latest meeting, if its minutes give the date of the next one (it carries that date).

    Only the latest: an older meeting's "next meeting" has been overtaken by the meetings since.
    """
    latest = Meeting.objects.visible_to(user).select_related("body").defer("source_text").order_by("-date").first()
    return latest if latest and latest.next_meeting_date else None


def meeting_years(*, user) -> list[tuple[int, int]]:
    """(year, number of meetings) pairs, newest year first."""
    rows = (
        Meeting.objects.visible_to(user).annotate(year=ExtractYear("date")).order_by()
        .values("year").annotate(n=Count("pk")).order_by("-year")
    )
    return [(row["year"], row["n"]) for row in rows]


def _neighbour(meetings: QuerySet, *, before: bool, field: str):
    """A subquery giving `field` of the body's meeting just before (or after) the outer one."""
    qs = meetings.filter(body=OuterRef("body"))
    qs = qs.filter(date__lt=OuterRef("date")).order_by("-date") if before else \
        qs.filter(date__gt=OuterRef("date")).order_by("date")
    return Subquery(qs.values(field)[:1])


def meeting_detail(*, user, slug: str) -> Meeting:
    """One meeting with its counts, the meetings it approved / was approved at, and its neighbours.

    Raises Meeting.DoesNotExist.
    """
    visible = Meeting.objects.visible_to(user)
    return (
        meetings_with_counts(user=user)
        .select_related("approves", "approved_at")
        .annotate(
            previous_slug=_neighbour(visible, before=True, field="slug"),
            previous_date=_neighbour(visible, before=True, field="date"),
            next_slug=_neighbour(visible, before=False, field="slug"),
            next_date=_neighbour(visible, before=False, field="date"),
        )
        .get(slug=slug)
    )


def meeting_declarations(*, user, meeting) -> QuerySet:
    """Declarations minuted for the meeting as a whole (not within an item) that the user may see."""
    return (
        visible_declarations(user=user).filter(meeting=meeting, item__isnull=True)
        .select_related("person", "relates_to").order_by("pk")
    )


def group_attendance(rows) -> list[tuple[str, list]]:
    """Attendance rows grouped by role, in the order the minutes list them: [(role label, rows)]."""
    groups = {role: [] for role in Attendance.Role.values}
    for row in rows:
        groups.setdefault(row.role, []).append(row)
    labels = dict(Attendance.Role.choices)
    return [(labels.get(role, role), people) for role, people in groups.items() if people]


def item_detail(*, user, slug: str, position: int) -> AgendaItem:
    """A visible item with its resolutions, declarations and its visible neighbours in the meeting.

    Raises AgendaItem.DoesNotExist for a restricted item the user may not see, as for a missing one,
    so the public cannot tell the two apart.
    """
    siblings = visible_items(user=user).filter(meeting=OuterRef("meeting"))
    before = siblings.filter(position__lt=OuterRef("position")).order_by("-position")
    after = siblings.filter(position__gt=OuterRef("position")).order_by("position")
    return (
        meeting_items(user=user)
        .annotate(
            previous_position=Subquery(before.values("position")[:1]),
            previous_title=Subquery(before.values("title")[:1]),
            next_position=Subquery(after.values("position")[:1]),
            next_title=Subquery(after.values("title")[:1]),
        )
        .get(meeting__slug=slug, position=position)
    )


def feed_meetings(*, user, limit: int | None = None) -> QuerySet:
    """Meetings newest first with only their visible items prefetched (titles for feed text)."""
    qs = meetings_with_counts(user=user).order_by("-date", "body__name").prefetch_related(
        Prefetch("items", queryset=visible_items(user=user).only("pk", "meeting_id", "position", "number", "title")
                 .order_by("position"), to_attr="visible_item_list")
    )
    return qs[:limit] if limit else qs
