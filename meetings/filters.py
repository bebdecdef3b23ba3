"""django-filter FilterSets shared by the public pages, the CSV downloads and the JSON API.

A keyword or person filter must not reveal a restricted item by what it matches: keyword matches
are looked for only among the items the user may see, so a meeting is never listed because of
words in an item the user may not read.
"""
import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q

from people.models import Organisation, Person

from .figures import organisations_known_to, people_known_to
from .models import AgendaItem, Attendance, Body, Meeting, Resolution
from .visibility import minute_field, resolution_text_field

# Attending in person (not sending apologies) is what "person/organisation at a meeting" means.
ATTENDING_ROLES = [Attendance.Role.PRESENT, Attendance.Role.OFFICER, Attendance.Role.IN_ATTENDANCE]


class UserAwareFilterSet(django_filters.FilterSet):
    """A FilterSet that knows whose visibility applies: `user=` or, failing that, the request's user.

    The choices of its `person`, `organisation` and `meeting` filters (none until then: fail closed)
    are only what that user may see: a slug of a meeting awaiting review (or of someone known only from one) is then "not a
    valid choice", exactly like a slug that does not exist, and never listed in a drop-down.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        # Choices are what the user may know of: someone named only in restricted places is not
        # in the drop-down, and asking for them by slug is an invalid choice, as for someone unknown.
        # The same rows as visibility.people_visible_to / organisations_visible_to, read by the ids kept
        # for the archive's version and the user's audience (meetings/figures.py): 45 ms less a page.
        choices = {
            "person": people_known_to(self.user).order_by("sort_name", "name", "pk"),
            "organisation": organisations_known_to(self.user).order_by("name", "pk"),
            # A meeting chosen by slug: its source_text is a whole minutes document, never needed to filter.
            "meeting": Meeting.objects.visible_to(self.user).defer("source_text"),
        }
        for name, choice_queryset in choices.items():
            if name in self.filters:
                self.filters[name].queryset = choice_queryset


class YearFilter(django_filters.NumberFilter):
    """Rows of one calendar year. Whole years 1-9999 only: Python's dates (and so Django's year
    lookup) end there, and `?year=0` would otherwise be a server error rather than a readable 400."""

    field_class = forms.IntegerField

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(field_name=field_name, lookup_expr="year", label="Year", **kwargs)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


def date_filters(date_path: str):
    """The `year`, `date_from` and `date_to` filters every list offers, on the date at `date_path`."""
    return (
        YearFilter(date_path),
        django_filters.DateFilter(field_name=date_path, lookup_expr="gte", label="From", widget=_date_input()),
        django_filters.DateFilter(field_name=date_path, lookup_expr="lte", label="To", widget=_date_input()),
    )


class MeetingFilter(UserAwareFilterSet):
    year, date_from, date_to = date_filters("date")
    q = django_filters.CharFilter(method="filter_keyword", label="Keyword")
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), to_field_name="slug", method="filter_person", label="Person"
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.none(), to_field_name="slug", method="filter_organisation", label="Organisation"
    )
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all(), to_field_name="slug", label="Body")

    class Meta:
        model = Meeting
        fields = ["year", "date_from", "date_to", "q", "person", "organisation", "body"]

    def filter_keyword(self, queryset, name, value):
        words = value.split()
        if not words:
            return queryset
        items = AgendaItem.objects.visible_to(self.user).filter(meeting=OuterRef("pk"))
        minute, resolution = minute_field(self.user), resolution_text_field(self.user)
        for word in words:
            items = items.filter(
                Q(title__icontains=word) | Q(**{f"{minute}__icontains": word})
                | Q(**{f"resolutions__{resolution}__icontains": word})
            )
        return queryset.filter(Exists(items))

    def filter_person(self, queryset, name, value: Person):
        return queryset.filter(Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person=value)))

    def filter_organisation(self, queryset, name, value: Organisation):
        return queryset.filter(
            Exists(Attendance.objects.filter(meeting=OuterRef("pk"), organisation=value, role__in=ATTENDING_ROLES))
        )


class ResolutionKind(models.TextChoices):
    """The register's "kind" filter: decisions only, or only the procedural ones (meetings/minutes/procedural.py)."""

    SUBSTANTIVE = "substantive", "Decisions only (leave out minutes approved, noted, received)"
    PROCEDURAL = "procedural", "Procedural only"


class ResolutionFilter(UserAwareFilterSet):
    year, date_from, date_to = date_filters("item__meeting__date")
    q = django_filters.CharFilter(method="filter_keyword", label="Keyword")
    kind = django_filters.ChoiceFilter(
        choices=ResolutionKind.choices, method="filter_kind", label="Kind", empty_label="All resolutions"
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), to_field_name="slug", method="filter_person",
        label="Person present",
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.none(), to_field_name="slug", method="filter_organisation",
        label="Organisation represented",
    )
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(), to_field_name="slug", field_name="item__meeting__body", label="Body"
    )
    meeting = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.none(), to_field_name="slug", field_name="item__meeting", label="Meeting"
    )

    class Meta:
        model = Resolution
        fields = ["year", "date_from", "date_to", "q", "kind", "person", "organisation", "body", "meeting"]

    def filter_kind(self, queryset, name, value):
        # A stored field classified at import and save: no text matching at query time.
        return queryset.filter(is_procedural=value == ResolutionKind.PROCEDURAL)

    def filter_keyword(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(**{f"{resolution_text_field(self.user)}__icontains": word}) | Q(item__title__icontains=word)
            )
        return queryset

    def filter_person(self, queryset, name, value: Person):
        """Resolutions of meetings the person attended (present, officer or in attendance)."""
        return queryset.filter(
            Exists(Attendance.objects.filter(
                meeting=OuterRef("item__meeting"), person=value, role__in=ATTENDING_ROLES
            ))
        )

    def filter_organisation(self, queryset, name, value: Organisation):
        """Resolutions of meetings at which the organisation was represented."""
        return queryset.filter(
            Exists(Attendance.objects.filter(
                meeting=OuterRef("item__meeting"), organisation=value, role__in=ATTENDING_ROLES
            ))
        )


class AttendanceFilter(UserAwareFilterSet):
    year, date_from, date_to = date_filters("meeting__date")
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.none(), to_field_name="slug", label="Person")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.none(), to_field_name="slug", label="Organisation"
    )
    role = django_filters.ChoiceFilter(choices=Attendance.Role.choices, label="Role")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.none(), to_field_name="slug", label="Meeting")

    class Meta:
        model = Attendance
        fields = ["year", "date_from", "date_to", "person", "organisation", "role", "meeting"]


class AgendaItemFilter(UserAwareFilterSet):
    """Agenda items by meeting, body, date and keyword (the API's /api/agenda-items/)."""

    year, date_from, date_to = date_filters("meeting__date")
    q = django_filters.CharFilter(method="filter_keyword", label="Keyword")
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(), to_field_name="slug", field_name="meeting__body", label="Body"
    )
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.none(), to_field_name="slug", label="Meeting")

    class Meta:
        model = AgendaItem
        fields = ["year", "date_from", "date_to", "q", "body", "meeting"]

    def filter_keyword(self, queryset, name, value):
        # The resolutions searched are the item's own: the item itself is already visible.
        minute, resolution = minute_field(self.user), resolution_text_field(self.user)
        for word in value.split():
            queryset = queryset.filter(
                Exists(Resolution.objects.filter(item=OuterRef("pk"), **{f"{resolution}__icontains": word}))
                | Q(title__icontains=word) | Q(**{f"{minute}__icontains": word})
            )
        return queryset
