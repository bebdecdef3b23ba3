"""Partners: restricted content is marked "Restricted – not for circulation" wherever it is shown and in
their downloads; the public never sees the marking (there is nothing restricted for it to mark)."""
import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from meetings.downloads import RESTRICTED_NOTICE

pytestmark = pytest.mark.django_db

MARKING = "Restricted – not for circulation"


def _pages(archive):
    return {
        "meeting": archive.new.get_absolute_url(),
        "item": archive.canary.get_absolute_url(),
        "search": reverse("search") + "?q=Kestrelwing",
        "register": reverse("resolution_list"),
    }


@pytest.mark.parametrize("page", ["meeting", "item", "search", "register"])
def test_partners_see_the_marking_on_restricted_content(partner_client, archive, page):
    html = partner_client.get(_pages(archive)[page]).content.decode()
    assert "Kestrelwing" in html or "Marmadukeplan" in html  # the restricted item is there...
    assert f'class="govuk-tag govuk-tag--red ssp-restricted-tag">{MARKING}</strong>' in html  # ...and marked


@pytest.mark.parametrize("page", ["meeting", "item", "search", "register"])
def test_the_public_never_sees_the_marking(client, archive, page):
    response = client.get(_pages(archive)[page])
    assert MARKING not in response.content.decode()


def test_a_partners_public_item_is_not_marked(partner_client, archive):
    html = partner_client.get(archive.crime.get_absolute_url()).content.decode()
    assert "ssp-restricted-tag" not in html.split('<main', 1)[1]


def test_a_declaration_about_a_restricted_item_is_marked_for_partners(partner_client, declaring_archive):
    html = partner_client.get(declaring_archive.new.get_absolute_url()).content.decode()
    section = html.split("a second interest", 1)[1].split("</li>", 1)[0]
    assert MARKING in section


def test_print_styles_mark_each_restricted_item():
    """The print stylesheet turns the marking into a bordered banner (browsers drop the red background)."""
    from pathlib import Path

    scss = (Path(__file__).resolve().parents[2] / "static/src/archive.scss").read_text()
    print_block = scss.split("@media print", 1)[1]
    assert ".ssp-restricted-tag" in print_block and "border" in print_block.split(".ssp-restricted-tag", 1)[1]


def _download(client, fmt, **params):
    response = client.get(reverse("download_resolutions", kwargs={"fmt": fmt}), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_anonymous_downloads_never_carry_the_notice(client, archive, fmt):
    body = _download(client, fmt)
    text = repr([list(r) for r in openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]) \
        if fmt == "xlsx" else body.decode("utf-8-sig")
    assert "not for circulation" not in text and "notice" not in text
    if fmt == "json":
        assert isinstance(json.loads(text), list)


def test_partners_csv_starts_with_the_notice_and_stays_parseable(partner_client, archive):
    text = _download(partner_client, "csv").decode("utf-8-sig")
    assert text.startswith(f"# {RESTRICTED_NOTICE}\r\nMeeting date,")
    rows = [row for row in csv.reader(io.StringIO(text)) if not row[0].startswith("#")]
    assert rows[0][0] == "Meeting date" and any(row[-2] == "yes" for row in rows[1:])


def test_partners_json_and_xlsx_carry_the_notice(partner_client, archive):
    data = json.loads(_download(partner_client, "json"))
    assert data["notice"] == RESTRICTED_NOTICE and any(row["restricted"] for row in data["rows"])
    sheet = openpyxl.load_workbook(io.BytesIO(_download(partner_client, "xlsx"))).active
    assert sheet["A1"].value == RESTRICTED_NOTICE and sheet["A2"].value == "Meeting date"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_partners_file_without_restricted_rows_has_no_notice(partner_client, archive, fmt):
    """Filtered to a meeting with no restricted item: no notice (the JSON keeps its shape, notice null)."""
    body = _download(partner_client, fmt, meeting=archive.old.slug)
    if fmt == "json":
        data = json.loads(body)
        assert data["notice"] is None and len(data["rows"]) == 1
    elif fmt == "csv":
        assert body.decode("utf-8-sig").startswith("Meeting date,")
    else:
        assert openpyxl.load_workbook(io.BytesIO(body)).active["A1"].value == "Meeting date"
