"""Reads for pages, downloads, feeds and the API. Every queryset here starts from `visible_to(user)`.

Views, CSV resources, feeds, the sitemap and the API call these rather than the managers, so that
what a user may see is decided once (meetings/visibility.py) and applied everywhere.
"""
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse

from people.models import Organisation, OrganisationAlias, Person, PersonAlias

from .figures import figure, figures_apply, known_rows, people_known_to
from .filters import ATTENDING_ROLES, AttendanceFilter, MeetingFilter, ResolutionFilter
from .models import AgendaItem, Attendance, Declaration, Meeting, Report, Resolution
from .visibility import (
    aliases_visible_to,
    merged_record_known_to,
    organisations_visible_to,
    people_visible_to,
    withheld_item_places,
)


def visible_items(*, user) -> QuerySet:
    return AgendaItem.objects.visible_to(user)


def visible_resolutions(*, user) -> QuerySet:
    return Resolution.objects.visible_to(user)


def visible_declarations(*, user) -> QuerySet:
    return Declaration.objects.visible_to(user)


def visible_attendance(*, user) -> QuerySet:
    return Attendance.objects.visible_to(user)


def _count_per_meeting(items: QuerySet):
    """A subquery counting `items` of the outer meeting (0 when none)."""
    counted = items.filter(meeting=OuterRef("pk")).order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _count_per_item(reports: QuerySet):
    """A subquery counting `reports` of the outer item (0 when none)."""
    counted = reports.filter(item=OuterRef("pk")).order_by().values("item").annotate(n=Count("pk")).values("n")
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


def rows_in_order(queryset: QuerySet, ids) -> list:
    """The rows of `queryset` whose keys are `ids`, in the order of `ids`: one query.

    Lists are paginated in two steps: the page's keys from the sorted, filtered list (a narrow sort,
    an index where there is one), then the page's rows with their counts and joins. Computing counts
    or carrying wide rows through the sort for every row skipped by OFFSET made a late page of
    meetings 0.4 s, and of resolutions 2 s, at 10,000 meetings.
    """
    ids = list(ids)
    found = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


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


def with_reports(items: QuerySet, *, user) -> QuerySet:
    """`items` with `visible_reports` (the reports `user` may see) and `n_withheld_reports` (those of
    the item withheld from them: a count, never a title), for the pages that list an item's reports."""
    return items.prefetch_related(
        Prefetch("reports", queryset=Report.objects.visible_to(user).order_by("pk"), to_attr="visible_reports"),
    ).annotate(n_withheld_reports=_count_per_item(Report.objects.withheld_from(user)))


def meeting_attendance(*, user, meeting) -> QuerySet:
    """Attendance is public once the meeting is: who attended is on the record whatever was discussed.

    `meeting` comes from `meeting_detail(user=...)`; the rows still start from `visible_to(user)`.
    """
    return Attendance.objects.visible_to(user).filter(meeting=meeting).select_related("person", "organisation").order_by("position", "pk")


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
    # Ending on the item's and the resolution's keys, the order is total (two meetings on one date no
    # longer tie), so the register can read a late page from the other end (views.CountedPaginator).
    qs = visible_resolutions(user=user).select_related("item__meeting__body").defer(
        *RESOLUTION_ROW_DEFERRED
    ).order_by(date, "item__position", "position", "item_id", "pk")
    return ResolutionFilter(filters or {}, queryset=qs, user=user)


def resolution_list(*, user, filters=None) -> QuerySet:
    """Visible resolutions, oldest meeting first, filtered by ResolutionFilter."""
    return resolution_filterset(user=user, filters=filters).qs


def attendance_list(*, user, filters=None) -> QuerySet:
    """Attendance at the meetings `user` may see, filtered by AttendanceFilter."""
    qs = visible_attendance(user=user).select_related("meeting__body", "person", "organisation").defer(
        *ATTENDANCE_ROW_DEFERRED
    ).order_by("meeting__date", "position", "pk")
    return AttendanceFilter(filters or {}, queryset=qs, user=user).qs


