"""The register's "kind" filter (procedural resolutions left out), the stored classification that backs
it, the printed numbers, and download file names that say what was filtered."""
import csv
import datetime as dt
import importlib
import io
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.downloads import download_filename
from meetings.models import Body, Resolution
from tests.factories import AgendaItemFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    meeting = MeetingFactory(date=dt.date(2021, 3, 9))
    minutes = AgendaItemFactory(meeting=meeting, position=1, number="SSP/12/21", title="Minutes")
    plan = AgendaItemFactory(meeting=meeting, position=2, number="", title="Fly-tipping plan")
    ResolutionFactory(item=minutes, position=1, text="the minutes be approved.")
    ResolutionFactory(item=plan, position=1, text="the fly-tipping action plan be approved.")
    ResolutionFactory(item=plan, position=2, text="the fly-tipping report be noted.")
    return meeting


def test_saving_classifies_and_reclassifies():
    """save() classifies from the text, and again when an officer edits the text (update_fields too)."""
    resolution = ResolutionFactory(text="the report be noted.")
    assert resolution.is_procedural
    resolution.text = "the report be noted and the plan approved."
    resolution.save(update_fields=["text"])
    assert Resolution.objects.get(pk=resolution.pk).is_procedural is False


def test_the_data_migration_classifies_existing_rows(register):
    """Rows made before the field existed (all False) are classified by the migration's function."""
    Resolution.objects.update(is_procedural=False)
    migration = importlib.import_module("meetings.migrations.0011_resolution_is_procedural")
    migration.classify_existing(apps, None)
    assert dict(Resolution.objects.values_list("text", "is_procedural")) == {
        "the minutes be approved.": True,
        "the fly-tipping action plan be approved.": False,
        "the fly-tipping report be noted.": True,
    }


def test_register_leaves_procedural_out_with_one_query_for_the_rows(client, register):
    page = client.get(reverse("resolution_list"), {"kind": "substantive"}).content.decode()
    assert "the fly-tipping action plan be approved." in page
    assert "the minutes be approved." not in page and "the fly-tipping report be noted." not in page
    page = client.get(reverse("resolution_list"), {"kind": "procedural"}).content.decode()
    assert "the minutes be approved." in page and "action plan be approved" not in page
    assert client.get(reverse("resolution_list"), {"kind": "other"}).status_code == 200  # shown as a form error
    assert "Select a valid choice" in client.get(reverse("resolution_list"), {"kind": "other"}).content.decode()


def test_register_and_item_page_show_the_number_as_printed(client, register):
    page = client.get(reverse("resolution_list")).content.decode()
    assert "SSP 12/21 (1)" in page and "Printed: SSP/12/21" in page
    # An item the minutes did not number shows no "printed" number, only the archive's reference.
    assert page.count("ssp-printed-number") == 1
    item_page = client.get(reverse("item_detail", args=[register.slug, 1])).content.decode()
    assert "(printed SSP/12/21)" in item_page


def test_a_printed_number_the_reference_already_shows_is_not_repeated(client, register):
    """ "SSP 2/21" printed, reference "SSP 2/21 (1)": nothing to add."""
    from meetings.models import AgendaItem

    AgendaItem.objects.filter(meeting=register, position=1).update(number="SSP 12/21")
    for resolution in Resolution.objects.filter(item__meeting=register):
        resolution.save()  # the reference follows the number
    page = client.get(reverse("resolution_list")).content.decode()
    assert "SSP 12/21 (1)" in page and "ssp-printed-number" not in page


def test_downloads_honour_the_kind_and_carry_the_printed_number(client, register):
    response = client.get(reverse("download_resolutions", kwargs={"fmt": "csv"}), {"kind": "substantive"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert [row[header.index("Resolution")] for row in rows[1:]] == ["the fly-tipping action plan be approved."]
    response = client.get(reverse("download_resolutions", kwargs={"fmt": "json"}), {"kind": "procedural"})
    data = json.loads(b"".join(response.streaming_content))
    assert sorted((row["item_number"], row["text"]) for row in data) == [
        ("", "the fly-tipping report be noted."), ("SSP/12/21", "the minutes be approved."),
    ]


def test_kind_filter_adds_no_query(client, register):
    """The filter is a column in the same query, not a per-row classification."""
    url = reverse("resolution_list")
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        client.get(url, {"kind": "substantive"})
    assert len(filtered) == len(plain)


@pytest.mark.parametrize("params, name", [
    ({}, "ssp-resolutions.csv"),
    ({"date_from": "2019-01-01", "date_to": "2023-12-31", "q": "fly tipping", "kind": "substantive"},
     "ssp-resolutions-2019-2023-fly-tipping-substantive.csv"),
    ({"year": "2021", "kind": "procedural"}, "ssp-resolutions-2021-procedural.csv"),
    ({"date_from": "2021-03-01", "date_to": "2021-03-31"}, "ssp-resolutions-2021-03-01-to-2021-03-31.csv"),
    ({"date_from": "2021-03-01"}, "ssp-resolutions-from-2021-03-01.csv"),
    ({"q": 'Zoë "quoted" ../../etc/passwd; rm -rf'}, "ssp-resolutions-zoe-quoted-etcpasswd-rm-rf.csv"),
    ({"meeting": "2021-03-09", "body": "safer-stockton-partnership"},
     "ssp-resolutions-safer-stockton-partnership-2021-03-09.csv"),
])
def test_download_names_say_what_was_filtered(client, register, params, name):
    Body.objects.filter(pk=register.body_id).update(slug="safer-stockton-partnership")
    response = client.get(reverse("download_resolutions", kwargs={"fmt": "csv"}), params)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_download_names_are_short_and_safe():
    name = download_filename("resolutions", {"q": "x" * 500 + " ;/\\\"'"}, "xlsx")
    assert name.endswith(".xlsx") and len(name) <= 125
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_the_import_classifies_resolutions_as_it_writes_them():
    """The import writes resolutions in bulk (no save()): it classifies them itself."""
    from meetings.imports import minutes_import
    from tests.factories import ParsedItemFactory, ParsedMinutesFactory, ParsedResolutionFactory, minutes_document

    minutes = ParsedMinutesFactory(date=dt.date(2020, 1, 28), items=(
        ParsedItemFactory(number="SSP 2/20", title="Strategy", resolutions=(
            ParsedResolutionFactory(text="the report be noted."),
            ParsedResolutionFactory(text="the Strategy be approved."),
        )),
    ))
    meeting = minutes_import(document=minutes_document(minutes, filename="ssp-2020-01-28.txt")).meeting
    assert list(Resolution.objects.filter(item__meeting=meeting).order_by("position")
                .values_list("is_procedural", flat=True)) == [True, False]
