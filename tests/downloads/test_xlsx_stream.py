"""The XLSX writer that streams (meetings/xlsx_stream.py) and the XLSX downloads made with it.

What a spreadsheet reads back (openpyxl here, LibreOffice where installed) is checked, not the XML
text; and that the file leaves while its rows are still being read, in bounded memory.
"""
import csv
import datetime as dt
import decimal
import io
import shutil
import subprocess
import tracemalloc
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from meetings import downloads
from meetings.downloads import RESTRICTED_NOTICE
from meetings.resources import ResolutionResource, as_text
from meetings.visibility import PublicPreview
from meetings.xlsx_stream import stream_xlsx
from tests.factories import AgendaItemFactory, MeetingFactory, ResolutionFactory

HEADERS = ["Date", "Text", "Number", "Flag"]
RESOLUTION = (
    "the Partnership notes the performance report for the quarter, agrees the actions set out in "
    "section 4 and asks the Community Safety Manager to report progress to the next meeting."
)


def workbook_of(pieces) -> openpyxl.Workbook:
    body = b"".join(pieces)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    return openpyxl.load_workbook(io.BytesIO(body))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


class Observed:
    """Rows handed out one at a time, counting how many have been taken so far."""

    def __init__(self, rows):
        self._rows = iter(rows)
        self.taken = 0
        self.closed = False

    def __iter__(self):
        return self

    def __next__(self):
        row = next(self._rows)
        self.taken += 1
        return row

    def close(self):
        self.closed = True


def many_rows(n: int):
    return ([dt.date(2019, 11, 22) + dt.timedelta(days=i % 3000), RESOLUTION, i, i % 2 == 0] for i in range(n))


# The pure writer --------------------------------------------------------------------------------

def test_cells_read_back_as_the_values_written():
    """Dates are dates formatted yyyy-mm-dd, numbers numbers, booleans booleans, text text, None nothing."""
    rows = [
        [dt.date(2019, 11, 22), "Safer Stockton Partnership", 42, True],
        [dt.date(1900, 3, 1), "", 2.5, False],
        [dt.datetime(2024, 2, 29, 18, 30), None, decimal.Decimal("12.75"), None],
        [dt.date(9999, 12, 31), "x", -7, True],
    ]
    sheet = workbook_of(stream_xlsx(rows, headers=HEADERS, sheet_title="Resolutions")).active
    assert sheet.title == "Resolutions"
    assert values(sheet) == [
        HEADERS,
        [dt.datetime(2019, 11, 22), "Safer Stockton Partnership", 42, True],
        [dt.datetime(1900, 3, 1), None, 2.5, False],
        [dt.datetime(2024, 2, 29, 18, 30), None, 12.75, None],
        [dt.datetime(9999, 12, 31), "x", -7, True],
    ]
    assert [sheet.cell(row, 1).number_format for row in range(2, 6)] == ["yyyy-mm-dd"] * 4
    assert sheet["C2"].data_type == "n" and sheet["D2"].data_type == "b" and sheet["A1"].data_type == "s"


@pytest.mark.parametrize("written, read", [
    ("fish & chips <b>bold</b> \"quoted\" 'single'", "fish & chips <b>bold</b> \"quoted\" 'single'"),
    ("]]> <![CDATA[ x ]]>", "]]> <![CDATA[ x ]]>"),
    ("  spaces kept at both ends  ", "  spaces kept at both ends  "),
    ("line one\nline two\ttabbed", "line one\nline two\ttabbed"),
    ("Décision – 5 € 😀 第一", "Décision – 5 € 😀 第一"),
    # Control characters from Word documents, a lone surrogate, U+FFFE: XML may not hold them.
    ("bell\x07 form\x0c feed\x00 nul\x1b esc", "bell form feed nul esc"),
    ("half \ud83d surrogate \ufffe", "half  surrogate "),
    ("\x01\x02", None),
    # Neutralised by the resources before they get here; the writer keeps it as text, never a formula.
    ("'=HYPERLINK(\"http://evil.example/\")", "'=HYPERLINK(\"http://evil.example/\")"),
    ("=1+1", "=1+1"),
])
def test_text_is_escaped_and_cleaned(written, read):
    body = b"".join(stream_xlsx([[None, written]], headers=HEADERS, sheet_title="T"))
    sheet = workbook_of([body]).active
    assert sheet["B2"].value == read
    if read is not None:
        assert sheet["B2"].data_type == "s"
    sheet_xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    # openpyxl keeps edge spaces anyway; Excel drops them unless the text says to keep them.
    assert (b'<t xml:space="preserve">' in sheet_xml) == (read is not None and read != read.strip())


