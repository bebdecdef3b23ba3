"""django-filter FilterSets shared by the public pages, the CSV downloads and the JSON API.

A keyword or person filter must not reveal a restricted item by what it matches: keyword matches
are looked for only among the items the user may see, so a meeting is never listed because of
words in an item the user may not read.
"""
import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from people.models import Organisation, Person

from .models import AgendaItem, Attendance, Body, Meeting, Resolution

# Attending in person (not sending apologies) is what "person/organisation at a meeting" means.
ATTENDING_ROLES = [Attendance.Role.PRESENT, Attendance.Role.OFFICER, Attendance.Role.IN_ATTENDANCE]


class UserAwareFilterSet(django_filters.FilterSet):
    """A FilterSet that knows whose visibility applies: `user=` or, failing that, the request's user."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class MeetingFilter(UserAwareFilterSet):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label="Year")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From", widget=_date_input())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To", widget=_date_input())
    q = django_filters.CharFilter(method="filter_keyword", label="Keyword")
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), to_field_name="slug", method="filter_person", label="Person"
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug", method="filter_organisation", label="Organisation"
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
        for word in words:
            items = items.filter(
                Q(title__icontains=word) | Q(minute__icontains=word) | Q(resolutions__text__icontains=word)
            )
        return queryset.filter(Exists(items))

    def filter_person(self, queryset, name, value):
        return queryset.filter(Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person=value)))

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            Exists(Attendance.objects.filter(meeting=OuterRef("pk"), organisation=value, role__in=ATTENDING_ROLES))
        )


class ResolutionFilter(UserAwareFilterSet):
    year = django_filters.NumberFilter(field_name="item__meeting__date", lookup_expr="year", label="Year")
    date_from = django_filters.DateFilter(
        field_name="item__meeting__date", lookup_expr="gte", label="From", widget=_date_input()
    )
    date_to = django_filters.DateFilter(
        field_name="item__meeting__date", lookup_expr="lte", label="To", widget=_date_input()
    )
    q = django_filters.CharFilter(method="filter_keyword", label="Keyword")
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), to_field_name="slug", method="filter_person",
        label="Person present",
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug", method="filter_organisation",
        label="Organisation represented",
    )
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(), to_field_name="slug", field_name="item__meeting__body", label="Body"
    )
    meeting = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(), to_field_name="slug", field_name="item__meeting", label="Meeting"
    )

    class Meta:
        model = Resolution
        fields = ["year", "date_from", "date_to", "q", "person", "organisation", "body", "meeting"]

    def filter_keyword(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
        return queryset

    def filter_person(self, queryset, name, value):
        """Resolutions of meetings the person attended (present, officer or in attendance)."""
        return queryset.filter(
            Exists(Attendance.objects.filter(
                meeting=OuterRef("item__meeting"), person=value, role__in=ATTENDING_ROLES
            ))
        )

    def filter_organisation(self, queryset, name, value):
        """Resolutions of meetings at which the organisation was represented."""
        return queryset.filter(
            Exists(Attendance.objects.filter(
                meeting=OuterRef("item__meeting"), organisation=value, role__in=ATTENDING_ROLES
            ))
        )


class AttendanceFilter(UserAwareFilterSet):
    year = django_filters.NumberFilter(field_name="meeting__date", lookup_expr="year", label="Year")
    date_from = django_filters.DateFilter(field_name="meeting__date", lookup_expr="gte", label="From", widget=_date_input())
    date_to = django_filters.DateFilter(field_name="meeting__date", lookup_expr="lte", label="To", widget=_date_input())
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), to_field_name="slug", label="Person")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug", label="Organisation"
    )
    role = django_filters.ChoiceFilter(choices=Attendance.Role.choices, label="Role")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), to_field_name="slug", label="Meeting")

    class Meta:
        model = Attendance
        fields = ["year", "date_from", "date_to", "person", "organisation", "role", "meeting"]
