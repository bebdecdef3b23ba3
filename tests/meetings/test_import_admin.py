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
        self.fields, self.in_form, self.select = [], False, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == CONFIRM_URL:
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("name") and attrs.get("type") != "submit":
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select" and self.in_form:
            self.select = [attrs["name"], None, False]  # name, value to post, chosen by "selected"
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or ("selected" in attrs and not self.select[2]):
                self.select[1:] = [attrs.get("value", ""), "selected" in attrs]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            self.fields.append((self.select[0], self.select[1] or ""))
            self.select = None

    def replace(self, name, value):
        """The form with one field's value changed, as an officer typing in it would post it."""
        self.fields = [(n, value if n == name else v) for n, v in self.fields]
        return self

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


# --- Corrections in the preview: date, body, status, titles; unusual dates; undo; decisions ----------------


def undated(year=None):
    """The 2012 sample without its date, as the printable table view gives minutes, or with another year."""
    text = (SAMPLES / "ssp-2012-08-14.txt").read_text()
    held = f"was held on Tuesday, 14th August, {year}." if year else "was held."
    return upload("table-view.txt", text.replace("was held on Tuesday, 14th August, 2012.", held).encode())


def test_minutes_without_a_date_show_a_date_field_and_are_refused_without_it(officer_client):
    """The preview asks for the date; confirming without it refuses the file (recorded); with it, imports."""
    html = preview(officer_client, files=[undated()]).content.decode()
    assert imports.NO_MEETING_DATE.format(filename="table-view.txt") in html
    assert 'name="f0-date"' in html and 'name="f0-body"' in html

    response = officer_client.post(CONFIRM_URL, ConfirmForm(html).data(), follow=True)
    # (the admin's message list capitalises the file name)
    assert imports.NO_MEETING_DATE.format(filename="table-view.txt").split(": ", 1)[1] in response.content.decode()
    assert not Meeting.objects.exists() and ImportRun.objects.get().outcome == "failed"

    html = preview(officer_client, files=[undated()]).content.decode()
    officer_client.post(CONFIRM_URL, ConfirmForm(html).replace("f0-date", "2012-08-14").data())
    assert Meeting.objects.get().date.isoformat() == "2012-08-14"


@pytest.mark.parametrize("year", [1985, 2100])
def test_an_unlikely_date_needs_the_officer_to_confirm_it(officer_client, year):
    """The parser leaves an implausible year unknown (issue 9): the officer types the date, and a date
    before 1990 or more than two years ahead is refused until they also tick "This date is right"."""
    html = preview(officer_client, files=[undated(year)]).content.decode()
    assert imports.NO_MEETING_DATE.format(filename="table-view.txt") in html and 'name="f0-allow_date"' in html

    officer_client.post(CONFIRM_URL, ConfirmForm(html).replace("f0-date", f"{year}-08-14").data())
    assert not Meeting.objects.exists() and ImportRun.objects.get().outcome == "failed"
    assert "is before 1990 or more than two years ahead" in ImportRun.objects.get().message

    html = preview(officer_client, files=[undated(year)]).content.decode()
    officer_client.post(
        CONFIRM_URL, ConfirmForm(html).replace("f0-date", f"{year}-08-14").data(add=[("f0-allow_date", "on")])
    )
    assert Meeting.objects.get().date.year == year


def test_the_officer_corrects_a_title_and_the_minutes_status_in_the_preview(officer_client):
    html = preview(officer_client, SAMPLE).content.decode()
    assert 'name="f0-title-1"' in html and 'name="f0-status"' in html

    officer_client.post(CONFIRM_URL, ConfirmForm(html).replace("f0-title-1", "Welcome and introductions")
                        .replace("f0-status", "draft").data())

    meeting = Meeting.objects.get()
    assert meeting.items.get(position=1).title == "Welcome and introductions"
    assert meeting.status == "draft"
    warnings = ImportRun.objects.get().warnings
    label = EXPECTED[SAMPLE]["items"][0]["n"]
    assert imports.TITLE_CORRECTED.format(item=label) in warnings
    assert imports.STATUS_CORRECTED.format(status="draft") in warnings
    # Titles shown and posted unchanged are not corrections.
    assert sum(w.endswith("title typed by the officer in the preview.") for w in warnings) == 1


def test_undo_import_button_restores_the_meeting_before_its_replace(officer_client, officer):
    officer_client.post(CONFIRM_URL, ConfirmForm(preview(officer_client, SAMPLE).content.decode()).data())
    meeting = Meeting.objects.get()
    before = list(meeting.items.values_list("title", "is_restricted"))
    edited = (SAMPLES / SAMPLE).read_text().replace("Anti-Social Behaviour", "ASB").encode()
    html = preview(officer_client, files=[upload("corrected.txt", edited)]).content.decode()
    officer_client.post(CONFIRM_URL, ConfirmForm(html).data(add=[("f0-replace", "on")]))
    assert Meeting.objects.get().source_filename == "corrected.txt"

    change = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    undo_url = reverse("admin:meetings_meeting_undo_import", args=[meeting.pk])
    assert undo_url in change and "Undo import of corrected.txt" in change
    assert officer_client.get(undo_url).status_code == 200
    assert Meeting.objects.get().source_filename == "corrected.txt"  # a GET changes nothing

    officer_client.post(undo_url)

    meeting = Meeting.objects.get()
    assert meeting.source_filename == SAMPLE and list(meeting.items.values_list("title", "is_restricted")) == before
    assert ImportRun.objects.filter(outcome="undone", via="undo", user=officer).count() == 1