def test_the_file_is_a_zip_of_well_formed_parts():
    body = b"".join(stream_xlsx(many_rows(50), headers=HEADERS, sheet_title="Attendance", notice="Careful"))
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert archive.namelist() == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
    for name in archive.namelist():
        ElementTree.fromstring(archive.read(name))
    # Written to a sink that cannot seek: each member's sizes follow its data (a data descriptor).
    assert all(info.flag_bits & 0x08 for info in archive.infolist())


def test_the_same_rows_make_the_same_file():
    """No time stamp in it: the same filters download the same bytes."""
    first = b"".join(stream_xlsx(many_rows(10), headers=HEADERS, sheet_title="T"))
    assert b"".join(stream_xlsx(many_rows(10), headers=HEADERS, sheet_title="T")) == first


def test_the_notice_is_a_bold_red_first_row():
    sheet = workbook_of(stream_xlsx([[None, "x"]], headers=HEADERS, sheet_title="T", notice=RESTRICTED_NOTICE)).active
    assert values(sheet)[:2] == [[RESTRICTED_NOTICE, None, None, None], HEADERS]
    assert sheet["A1"].font.b and sheet["A1"].font.color.rgb == "00B10E1E"
    assert not sheet["A2"].font.b


@pytest.mark.parametrize("title", ["", "x" * 32, "a/b", "what?", "[x]"])
def test_a_title_no_spreadsheet_accepts_is_refused(title):
    with pytest.raises(ValueError):
        b"".join(stream_xlsx([], headers=HEADERS, sheet_title=title))


def test_the_first_bytes_leave_before_any_row_is_read_and_rows_are_read_as_written():
    """Bytes go out while the rows are read, not after: the first before any row, others in between."""
    rows = Observed(many_rows(20_000))
    taken_at_each_piece = [rows.taken for _ in stream_xlsx(rows, headers=HEADERS, sheet_title="T")]
    assert taken_at_each_piece[0] == 0
    assert any(0 < taken < 20_000 for taken in taken_at_each_piece), taken_at_each_piece
    assert taken_at_each_piece[-1] == 20_000


def test_a_reader_who_leaves_closes_the_rows():
    """A download abandoned half way releases its cursor at once."""
    rows = Observed(many_rows(20_000))
    pieces = stream_xlsx(rows, headers=HEADERS, sheet_title="T")
    next(pieces), next(pieces)
    pieces.close()
    assert rows.closed and rows.taken < 20_000


def _peak_bytes(n: int) -> int:
    tracemalloc.start()
    try:
        for _ in stream_xlsx(many_rows(n), headers=HEADERS, sheet_title="T"):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows():
    """Ten times the rows, about the same peak: one batch is held, never the sheet."""
    small, large = _peak_bytes(3_000), _peak_bytes(30_000)
    assert large < small * 1.5, (small, large)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_file(tmp_path):
    rows = [[dt.date(2019, 11, 22), "fish & chips <b>", 42, True]]
    (tmp_path / "t.xlsx").write_bytes(b"".join(stream_xlsx(rows, headers=HEADERS, sheet_title="T", notice="N")))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv", "--outdir", str(tmp_path), str(tmp_path / "t.xlsx")], check=True, capture_output=True,
                   timeout=120)
    text = (tmp_path / "t.csv").read_text()
    assert list(csv.reader(io.StringIO(text))) == [
        ["N", "", "", ""], HEADERS, ["2019-11-22", "fish & chips <b>", "42", "TRUE"],
    ]


# The downloads -------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("name", ["resolutions", "attendance"])
def test_xlsx_downloads_leave_before_their_rows_are_read(client, archive, monkeypatch, name):
    """The first piece of the response is made before the first row is read from the database."""
    observed = []

    def export_rows(resource, queryset, **kwargs):
        observed.append(Observed(downloads_export_rows(resource, queryset, **kwargs)))
        return observed[-1]

    downloads_export_rows = downloads.export_rows
    monkeypatch.setattr(downloads, "export_rows", export_rows)
    response = client.get(reverse(f"download_{name}", kwargs={"fmt": "xlsx"}))
    assert isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse)
    pieces = iter(response.streaming_content)
    first = next(pieces)
    assert first.startswith(b"PK\x03\x04") and observed[0].taken == 0
    rest = b"".join(pieces)
    assert observed[0].taken == (5 if name == "resolutions" else 3)
    assert openpyxl.load_workbook(io.BytesIO(first + rest)).active.title == name.capitalize()


