"""django-import-export resources for resolutions and attendance, shared by the admin and the downloads.

A resource knows whose export it is (`user=`): rows come from the selectors, which start from
`visible_to(user)`, and the "Restricted" column exists only for users who may view restricted items,
so an anonymous spreadsheet neither holds a restricted row nor says that any were left out.

Cells are neutralised against formula injection here, in `export_field`, so every spreadsheet made
from a resource (public CSV and XLSX, every admin export format) carries the same text. The JSON
download asks for raw text (`spreadsheet_safe=False`): it is read by programs, not spreadsheets,
and then says exactly what the API says.
"""
import datetime as dt

from import_export import fields, resources, widgets

from . import selectors
from .models import Attendance, Resolution
from .visibility import can_view_restricted

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by Excel,
# LibreOffice or Google Sheets. The full-width forms are folded to ASCII by some spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value):
    """`value` with a `'` in front when it is text a spreadsheet could take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class ArchiveResource(resources.ModelResource):
    """An export-only resource that knows its user, its filters and the request (for absolute links).

    Args (keyword-only):
        user: whose visibility applies; None or anonymous means the public's.
        filters: the FilterSet's data (a QueryDict or dict) choosing the rows.
        request: used to make links absolute; without it links are site-relative paths.
        spreadsheet_safe: neutralise formula-like text (off for JSON).
    """

    def __init__(self, *, user=None, filters=None, request=None, spreadsheet_safe=True, **kwargs):
        super().__init__(**kwargs)
        self.user = user if user is not None else getattr(request, "user", None)
        self.filters = filters
        self.request = request
        self.spreadsheet_safe = spreadsheet_safe
        self._origin = f"{request.scheme}://{request.get_host()}" if request is not None else ""
        # export_field looks a field's name up on every cell; do it once.
        self._field_names = {id(field): name for name, field in self.fields.items()}

    def get_field_name(self, field):
        try:
            return self._field_names[id(field)]
        except KeyError:
            return super().get_field_name(field)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return spreadsheet_safe(value) if self.spreadsheet_safe else value

    def absolute_url(self, path: str) -> str:
        # Joined by hand rather than with request.build_absolute_uri: it runs once per row.
        return self._origin + path

    def contains_restricted(self) -> bool:
        """Whether the file holds a restricted row (then it carries RESTRICTED_NOTICE). False unless overridden."""
        return False

    def export_keys(self) -> list[str]:
        """The exported fields' names, in column order: the JSON download's keys."""
        return [self.get_field_name(field) for field in self.get_export_fields()]


def _iso_date():
    return widgets.DateWidget(format="%Y-%m-%d")


class ResolutionResource(ArchiveResource):
    """One row per resolution: where it was made, what it says and a link to its item's page."""

    meeting_date = fields.Field(attribute="item__meeting__date", column_name="Meeting date", widget=_iso_date())
    body = fields.Field(attribute="item__meeting__body__name", column_name="Body")
    # The number exactly as the minutes printed it ("SSP/12/23", "SSP/4724"), empty when none was.
    item_number = fields.Field(attribute="item__number", column_name="Item number")
    item_title = fields.Field(attribute="item__title", column_name="Item title")
    reference = fields.Field(attribute="reference", column_name="Resolution reference")
    text = fields.Field(attribute="text", column_name="Resolution")
    restricted = fields.Field(
        attribute="item__is_restricted", column_name="Restricted", widget=widgets.BooleanWidget()
    )
    link = fields.Field(column_name="Link")

    class Meta:
        model = Resolution
        fields = ["meeting_date", "body", "item_number", "item_title", "reference", "text", "restricted", "link"]
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not can_view_restricted(self.user):
            del self.fields["restricted"]
        self._queryset = None
        self._last_link = (None, "")

    def get_queryset(self):
        # Built once: the notice's EXISTS and the rows then share one validation of the filters.
        if self._queryset is None:
            self._queryset = selectors.resolution_list(user=self.user, filters=self.filters)
        return self._queryset

    def contains_restricted(self) -> bool:
        # One EXISTS query, asked only for those who may see restricted rows: a public file never has one.
        if "restricted" not in self.fields:
            return False
        return self.get_queryset().filter(item__is_restricted=True).exists()

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its own, unfiltered queryset: narrow it like every public read.
        return queryset.visible_to(self.user)

    def dehydrate_link(self, resolution):
        # Rows come item by item, so the last item's link is usually this row's: reversing a URL
        # for each of 100,000 rows was a third of a download's time.
        if self._last_link[0] != resolution.item_id:
            self._last_link = (resolution.item_id, self.absolute_url(resolution.item.get_absolute_url()))
        return self._last_link[1]


class AttendanceResource(ArchiveResource):
    """One row per person per meeting: attendance is public whatever the meeting discussed."""

    meeting_date = fields.Field(attribute="meeting__date", column_name="Meeting date", widget=_iso_date())
    person = fields.Field(column_name="Person")
    role = fields.Field(column_name="Role")
    capacity = fields.Field(column_name="Capacity")
    organisation = fields.Field(column_name="Organisation")

    class Meta:
        model = Attendance
        fields = ["meeting_date", "person", "role", "capacity", "organisation"]
        export_order = fields

    def get_queryset(self):
        return selectors.attendance_list(user=self.user, filters=self.filters)

    def dehydrate_person(self, attendance):
        return str(attendance.person)

    def dehydrate_role(self, attendance):
        return attendance.get_role_display()

    def dehydrate_capacity(self, attendance):
        return attendance.get_capacity_display() if attendance.capacity else ""

    def dehydrate_organisation(self, attendance):
        # Unmatched affiliations ("Tees Valley CRC") are kept as written rather than dropped.
        return attendance.organisation.name if attendance.organisation_id else attendance.affiliation


def export_rows(resource: ArchiveResource, queryset, *, chunk_size: int = 2000):
    """Yield each row of `queryset` as a list of Python values (dates, booleans, text) in column order.

    The queryset is read `chunk_size` rows at a time (a server-side cursor on PostgreSQL), so a
    download of any length holds one chunk in memory.
    """
    export_fields = resource.get_export_fields()
    for instance in queryset.iterator(chunk_size=chunk_size):
        yield [resource.export_field(field, instance, force_native_type=True) for field in export_fields]


def as_text(value) -> str:
    """A cell's value as CSV text: ISO dates, "yes"/"no", "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
