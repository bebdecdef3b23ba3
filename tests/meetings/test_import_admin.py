"""The admin's "Import minutes": upload → preview → confirm or cancel; re-parse; the import record."""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import admin_import, imports
from meetings.models import AgendaItem, Attendance, Body, ImportRun, Meeting, Resolution
from people.models import Organisation, Person

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "sample_data" / "minutes"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
SAMPLE = "ssp-2017-04-04.txt"  # one restricted item (SSP 8/17) among fifteen
IMPORT_URL = reverse("admin:meetings_meeting_import")
CONFIRM_URL = reverse("admin:meetings_meeting_import_confirm")


def restricted_positions(name):
    return {n for n, item in enumerate(EXPECTED[name]["items"], start=1) if item["restricted"]}


def upload(name, content=None):
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes() if content is None else content)


def archive_counts():
    return [m.objects.count() for m in (Meeting, AgendaItem, Resolution, Attendance, Person, Organisation, ImportRun)]


class ConfirmForm(HTMLParser):
    """What a browser would post from the preview's confirm form: hidden fields and ticked boxes."""

    def __init__(self, html):
        super().__init__()
        self.fields, self.in_form = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == CONFIRM_URL:
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("name") and attrs.get("type") != "submit":
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False

    def data(self, *, drop=(), add=(), button="confirm"):
        fields = [f for f in self.fields if f not in drop] + list(add)
        data = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        data[button] = "1"
        return data


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def preview(client, *names, files=None):
    body = Body.objects.get(slug="safer-stockton-partnership")
    response = client.post(IMPORT_URL, {"body": body.pk, "files": files or [upload(n) for n in names]})
    assert response.status_code == 200, response.content[:500]
    return response


def test_the_meeting_list_has_an_import_minutes_button(officer_client):
    response = officer_client.get(reverse("admin:meetings_meeting_changelist"))
    assert IMPORT_URL.encode() in response.content and b"Import minutes" in response.content


def test_preview_shows_the_document_and_writes_nothing(officer_client):
    """The preview: date, items with their restricted flags ticked, attendance marked new; no row written."""
    before = archive_counts()
    response = preview(officer_client, SAMPLE)
    html = response.content.decode()

    assert archive_counts() == before
    assert "Tuesday 4 April 2017" in html
    for item in EXPECTED[SAMPLE]["items"]:
        assert item["n"] in html
    ticked = {int(v) for n, v in ConfirmForm(html).fields if n == "f0-restricted"}
    assert ticked == restricted_positions(SAMPLE)
    assert html.count('class="restricted"') == len(restricted_positions(SAMPLE))
    assert html.count("tag-new") >= len(EXPECTED[SAMPLE]["attendance"])  # an empty archive: everyone is new


def test_confirm_creates_the_rows_the_preview_showed(officer_client, officer):
    """Confirming imports the meeting with its items, restricted flags and attendance, and records the run."""
    form = ConfirmForm(preview(officer_client, SAMPLE).content.decode())

    response = officer_client.post(CONFIRM_URL, form.data())

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == EXPECTED[SAMPLE]["date"]
    assert meeting.items.count() == len(EXPECTED[SAMPLE]["items"])
    assert set(meeting.items.filter(is_restricted=True).values_list("position", flat=True)) == restricted_positions(SAMPLE)
    assert meeting.attendance.count() == len(EXPECTED[SAMPLE]["attendance"])
    run = ImportRun.objects.get()
    assert (run.user, run.via, run.outcome, run.meeting) == (officer, "admin", "imported", meeting)
    assert not list(Path(settings.MINUTES_STAGING_DIR).glob("*.upload"))  # the staged upload is gone


def test_unticking_and_ticking_restricted_in_the_preview_changes_what_is_saved(officer_client):
    """The officer's corrections win: the restricted item published, another item restricted."""
    form = ConfirmForm(preview(officer_client, SAMPLE).content.decode())
    (was_restricted,) = restricted_positions(SAMPLE)
    other = 1 if was_restricted != 1 else 2

    officer_client.post(CONFIRM_URL, form.data(
        drop=[("f0-restricted", str(was_restricted))], add=[("f0-restricted", str(other))]))

    assert list(AgendaItem.objects.filter(is_restricted=True).values_list("position", flat=True)) == [other]
    run = ImportRun.objects.get()
    label = EXPECTED[SAMPLE]["items"][was_restricted - 1]["n"]
    assert imports.OFFICER_UNRESTRICTED.format(item=label) in run.warnings


def test_cancel_writes_nothing_and_discards_the_upload(officer_client):
    form = ConfirmForm(preview(officer_client, SAMPLE).content.decode())
    before = archive_counts()

    response = officer_client.post(CONFIRM_URL, form.data(button="cancel"), follow=True)

    assert archive_counts() == before
    assert admin_import.CANCELLED in response.content.decode()
    assert not list(Path(settings.MINUTES_STAGING_DIR).glob("*.upload"))