def _xlsx_as_csv_rows(body: bytes) -> list[list[str]]:
    rows = values(openpyxl.load_workbook(io.BytesIO(body)).active)
    return [[as_text(value.date() if isinstance(value, dt.datetime) else value) for value in row] for row in rows]


def _get(client, name, fmt, **params) -> bytes:
    response = client.get(reverse(f"download_{name}", kwargs={"fmt": fmt}), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def unpublished(archive):
    """A meeting awaiting review, one public and one restricted resolution in it."""
    meeting = MeetingFactory(date=dt.date(2021, 3, 3), is_published=False)
    ResolutionFactory(item=AgendaItemFactory(meeting=meeting, position=1), text="the Quillmere plan be noted.")
    ResolutionFactory(item=AgendaItemFactory(meeting=meeting, position=2, is_restricted=True),
                      text="the Varrowdale briefing be noted.")
    return meeting


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "partner", "officer"])
@pytest.mark.parametrize("name", ["resolutions", "attendance"])
def test_each_reader_gets_the_rows_of_their_csv(archive, unpublished, partner, officer, who, name):
    """The XLSX holds exactly the CSV's cells, for each kind of reader: the writer adds and loses nothing."""
    client = Client()
    if who != "anonymous":
        client.force_login(partner if who == "partner" else officer)
    csv_rows = list(csv.reader(io.StringIO(_get(client, name, "csv").decode("utf-8-sig"))))
    xlsx_rows = _xlsx_as_csv_rows(_get(client, name, "xlsx"))
    if csv_rows[0][0].startswith("# "):  # the notice: one cell, "# " before it in the CSV only
        assert xlsx_rows[0] == [csv_rows[0][0][2:]] + [""] * (len(xlsx_rows[0]) - 1)
        csv_rows, xlsx_rows = csv_rows[1:], xlsx_rows[1:]
    assert xlsx_rows == [row + [""] * (len(xlsx_rows[0]) - len(row)) for row in csv_rows]
    text = repr(xlsx_rows)
    # Restricted, published: partners and officers. Awaiting review, public or not: officers only.
    assert ("Zephyr" in text) == (who != "anonymous" and name == "resolutions")
    assert ("Varrowdale" in text) == ("Quillmere" in text) == (who == "officer" and name == "resolutions")


@pytest.mark.django_db
@pytest.mark.parametrize("who, has_notice", [("anonymous", False), ("partner", True), ("officer", True)])
def test_only_files_holding_restricted_rows_carry_the_notice(archive, partner, officer, who, has_notice):
    client = Client()
    if who != "anonymous":
        client.force_login(partner if who == "partner" else officer)
    response = client.get("/downloads/resolutions.xlsx")
    assert "private" in response["Cache-Control"]  # every response is, a partner's above all
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert (sheet["A1"].value == RESTRICTED_NOTICE) == has_notice
    assert RESTRICTED_NOTICE not in repr(values(sheet)[1:])
    if has_notice:
        assert sheet["A1"].font.b and sheet["A1"].font.color.rgb == "00B10E1E"
    # Attendance is public whatever a meeting discussed: never a notice.
    attendance = openpyxl.load_workbook(io.BytesIO(_get(client, "attendance", "xlsx"))).active
    assert attendance["A1"].value == "Meeting date"


@pytest.mark.django_db
def test_an_officers_preview_sees_the_meeting_but_not_its_restricted_rows(archive, unpublished):
    """The preview is the public's view plus one meeting: its public resolution, never its restricted one."""
    resource = ResolutionResource(user=PublicPreview(unpublished.pk), filters={}, spreadsheet_safe=True)
    sheet = workbook_of(downloads.stream_xlsx(resource, sheet_title="Resolutions", notice=None)).active
    text = repr(values(sheet))
    assert "Quillmere" in text
    assert "Varrowdale" not in text and "Zephyr" not in text and "Restricted" not in text
    assert not resource.contains_restricted()

