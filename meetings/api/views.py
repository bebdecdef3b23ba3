"""Read-only viewsets of the API. Every queryset comes from the selectors, so from `visible_to(user)`:
a restricted item is a 404 for the public and is never counted in a page's `count`.
"""
from django.db.models import Prefetch
from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from people.models import Organisation, OrganisationAlias, Person, PersonAlias

from .. import selectors
from ..filters import AgendaItemFilter, AttendanceFilter, MeetingFilter, ResolutionFilter
from ..models import Attendance, Resolution
from ..visibility import aliases_visible_to, organisations_visible_to, people_visible_to
from . import serializers

# Django's slug characters: the schema then says which path values can name anything at all.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description='Not found (or not visible to you): {"detail": "..."}.')
BAD_FILTER = OpenApiResponse(OpenApiTypes.OBJECT, description="A filter value is not valid: a list of messages per filter.")


def documented(serializer_class, detail_serializer_class=None):
    """Document the responses a viewset really gives, errors included, so clients and the schema checks agree."""
    return extend_schema_view(
        list=extend_schema(responses={200: serializer_class(many=True), 400: BAD_FILTER, 404: NOT_FOUND}),
        retrieve=extend_schema(responses={200: detail_serializer_class or serializer_class, 404: NOT_FOUND}),
    )


@documented(serializers.EventSerializer, serializers.EventDetailSerializer)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings (OCD events), newest first, with the number of agenda items you may see."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = MeetingFilter

    def get_queryset(self):
        queryset = selectors.meetings_with_counts(user=self.request.user).order_by("-date", "body__name")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("items", queryset=selectors.visible_items(user=self.request.user).order_by("position"),
                         to_attr="visible_items")
            )
        return queryset

    def get_serializer_class(self):
        return serializers.EventDetailSerializer if self.action == "retrieve" else serializers.EventSerializer


class SelectorViewSet(viewsets.ReadOnlyModelViewSet):
    """Rows from a selector (`selector(user=...)`), so from `visible_to(request.user)`, then the FilterSet."""

    selector = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)


@documented(serializers.AgendaItemSerializer)
class AgendaItemViewSet(SelectorViewSet):
    """Agenda items you may see, in meeting date and minute order, with their resolutions."""

    selector = staticmethod(selectors.meeting_items)
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = AgendaItemFilter


@documented(serializers.ResolutionSerializer)
class ResolutionViewSet(SelectorViewSet):
    """Resolutions of the items you may see, oldest meeting first."""

    queryset = Resolution.objects.none()  # for the schema (its filters' choices read the database); requests use get_queryset
    selector = staticmethod(selectors.resolution_list)
    serializer_class = serializers.ResolutionSerializer
    filterset_class = ResolutionFilter


@documented(serializers.PersonSerializer)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People named in the minutes (Popolo persons), by name."""

    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    queryset = Person.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        # Someone named only in restricted places is a 404, as for a slug nobody has.
        aliases = aliases_visible_to(self.request.user, PersonAlias, kind="person")
        return people_visible_to(self.request.user).prefetch_related(
            Prefetch("aliases", queryset=aliases)).order_by("name", "pk")


@documented(serializers.OrganizationSerializer)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations represented at meetings (Popolo organizations), by name."""

    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    queryset = Organisation.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        aliases = aliases_visible_to(self.request.user, OrganisationAlias, kind="organisation")
        return organisations_visible_to(self.request.user).prefetch_related(
            Prefetch("aliases", queryset=aliases)).order_by("name", "pk")


@documented(serializers.AttendanceSerializer)
class AttendanceViewSet(SelectorViewSet):
    """Who attended each meeting, in what role and for which organisation (public, as in the minutes)."""

    queryset = Attendance.objects.none()  # for the schema, as above
    selector = staticmethod(selectors.attendance_list)
    serializer_class = serializers.AttendanceSerializer
    filterset_class = AttendanceFilter


def not_found(request, path=""):
    """Unknown paths under /api/ answer in JSON, like the API's own 404s, not with the site's HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)