def test_a_bad_file_in_a_batch_is_named_and_the_others_carry_on(officer_client):
    """A PDF called .txt and an image are refused by name; the good file imports."""
    files = [upload("disguised.txt", b"%PDF-1.4\n%binary"), upload("photo.png", b"\x89PNG\r\n"), upload(SAMPLE)]
    response = preview(officer_client, files=files)
    html = response.content.decode()

    assert "disguised.txt: the document could not be read:" in html
    assert imports.FILE_TYPE_NOT_ALLOWED.format(filename="photo.png") in html
    officer_client.post(CONFIRM_URL, ConfirmForm(html).data())
    assert Meeting.objects.count() == 1
    assert ImportRun.objects.get().filename == SAMPLE


def test_files_over_the_size_limit_are_refused_before_reading(officer_client, settings):
    settings.MINUTES_MAX_UPLOAD_BYTES = 1024
    response = preview(officer_client, SAMPLE)
    size = len((SAMPLES / SAMPLE).read_bytes())
    expected = imports.FILE_TOO_LARGE.format(filename=SAMPLE, size=imports.human_size(size), limit="1 KB")
    assert expected in response.content.decode()
    assert Meeting.objects.count() == 0


def test_an_existing_meeting_is_refused_unless_the_officer_ticks_replace(officer_client):
    """The preview names the meeting already there; confirming without "replace" changes nothing."""
    officer_client.post(CONFIRM_URL, ConfirmForm(preview(officer_client, SAMPLE).content.decode()).data())
    edited = (SAMPLES / SAMPLE).read_bytes() + b"\n"  # another document for the same meeting
    html = preview(officer_client, files=[upload(SAMPLE, edited)]).content.decode()
    assert "is already in the archive" in html and 'name="f0-replace"' in html

    response = officer_client.post(CONFIRM_URL, ConfirmForm(html).data(), follow=True)
    assert "choose “replace”" in response.content.decode()
    assert Meeting.objects.get().source_checksum == imports.checksum_of((SAMPLES / SAMPLE).read_bytes())

    html = preview(officer_client, files=[upload(SAMPLE, edited)]).content.decode()
    officer_client.post(CONFIRM_URL, ConfirmForm(html).data(add=[("f0-replace", "on")]))
    assert Meeting.objects.get().source_checksum == imports.checksum_of(edited)
    assert ImportRun.objects.filter(outcome="replaced").count() == 1


def test_reparse_from_stored_document_previews_then_replaces(officer_client):
    """The action feeds the meeting's own file through the same preview, with replace chosen."""
    officer_client.post(CONFIRM_URL, ConfirmForm(preview(officer_client, SAMPLE).content.decode()).data())
    meeting = Meeting.objects.get()
    item = meeting.items.get(position=1)
    item.title = "Changed by hand"
    item.save()

    response = officer_client.post(reverse("admin:meetings_meeting_changelist"), {
        "action": "reparse_from_stored_document", "_selected_action": [meeting.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "was edited after its last import" in html
    assert Meeting.objects.get().items.get(position=1).title == "Changed by hand"  # nothing written yet

    officer_client.post(CONFIRM_URL, ConfirmForm(html).data())
    assert Meeting.objects.get().pk == meeting.pk
    assert Meeting.objects.get().items.get(position=1).title != "Changed by hand"
    assert ImportRun.objects.filter(via="reparse", outcome="replaced").count() == 1


def test_a_token_from_another_user_is_refused(officer_client, client, django_user_model):
    """Staged uploads belong to the officer who uploaded them."""
    form = ConfirmForm(preview(officer_client, SAMPLE).content.decode())
    other = django_user_model.objects.create_superuser("other", password="a-long-test-password")
    client.force_login(other)
    response = client.post(CONFIRM_URL, form.data(), follow=True)
    assert "has expired or was already used" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_partners_cannot_reach_the_import(client, partner):
    client.force_login(partner)
    assert client.get(IMPORT_URL).status_code == 302


def test_officers_can_read_import_runs_but_not_change_them(officer_client):
    officer_client.post(CONFIRM_URL, ConfirmForm(preview(officer_client, SAMPLE).content.decode()).data())
    run = ImportRun.objects.get()
    assert officer_client.get(reverse("admin:meetings_importrun_changelist")).status_code == 200
    response = officer_client.get(reverse("admin:meetings_importrun_change", args=[run.pk]))
    assert response.status_code == 200 and SAMPLE.encode() in response.content
    assert officer_client.get(reverse("admin:meetings_importrun_add")).status_code == 403


def test_a_zip_bomb_upload_is_refused_in_the_preview_and_recorded(officer_client):
    """The 300 MB bomb that used to kill the worker: a message naming file, limit and size; a failed run."""
    from tests.minutes.test_limits import bomb_docx

    response = preview(officer_client, files=[upload("bomb.docx", bomb_docx(300 * 1024 * 1024))])
    assert response.status_code == 200
    assert "bomb.docx: the Word document, uncompressed, is 300.8 MB, over the limit of 100 MB" in response.content.decode()
    assert archive_counts()[:-1] == [0, 0, 0, 0, 0, 0]
    run = ImportRun.objects.get()
    assert (run.outcome, run.via, run.filename) == ("failed", "admin", "bomb.docx")
