"""URLs of the spreadsheet downloads: /downloads/resolutions.<fmt> and /downloads/attendance.<fmt>.

The public pages link here with their own filters in the query string, e.g.
`{% url 'download_resolutions' fmt='csv' %}?person=jo-smith`.
"""
from django.urls import path, register_converter

from . import downloads


class ExportFormatConverter:
    """One of the formats a download is offered in; anything else is a 404, not a 400."""

    regex = "csv|xlsx|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "export_format")

urlpatterns = [
    path("downloads/resolutions.<export_format:fmt>", downloads.download_resolutions, name="download_resolutions"),
    path("downloads/attendance.<export_format:fmt>", downloads.download_attendance, name="download_attendance"),
]