# --- Public pages -------------------------------------------------------------------------------
# Each function below returns a fixed number of queries whatever the number of items, resolutions or
# attendees (tests/public/test_query_counts.py), so long minutes never make a page slower to build.


def archive_figures(*, user) -> dict:
    """Headline counts for the home page, each from the visible querysets, kept per archive version and
    audience (meetings/figures.py): computed once after each change, then one query for all."""
    def compute():
        meetings = Meeting.objects.visible_to(user).aggregate(n=Count("pk"), first=Min("date"), last=Max("date"))
        return {
            "meetings": meetings["n"],
            "first_date": meetings["first"] and meetings["first"].isoformat(),
            "last_date": meetings["last"] and meetings["last"].isoformat(),
            "items": visible_items(user=user).count(),
            "people": people_visible_to(user).count(),
            "organisations": organisations_visible_to(user).count(),
        }

    figures = dict(figure("archive", user, compute))
    for key in ("first_date", "last_date"):
        figures[key] = figures[key] and dt.date.fromisoformat(figures[key])
    figures["resolutions"] = resolution_count(user=user)
    return figures


def resolution_count(*, user) -> int:
    """How many resolutions `user` may see (the home page's figure, the register's unfiltered count):
    60 ms at 10,000 meetings, so kept per archive version and audience."""
    return figure("resolutions", user, lambda: visible_resolutions(user=user).count())


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

    `approves_shown` / `approved_at_shown` say whether those linked meetings are visible to the user
    (one awaiting review is not named to the public). Raises Meeting.DoesNotExist.
    """
    visible = Meeting.objects.visible_to(user)
    return (
        meetings_with_counts(user=user)
        .select_related("approves", "approved_at")
        .annotate(
            approves_shown=Exists(visible.filter(pk=OuterRef("approves_id"))),
            approved_at_shown=Exists(visible.filter(approves=OuterRef("pk"))),
            previous_slug=_neighbour(visible, before=True, field="slug"),
            previous_date=_neighbour(visible, before=True, field="date"),
            next_slug=_neighbour(visible, before=False, field="slug"),
            next_date=_neighbour(visible, before=False, field="date"),
        )
        .get(slug=slug)
    )


@dataclass(frozen=True)
class ContentsEntry:
    """One place in a meeting's sequence of items: a visible item, or a withheld item's place only."""

    position: int
    number: str
    item: AgendaItem | None = None  # None: withheld ("Not published: restricted item")

    @property
    def label(self) -> str:
        """The item's number as the page prints it: the minuted number, else its position."""
        return self.number or str(self.position)


def meeting_contents(*, user, meeting, items) -> list[ContentsEntry]:
    """Every item of `meeting` in minute order: `items` (the visible ones, from `meeting_items`) as
    themselves, and each item the user may not see as its place alone (position and printed number,
    one query), so the numbering shows no unexplained gap. Partners get no placeholder: they see all.
    """
    entries = [ContentsEntry(item.position, item.number, item) for item in items]
    entries += [ContentsEntry(position, number) for position, number in withheld_item_places(user, meeting)]
    return sorted(entries, key=lambda entry: entry.position)


def attendance_counts(groups) -> list[tuple[str, int]]:
    """[(role label, number of people)] from `group_attendance`, for the meeting page's summary."""
    return [(role, len(rows)) for role, rows in groups]


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
        with_reports(meeting_items(user=user), user=user)
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


def person_feed_meetings(*, user, person, limit: int = 20) -> QuerySet:
    """The person's feed: visible meetings at which they were minuted (any role), newest first."""
    rows = Attendance.objects.filter(person=person, meeting=OuterRef("pk"))
    return feed_meetings(user=user).filter(Exists(rows))[:limit]