def test_changing_an_items_restricted_flag_in_the_admin_is_remembered(officer_client, officer):
    """Item page and meeting page alike record the decision (per body, date and title)."""
    from meetings.models import RestrictionDecision

    officer_client.post(CONFIRM_URL, ConfirmForm(preview(officer_client, SAMPLE).content.decode()).data())
    item = AgendaItem.objects.get(position=1)
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    data = {"meeting": item.meeting_id, "position": 1, "number": item.number, "title": item.title,
            "is_restricted": "on", "restriction_note": "Police", "minute": item.minute,
            "resolutions-TOTAL_FORMS": 0, "resolutions-INITIAL_FORMS": 0,
            "declarations-TOTAL_FORMS": 0, "declarations-INITIAL_FORMS": 0,
            # The item's reports and the reports its minutes name (issue 14): none here.
            "reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0,
            "expected_reports-TOTAL_FORMS": 0, "expected_reports-INITIAL_FORMS": 0}
    for prefix in ("resolutions", "declarations"):
        initial = getattr(item, prefix).count()
        data.update({f"{prefix}-TOTAL_FORMS": initial, f"{prefix}-INITIAL_FORMS": initial})
        for n, obj in enumerate(getattr(item, prefix).all()):
            data[f"{prefix}-{n}-id"] = obj.pk
            data[f"{prefix}-{n}-{'item'}"] = item.pk
            if prefix == "resolutions":
                data.update({f"{prefix}-{n}-position": obj.position, f"{prefix}-{n}-text": obj.text})
            else:
                data.update({f"{prefix}-{n}-person": obj.person_id, f"{prefix}-{n}-text": obj.text,
                             f"{prefix}-{n}-relates_to_number": obj.relates_to_number})

    response = officer_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    decision = RestrictionDecision.objects.get()
    assert (decision.title, decision.restricted, decision.user, decision.date) == (item.title, True, officer, item.meeting.date)
    # Officers read the remembered decisions; nobody edits one by hand.
    assert officer_client.get(reverse("admin:meetings_restrictiondecision_changelist")).status_code == 200
    assert officer_client.get(reverse("admin:meetings_restrictiondecision_add")).status_code == 403


def test_reparse_of_minutes_that_state_no_date_keeps_the_meetings_date(officer_client):
    """Imported from the table view with the officer's date, the stored file re-parses onto the same meeting."""
    html = preview(officer_client, files=[undated()]).content.decode()
    officer_client.post(CONFIRM_URL, ConfirmForm(html).replace("f0-date", "2012-08-14").data())
    meeting = Meeting.objects.get()

    response = officer_client.post(reverse("admin:meetings_meeting_changelist"), {
        "action": "reparse_from_stored_document", "_selected_action": [meeting.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="2012-08-14"' in html

    officer_client.post(CONFIRM_URL, ConfirmForm(html).data())
    assert ImportRun.objects.filter(via="reparse", outcome="replaced", meeting=meeting).count() == 1
    assert Meeting.objects.get().date.isoformat() == "2012-08-14"


def test_ticking_restricted_on_the_meetings_page_is_remembered(officer_client, officer):
    """The meeting page's item rows record the decision too (only for the rows whose flag changed)."""
    from meetings.models import RestrictionDecision
    from tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory()
    items = [AgendaItemFactory(meeting=meeting, position=n, title=f"Item {n}") for n in (1, 2)]
    data = {"body": meeting.body_id, "date": meeting.date.isoformat(), "venue": meeting.venue, "status": meeting.status,
            "source_filename": "", "source_text": "",
            "items-TOTAL_FORMS": 2, "items-INITIAL_FORMS": 2, "attendance-TOTAL_FORMS": 0, "attendance-INITIAL_FORMS": 0}
    for n, item in enumerate(items):
        data.update({f"items-{n}-id": item.pk, f"items-{n}-meeting": meeting.pk, f"items-{n}-position": item.position,
                     f"items-{n}-number": item.number, f"items-{n}-title": item.title, f"items-{n}-restriction_note": ""})
    data["items-1-is_restricted"] = "on"

    response = officer_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(RestrictionDecision.objects.values_list("title", "restricted", "user")) == [("Item 2", True, officer.pk)]


def test_a_zip_bomb_upload_is_refused_in_the_preview_and_recorded(officer_client):
    """The 300 MB bomb that used to kill the worker: a message naming file, limit and size; a failed run."""
    from tests.minutes.test_limits import bomb_docx

    response = preview(officer_client, files=[upload("bomb.docx", bomb_docx(300 * 1024 * 1024))])
    assert response.status_code == 200
    assert "bomb.docx: the Word document, uncompressed, is 300.8 MB, over the limit of 100 MB" in response.content.decode()
    assert archive_counts()[:-1] == [0, 0, 0, 0, 0, 0]
    run = ImportRun.objects.get()
    assert (run.outcome, run.via, run.filename) == ("failed", "admin", "bomb.docx")
