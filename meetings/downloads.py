"""Spreadsheet downloads of resolutions and attendance (CSV, XLSX, JSON), honouring the page's filters.

The rows are the ones the register, meeting, person and organisation pages show for the same query
string: the FilterSets and selectors decide them, the resources (meetings/resources.py) turn each
into cells. All three formats are streamed from a database cursor in chunks, so a download of
100,000 rows never holds them all and its first bytes leave before the first row is read. XLSX too:
meetings/xlsx_stream.py writes the zip as it goes (openpyxl finished a temporary file first, 12-19 s
at 10,000 meetings before the first byte).
"""
import csv
import io

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from . import xlsx_stream
from .filters import AttendanceFilter, ResolutionFilter
from .resources import ArchiveResource, AttendanceResource, ResolutionResource, as_text, export_rows

INVALID_FILTER_MESSAGE = "These filters could not be applied, so nothing was downloaded:"
# Heads a partner's file that holds restricted rows: the CSV's first line (after "# ", so csv readers
# told to skip comments, e.g. pandas' comment="#", still read the header next), the XLSX's first row,
# and the JSON's "notice". A public file never holds a restricted row, so never carries it.
RESTRICTED_NOTICE = "Restricted – not for circulation: this file contains restricted items"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows are sent in pieces of at least this many characters rather than one write per row.
FLUSH_CHARS = 64 * 1024


@require_safe
def download_resolutions(request, fmt):
    """Resolutions the user may see, filtered by ResolutionFilter's GET parameters.

    Args:
        fmt: "csv", "xlsx" or "json" (the URL's extension).
    Returns:
        The file as an attachment named after its filters (ssp-resolutions-2019-2023-fly-tipping-substantive.csv,
        see download_filename), or 400 naming the filter values that are not valid.
    """
    return _download(request, fmt, filterset_class=ResolutionFilter, resource_class=ResolutionResource,
                     name="resolutions")


@require_safe
def download_attendance(request, fmt):
    """Attendance filtered by AttendanceFilter's GET parameters (year, dates, person, organisation, role, meeting)."""
    return _download(request, fmt, filterset_class=AttendanceFilter, resource_class=AttendanceResource,
                     name="attendance")


def _download(request, fmt, *, filterset_class, resource_class, name):
    filterset = filterset_class(request.GET, request=request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(invalid_filters_text(filterset.errors), content_type="text/plain; charset=utf-8")

    resource = resource_class(request=request, filters=request.GET, spreadsheet_safe=fmt != "json")
    filename = download_filename(name, filterset.form.cleaned_data, fmt)
    notice = RESTRICTED_NOTICE if resource.contains_restricted() else None
    if fmt == "csv":
        response = StreamingHttpResponse(stream_csv(resource, notice=notice), content_type=CSV_CONTENT_TYPE)
    elif fmt == "json":
        # Those who may see restricted rows get an object with a "notice" (null when the file holds
        # none), so their files have one shape whatever the filters; the public's stay a bare array.
        wrap = "restricted" in resource.fields
        response = StreamingHttpResponse(stream_json(resource, notice=notice, wrap=wrap), content_type=JSON_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(
            stream_xlsx(resource, sheet_title=name.capitalize(), notice=notice), content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.user.is_authenticated:
        # A partner's file holds restricted rows: no shared cache may keep it.
        patch_cache_control(response, private=True)
    return response


# The longest a file name gets before its extension; the filters are cut, never the extension.
FILENAME_MAX_STEM = 120


def _years_or_dates(data) -> list[str]:
    year, start, end = data.get("year"), data.get("date_from"), data.get("date_to")
    parts = [str(year)] if year else []
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        parts.append(str(start.year) if start.year == end.year else f"{start.year}-{end.year}")
    elif start and end:
        parts.append(f"{start.isoformat()}-to-{end.isoformat()}")
    elif start:
        parts.append(f"from-{start.isoformat()}")
    elif end:
        parts.append(f"to-{end.isoformat()}")
    return parts


def download_filename(name: str, data: dict, fmt: str) -> str:
    """A file name saying what was filtered: ssp-resolutions-2019-2023-fly-tipping-substantive.csv.

    Made of the valid filter values (years or dates, body, meeting, person, organisation, role,
    keyword, kind) in that order, slugified: ASCII letters, digits and hyphens only, so no browser or
    file system needs to escape it. The date of the download is not in it: the same filters give the
    same name. With no filter: ssp-resolutions.csv.
    """
    parts = ["ssp", name, *_years_or_dates(data)]
    for key in ("body", "meeting", "person", "organisation"):
        value = data.get(key)
        if value is not None:
            parts.append(value.slug)
    for key in ("role", "q", "kind"):
        if data.get(key):
            parts.append(str(data[key]))
    stem = "-".join(filter(None, (slugify(part) for part in parts)))
    stem = stem[:FILENAME_MAX_STEM].rstrip("-")
    return f"{stem}.{fmt}"


def invalid_filters_text(errors) -> str:
    lines = [INVALID_FILTER_MESSAGE]
    for field, messages in errors.items():
        lines.extend(f"- {field}: {message}" for message in messages)
    return "\n".join(lines) + "\n"


def _drain(buffer: io.StringIO) -> str:
    """Everything written to `buffer` so far, leaving it empty for the next rows."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def stream_csv(resource: ArchiveResource, *, notice: str | None = None):
    """The CSV text of `resource`'s rows: a BOM (so Excel reads UTF-8), "# notice" if any, a header row, the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    if notice:
        writer.writerow([f"# {notice}"])
    writer.writerow(resource.get_export_headers())
    for row in export_rows(resource, resource.get_queryset()):
        writer.writerow([as_text(value) for value in row])
        if buffer.tell() >= FLUSH_CHARS:
            yield _drain(buffer)
    yield _drain(buffer)


def stream_json(resource: ArchiveResource, *, notice: str | None = None, wrap: bool = False):
    """A JSON array of objects keyed by the resource's field names, dates in ISO form.

    With `wrap`, the array is the "rows" of an object whose "notice" is `notice` (or null).
    """
    keys = resource.export_keys()
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    buffer = io.StringIO()
    if wrap:
        buffer.write('{"notice": ' + encoder.encode(notice) + ', "rows": ')
    buffer.write("[")
    separator = "\n"
    for row in export_rows(resource, resource.get_queryset()):
        buffer.write(separator)
        buffer.write(encoder.encode(dict(zip(keys, row))))
        separator = ",\n"
        if buffer.tell() >= FLUSH_CHARS:
            yield _drain(buffer)
    buffer.write("\n]}\n" if wrap else "\n]\n")
    yield _drain(buffer)


def stream_xlsx(resource: ArchiveResource, *, sheet_title: str, notice: str | None = None):
    """The XLSX file of `resource`'s rows, as pieces of bytes: the notice (if any) in bold red, a header row, the rows.

    Dates are date cells formatted yyyy-mm-dd, booleans and numbers are values, text is inline,
    without the control characters XML may not hold (text from Word documents has them).
    """
    return xlsx_stream.stream_xlsx(export_rows(resource, resource.get_queryset()), headers=resource.get_export_headers(),
                                   sheet_title=sheet_title, notice=notice)