def organisation_feed_meetings(*, user, organisation, limit: int = 20) -> QuerySet:
    """The organisation's feed: visible meetings at which it was represented, newest first."""
    rows = Attendance.objects.filter(organisation=organisation, role__in=ATTENDING_ROLES, meeting=OuterRef("pk"))
    return feed_meetings(user=user).filter(Exists(rows))[:limit]


# --- People and organisation pages -------------------------------------------------------------
# Attendance is public whatever was discussed, at the meetings the user may see; who is named at
# all is decided by visibility.people_visible_to / organisations_visible_to. Figures are counts of
# meetings, never rankings or percentages.

_ATTENDED = Q(attendance__role__in=ATTENDING_ROLES)


def person_list(*, user, query: str = "") -> QuerySet:
    """People the user may know of (visibility.people_visible_to), A–Z by surname (`sort_name`: honorifics shown, never sorted on), narrowed by `query`.

    No counts here: counting every person's attendance to show fifty took seconds at 10,000 meetings.
    Paginate this, then pass the page to `person_counts` (one query for the page).
    """
    qs = people_known_to(user)  # people_visible_to, read by kept ids (meetings/figures.py)
    # Other spellings are searched only among those the user may read (a name minuted only in a
    # restricted item, kept as an alias by a merge, must not find the person).
    aliases = aliases_visible_to(user, PersonAlias, kind="person") if query.split() else None
    for word in query.split():
        qs = qs.filter(Q(name__icontains=word) | Q(aliases__in=aliases.filter(name__icontains=word))).distinct()
    return qs.order_by("sort_name", "name", "pk")


def person_counts(*, user, people) -> list:
    """`people` (a page of `person_list`) as a list, each with `n_attended`, `n_apologies` and
    `last_date` over the meetings the user may see: one query whatever the page's size."""
    people = list(people)
    rows = (
        Attendance.objects.visible_to(user).filter(person__in=[person.pk for person in people])
        .order_by().values("person")
        .annotate(n_attended=Count("pk", filter=Q(role__in=ATTENDING_ROLES)),
                  n_apologies=Count("pk", filter=Q(role=Attendance.Role.APOLOGIES)),
                  last_date=Max("meeting__date"))
    )
    counts = {row["person"]: row for row in rows}
    for person in people:
        row = counts.get(person.pk, {})
        person.n_attended = row.get("n_attended", 0)
        person.n_apologies = row.get("n_apologies", 0)
        person.last_date = row.get("last_date")
    return people


def person_detail(*, user, slug: str) -> Person:
    """The person called `slug`, if the user may know of them. Raises Person.DoesNotExist otherwise,
    exactly as for a slug nobody has, so a page cannot tell "restricted" from "unknown"."""
    return people_visible_to(user).get(slug=slug)


def merged_slug_target(*, user, model, slug: str) -> str | None:
    """Where a merged record's old address now leads: the kept record's slug, if `user` may see it.

    Looked up only when `slug` is no live record's (a live slug always wins). None when there is no
    redirect, the record kept is unknown to the user, or the record merged away was (known only from
    what the user may not see: visibility.merged_record_known_to), so the old address is a 404
    exactly as for a slug nobody had.
    """
    from people.models import SlugRedirect

    if model is Person:
        kind, visible, field = SlugRedirect.Kind.PERSON, people_visible_to(user), "person"
    else:
        kind, visible, field = SlugRedirect.Kind.ORGANISATION, organisations_visible_to(user), "organisation"
    target = SlugRedirect.objects.filter(kind=kind, old_slug=slug).values_list(f"{field}_id", flat=True).first()
    if target is None or not merged_record_known_to(user, kind=kind, old_slug=slug):
        return None
    return visible.filter(pk=target).values_list("slug", flat=True).first()


def organisation_detail(*, user, slug: str) -> Organisation:
    """The organisation called `slug`, if the user may know of it (else Organisation.DoesNotExist)."""
    return organisations_visible_to(user).get(slug=slug)


