"""Reads for the people and organisation pages: attendance, which is public whatever was discussed.

Meetings are reached through `Meeting.objects.visible_to(user)` like every other public read; the
figures shown are counts of meetings, never rankings or percentages.
"""
from collections import Counter, defaultdict

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from meetings.filters import ATTENDING_ROLES
from meetings.models import Attendance, Meeting, organisations_visible_to, people_visible_to
from meetings.visibility import published_filter

from .models import Organisation, Person

_ATTENDED = Q(attendance__role__in=ATTENDING_ROLES)


def _counted(user) -> Q:
    """Only attendance at meetings `user` may see counts towards a figure on a page."""
    return published_filter(user, "attendance__meeting__")


def person_list(*, user, query: str = "") -> QuerySet:
    """People who appear in any visible meeting's attendance, A–Z, with their meeting counts."""
    qs = people_visible_to(user)
    for word in query.split():
        qs = qs.filter(Q(name__icontains=word) | Q(aliases__name__icontains=word)).distinct()
    counted = _counted(user)
    return qs.annotate(
        n_attended=Count("attendance", filter=_ATTENDED & counted, distinct=True),
        n_apologies=Count(
            "attendance", filter=Q(attendance__role=Attendance.Role.APOLOGIES) & counted, distinct=True
        ),
        last_date=Max("attendance__meeting__date", filter=counted),
    ).order_by("name", "pk")


def person_get(*, user, slug: str) -> Person:
    """A person someone may look up: one in the attendance of a meeting `user` may see.

    Raises Person.DoesNotExist otherwise, so a person known only from meetings awaiting review
    is a 404, exactly as someone unknown.
    """
    return people_visible_to(user).get(slug=slug)


def organisation_get(*, user, slug: str) -> Organisation:
    """An organisation in the attendance of a meeting `user` may see; else Organisation.DoesNotExist."""
    return organisations_visible_to(user).get(slug=slug)


def person_attendance(*, user, person) -> list:
    """The person's attendance rows at visible meetings, newest first, with meeting and organisation."""
    return list(
        Attendance.objects.visible_to(user).filter(person=person)
        .select_related("meeting__body", "organisation")
        .defer("meeting__source_text")
        .order_by("-meeting__date", "pk")
    )


def person_summary(rows) -> dict:
    """Figures for a person page, from `person_attendance` rows (no further queries).

    Returns a dict with `years` [(year, [n per role, in `roles` order], attended)], oldest first;
    `roles` (labels); `max_attended`;
    `organisations` [(organisation or affiliation text, url or "", n meetings)], most first;
    `by_year` [(year, rows)], newest first; `attended`, `apologies`, `first`, `last`.
    """
    per_year: dict[int, Counter] = defaultdict(Counter)
    by_year: dict[int, list] = defaultdict(list)
    organisations: Counter = Counter()
    links = {}
    for row in rows:
        year = row.meeting.date.year
        per_year[year][row.role] += 1
        by_year[year].append(row)
        if row.role in ATTENDING_ROLES:
            name = row.organisation.name if row.organisation else row.affiliation
            if name:
                organisations[name] += 1
                links[name] = row.organisation.get_absolute_url() if row.organisation else ""
    attended_rows = [row for row in rows if row.role in ATTENDING_ROLES]
    roles = Attendance.Role.values
    # A continuous run of years, so the chart and table show a year with no meetings as a gap.
    span = range(min(per_year), max(per_year) + 1) if per_year else []
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
        "by_year": sorted(by_year.items(), reverse=True),
        "attended": len(attended_rows),
        "apologies": sum(1 for row in rows if row.role == Attendance.Role.APOLOGIES),
        "first": min((row.meeting.date for row in attended_rows), default=None),
        "last": max((row.meeting.date for row in attended_rows), default=None),
    }


def organisation_list(*, user, query: str = "") -> QuerySet:
    """Organisations represented at any visible meeting, A–Z, with meeting and people counts."""
    represented = Attendance.objects.visible_to(user).filter(organisation=OuterRef("pk"), role__in=ATTENDING_ROLES)
    qs = Organisation.objects.filter(Exists(represented))
    for word in query.split():
        qs = qs.filter(
            Q(name__icontains=word) | Q(short_name__icontains=word) | Q(aliases__name__icontains=word)
        ).distinct()
    counted = _ATTENDED & _counted(user)
    return qs.annotate(
        n_meetings=Count("attendance__meeting", filter=counted, distinct=True),
        n_people=Count("attendance__person", filter=counted, distinct=True),
    ).order_by("name", "pk")


def organisation_meetings(*, user, organisation) -> QuerySet:
    """Visible meetings at which the organisation was represented, newest first, each with
    `representatives`: the attendance rows of the people who represented it."""
    rows = Attendance.objects.visible_to(user).filter(organisation=organisation, role__in=ATTENDING_ROLES)
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
