"""/api/documents/: the reports and presentations attached to agenda items (OCD "documents"/"media").

Rows come from `Report.objects.visible_to(user)`, as the pages' and the download view's do: a report
the user may not see is absent from lists and a 404 alone.
"""
import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from ..filters import UserAwareFilterSet
from ..models import Report
from .serializers import WithholdRestrictedFlagMixin, restricted_field
from .views import documented


class ReportFilter(UserAwareFilterSet):
    """Documents of one meeting (its slug, as in its URL) or one agenda item (its id)."""

    meeting = django_filters.ModelChoiceFilter(
        queryset=Report.objects.none(), to_field_name="slug", field_name="item__meeting", label="Meeting"
    )
    item = django_filters.NumberFilter(field_name="item_id", label="Agenda item id", min_value=1,
                                       max_value=2**63 - 1)

    class Meta:
        model = Report
        fields = ["meeting", "item"]


@extend_schema_field(OpenApiTypes.URI)
class DownloadUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text="The file, from the archive's download view.", **kwargs)

    def to_representation(self, report):
        return self.context["request"].build_absolute_uri(report.get_absolute_url())


class MediaSerializer(serializers.Serializer):
    url = DownloadUrlField()
    media_type = serializers.CharField(source="content_type", read_only=True)


class DocumentSerializer(WithholdRestrictedFlagMixin, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail")
    note = serializers.CharField(source="title", read_only=True, help_text="The document's title.")
    kind = serializers.ChoiceField(choices=Report.Kind.choices, read_only=True)
    agenda_item = serializers.HyperlinkedRelatedField(source="item", view_name="api:agendaitem-detail", read_only=True)
    event = serializers.SlugRelatedField(source="item.meeting", slug_field="slug", read_only=True)
    start_date = serializers.DateField(source="item.meeting.date", read_only=True)
    media = serializers.SerializerMethodField()
    pages = serializers.IntegerField(source="page_count", read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="Bytes.")
    restricted = restricted_field("withheld")

    class Meta:
        model = Report
        fields = ["id", "url", "note", "kind", "agenda_item", "event", "start_date", "media", "pages", "size",
                  "restricted"]

    @extend_schema_field(MediaSerializer(many=True))
    def get_media(self, report):
        return [MediaSerializer(report, context=self.context).data]


@documented(DocumentSerializer)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports and presentations attached to the agenda items you may see, newest meeting first."""

    serializer_class = DocumentSerializer
    filterset_class = ReportFilter
    queryset = Report.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("item__meeting")
            .defer("item__minute", "item__public_minute", "item__meeting__source_text")
            .order_by("-item__meeting__date", "item__position", "pk")
        )