def person_attendance(*, user, person) -> QuerySet:
    """The person's attendance rows at visible meetings, newest first, with meeting and organisation.

    A queryset to paginate: at 10,000 meetings a regular attender has hundreds of rows, and rendering
    them all made the page 940 KB and seconds long (issue 12).
    """
    return (
        Attendance.objects.filter(person=person, meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting__body", "organisation")
        .defer("meeting__source_text")
        .order_by("-meeting__date", "pk")
    )


MAX_YEAR_SPAN = 60


def person_summary(*, user, person) -> dict:
    """Figures for a person page from two aggregate queries (never the rows themselves), so the
    page costs the same whether the person was minuted at five meetings or five hundred.

    Returns a dict with `years` [(year, [n per role, in `roles` order], attended)], oldest first;
    `roles` (labels); `max_attended`;
    `organisations` [(organisation or affiliation text, url or "", n meetings)], most first;
    `attended`, `apologies`, `first`, `last`.
    """
    rows = Attendance.objects.filter(person=person, meeting__in=Meeting.objects.visible_to(user)).order_by()
    per_year: dict[int, Counter] = defaultdict(Counter)
    first = last = None
    for row in rows.annotate(year=ExtractYear("meeting__date")).values("role", "year").annotate(
        n=Count("pk"), first=Min("meeting__date"), last=Max("meeting__date"),
    ):
        per_year[row["year"]][row["role"]] += row["n"]
        if row["role"] in ATTENDING_ROLES:
            first = row["first"] if first is None else min(first, row["first"])
            last = row["last"] if last is None else max(last, row["last"])
    organisations: Counter = Counter()
    links = {}
    # Grouped by the organisation and the minuted text; rows naming an organisation are keyed on its
    # name, the rest on the affiliation as minuted (as the page has always shown them).
    for row in rows.filter(role__in=ATTENDING_ROLES).values(
        "organisation__name", "organisation__slug", "affiliation"
    ).annotate(n=Count("pk")):
        name = row["organisation__name"] or row["affiliation"]
        if name:
            organisations[name] += row["n"]
            links[name] = (
                reverse("organisation_detail", kwargs={"slug": row["organisation__slug"]})
                if row["organisation__name"] else ""
            )
    roles = Attendance.Role.values
    # A continuous run of years, so the chart and table show a year with no meetings as a gap; but only
    # over a plausible career: a stray date (9999, an officer's slip) must not make 8,000 empty rows, so
    # past MAX_YEAR_SPAN the chart holds just the years the person was minuted in.
    span = range(min(per_year), max(per_year) + 1) if per_year else []
    if len(span) > MAX_YEAR_SPAN:
        span = sorted(per_year)
    years = [
        (year, [per_year[year][role] for role in roles],
         sum(n for role, n in per_year[year].items() if role in ATTENDING_ROLES))
        for year in span
    ]
    return {
        "roles": Attendance.Role.labels,
        "years": years,
        "max_attended": max((n for _, _, n in years), default=0),
        "organisations": [(name, links[name], n) for name, n in organisations.most_common()],
        "attended": sum(n for counts in per_year.values() for role, n in counts.items() if role in ATTENDING_ROLES),
        "apologies": sum(counts[Attendance.Role.APOLOGIES] for counts in per_year.values()),
        "first": first,
        "last": last,
    }


def by_year(rows) -> list[tuple[int, list]]:
    """[(year, rows)] for a page of `person_attendance` rows, in the page's (newest first) order."""
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(row.meeting.date.year, []).append(row)
    return list(groups.items())


def organisation_figures(*, user) -> dict[int, tuple[int, int]]:
    """{organisation id: (meetings it was represented at, people who represented it)} over the meetings
    `user` may see, for every organisation represented at any: one aggregate over all the attendance
    (80 ms at 10,000 meetings, 150,000 rows), kept per archive version and audience, so the list's
    pages each pick their rows from it."""
    def compute():
        rows = (
            Attendance.objects.visible_to(user).filter(role__in=ATTENDING_ROLES, organisation__isnull=False)
            .order_by().values("organisation")
            .annotate(n_meetings=Count("meeting", distinct=True), n_people=Count("person", distinct=True))
        )
        return [[row["organisation"], row["n_meetings"], row["n_people"]] for row in rows]

    return {pk: (n_meetings, n_people) for pk, n_meetings, n_people in figure("organisation figures", user, compute)}


def organisation_list(*, user, query: str = "") -> QuerySet:
    """Organisations represented at any visible meeting, A–Z, narrowed by `query`; paginate, then
    `organisation_counts` for the page's figures (as for `person_list`)."""
    meetings = Meeting.objects.visible_to(user)
    represented = Attendance.objects.filter(
        organisation=OuterRef("pk"), role__in=ATTENDING_ROLES, meeting__in=meetings
    )
    qs = organisations_visible_to(user).filter(Exists(represented))
    # Read by kept ids (meetings/figures.py): the same rows, and the list, the sitemap and its index
    # then test no EXISTS per organisation.
    qs = known_rows(Organisation, "organisations represented", user, qs)
    aliases = aliases_visible_to(user, OrganisationAlias, kind="organisation") if query.split() else None
    for word in query.split():
        qs = qs.filter(
            Q(name__icontains=word) | Q(short_name__icontains=word)
            | Q(aliases__in=aliases.filter(name__icontains=word))
        ).distinct()
    return qs.order_by("name", "pk")


def organisation_counts(*, user, organisations) -> list:
    """`organisations` as a list, each with `n_meetings` and `n_people` it was represented at / by
    among the meetings the user may see: from `organisation_figures`, else one query for the page."""
    organisations = list(organisations)
    if figures_apply(user):
        counts = organisation_figures(user=user)
    else:
        rows = (
            Attendance.objects.visible_to(user).filter(organisation__in=[o.pk for o in organisations],
                                                       role__in=ATTENDING_ROLES)
            .order_by().values("organisation")
            .annotate(n_meetings=Count("meeting", distinct=True), n_people=Count("person", distinct=True))
        )
        counts = {row["organisation"]: (row["n_meetings"], row["n_people"]) for row in rows}
    for organisation in organisations:
        organisation.n_meetings, organisation.n_people = counts.get(organisation.pk, (0, 0))
    return organisations


def organisation_meetings(*, user, organisation) -> QuerySet:
    """Visible meetings at which the organisation was represented, newest first, each with
    `representatives`: the attendance rows of the people who represented it."""
    rows = Attendance.objects.filter(organisation=organisation, role__in=ATTENDING_ROLES)
    return (
        Meeting.objects.visible_to(user).filter(Exists(rows.filter(meeting=OuterRef("pk"))))
        .select_related("body").defer("source_text").order_by("-date")
        .prefetch_related(Prefetch(
            "attendance", queryset=rows.select_related("person").order_by("position", "pk"),
            to_attr="representatives",
        ))
    )


def organisation_people(*, user, organisation) -> list:
    """People who represented the organisation at visible meetings, with how many meetings and when."""
    return list(
        Person.objects.filter(
            attendance__organisation=organisation, attendance__role__in=ATTENDING_ROLES,
            attendance__meeting__in=Meeting.objects.visible_to(user),
        )
        .annotate(n=Count("attendance__meeting", distinct=True), first=Min("attendance__meeting__date"),
                  last=Max("attendance__meeting__date"))
        .order_by("-last", "name")
    )


def by_initial(rows, *, key) -> list[tuple[str, list]]:
    """[(letter, rows)] in the rows' order, grouped by the first letter of `key(row)` ("#" for others)."""
    groups: dict[str, list] = {}
    for row in rows:
        first = (key(row) or "#")[0].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(row)
    return list(groups.items())
