"""Serializers of the read-only API, with field names after Open Civic Data and Popolo.

Meetings are OCD events, items their agenda (`order`, `identifier`, `description`), people and
organisations Popolo persons and organizations (`honorific_prefix`, `other_names`), attendance a
person's part in an event (`role`, `label`). `restricted` appears only for users who may view
restricted items; for everyone else every item they can reach is unrestricted, so saying so would
tell them nothing and the field is left out, as the "Restricted" column is from the downloads.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Organisation, Person

from ..models import AgendaItem, Attendance, Body, Meeting, Resolution
from ..visibility import can_view_restricted

RESTRICTED_HELP = "Whether the item is restricted. Present only for users who may view restricted items."


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The absolute URL of the object's public page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "The public web page.")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class WithholdRestrictedFlagMixin:
    """Drops `restricted` from the output for users who may not view restricted items."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not can_view_restricted(self.context["request"].user):
            data.pop("restricted", None)
        return data


def restricted_field(source):
    # Not read_only: drf-spectacular lists read-only fields as required, and this one is optional.
    return serializers.BooleanField(source=source, required=False, help_text=RESTRICTED_HELP)


class SlugIdentifiedSerializer(serializers.ModelSerializer):
    """Whatever has a slug is identified by it in the API, as in its public URL: "steve-nelson"."""

    id = serializers.SlugField(source="slug", read_only=True)


class OrganizationRefSerializer(SlugIdentifiedSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class BodySerializer(SlugIdentifiedSerializer):
    """The partnership or board that met (an OCD organization of classification "committee")."""

    class Meta:
        model = Body
        fields = ["id", "name", "short_name"]


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField(source="venue")


class EventSerializer(SlugIdentifiedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    name = serializers.SerializerMethodField()
    organization = BodySerializer(source="body", read_only=True)
    start_date = serializers.DateField(source="date", read_only=True)
    location = LocationSerializer(source="*", read_only=True)
    minutes_status = serializers.ChoiceField(source="status", choices=Meeting.Status.choices, read_only=True)
    agenda_item_count = serializers.IntegerField(
        source="n_items", read_only=True, help_text="Items of the agenda you may see."
    )

    class Meta:
        model = Meeting
        fields = [
            "id", "url", "html_url", "name", "organization", "start_date", "start_time", "location",
            "minutes_status", "agenda_item_count",
        ]

    def get_name(self, meeting) -> str:
        return f"{meeting.body.name}, {meeting.date:%-d %B %Y}"


class AgendaItemRefSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agendaitem-detail")
    order = serializers.IntegerField(source="position", read_only=True)
    identifier = serializers.CharField(source="number", read_only=True)
    description = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "url", "order", "identifier", "description"]


class EventDetailSerializer(EventSerializer):
    agenda = AgendaItemRefSerializer(source="visible_items", many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = EventSerializer.Meta.fields + ["agenda"]


class ItemResolutionSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:resolution-detail")
    identifier = serializers.CharField(source="reference", read_only=True)
    order = serializers.IntegerField(source="position", read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "url", "identifier", "order", "text"]


class AgendaItemSerializer(WithholdRestrictedFlagMixin, AgendaItemRefSerializer):
    html_url = HtmlUrlField()
    event = serializers.SlugRelatedField(source="meeting", slug_field="slug", read_only=True)
    start_date = serializers.DateField(source="meeting.date", read_only=True)
    minute = serializers.CharField(read_only=True, help_text="The minute's text.")
    restricted = restricted_field("is_restricted")
    resolutions = ItemResolutionSerializer(many=True, read_only=True)

    class Meta(AgendaItemRefSerializer.Meta):
        fields = AgendaItemRefSerializer.Meta.fields + [
            "html_url", "event", "start_date", "minute", "restricted", "resolutions",
        ]


class ResolutionSerializer(WithholdRestrictedFlagMixin, ItemResolutionSerializer):
    html_url = HtmlUrlField(source="item", help_text="The public page of the item the resolution was made in.")
    agenda_item = serializers.HyperlinkedRelatedField(source="item", view_name="api:agendaitem-detail", read_only=True)
    agenda_item_identifier = serializers.CharField(source="item.number", read_only=True)
    agenda_item_description = serializers.CharField(source="item.title", read_only=True)
    event = serializers.SlugRelatedField(source="item.meeting", slug_field="slug", read_only=True)
    start_date = serializers.DateField(source="item.meeting.date", read_only=True)
    restricted = restricted_field("item.is_restricted")

    class Meta(ItemResolutionSerializer.Meta):
        fields = ItemResolutionSerializer.Meta.fields + [
            "html_url", "agenda_item", "agenda_item_identifier", "agenda_item_description", "event",
            "start_date", "restricted",
        ]


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    note = serializers.CharField(required=False, help_text='"abbreviation", or absent for another spelling.')


class PersonRefSerializer(SlugIdentifiedSerializer):
    honorific_prefix = serializers.CharField(source="honorific", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "honorific_prefix"]


class PersonSerializer(PersonRefSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    other_names = serializers.SerializerMethodField(help_text="Other spellings of the name seen in minutes.")

    class Meta:
        model = Person
        fields = ["id", "url", "html_url", "name", "honorific_prefix", "other_names"]

    @extend_schema_field(OtherNameSerializer(many=True))
    def get_other_names(self, person):
        return [{"name": alias.name} for alias in person.aliases.all()]


class OrganizationSerializer(OrganizationRefSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    other_names = serializers.SerializerMethodField(help_text="Abbreviation and other spellings seen in minutes.")

    class Meta:
        model = Organisation
        fields = ["id", "url", "html_url", "name", "other_names"]

    @extend_schema_field(OtherNameSerializer(many=True))
    def get_other_names(self, organisation):
        names = [{"name": organisation.short_name, "note": "abbreviation"}] if organisation.short_name else []
        return names + [{"name": alias.name} for alias in organisation.aliases.all()]


class AttendanceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:attendance-detail")
    event = serializers.SlugRelatedField(source="meeting", slug_field="slug", read_only=True)
    start_date = serializers.DateField(source="meeting.date", read_only=True)
    person = PersonRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(source="organisation", read_only=True, allow_null=True)
    role = serializers.ChoiceField(choices=Attendance.Role.choices, read_only=True)
    label = serializers.SerializerMethodField(help_text='The capacity: "Chair", "Vice Chair" or "".')
    affiliation = serializers.CharField(read_only=True, help_text="The affiliation as written in the minutes.")

    class Meta:
        model = Attendance
        fields = ["id", "url", "event", "start_date", "person", "organization", "role", "label", "affiliation"]

    def get_label(self, attendance) -> str:
        return attendance.get_capacity_display() if attendance.capacity else ""
