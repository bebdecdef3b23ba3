"""Officers' wording (issue 13): counted nouns agree ("1 warning"), file names are shown as uploaded,
and the import never says an item "will be PUBLISHED" while restricting it."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.admin_import import ImportRunAdmin
from meetings.imports import minutes_file_import, minutes_import_plan
from meetings.imports.documents import minutes_document_read
from meetings.imports.messages import KEPT_RESTRICTED, OFFICER_RESTRICTED
from meetings.models import Body, ImportRun
from meetings.wording import counted
from tests.meetings.test_import_admin import CONFIRM_URL, ConfirmForm, preview

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "tests/minutes/fixtures/restriction_in_titles_and_minutes.txt"
# The parser says SSP 10/19 "will be PUBLISHED" (a restricted report mentioned as if separate).
PUBLISHED_ITEM = "SSP 10/19"


@pytest.mark.parametrize("n, noun, expected", [
    (0, "warning", "0 warnings"), (1, "warning", "1 warning"), (2, "warning", "2 warnings"),
    (1, "spelling", "1 spelling"), (3, "spelling", "3 spellings"), (1, "person", "1 person"),
    (2, "person", "2 people"), (1200, "item", "1,200 items"),
])
def test_counted_nouns_agree(n, noun, expected):
    assert counted(n, noun) == expected


def test_import_run_summary_says_1_warning_not_1_warnings():
    run = ImportRun(outcome="imported", counts={"items": 1, "restricted": 0, "attendance": 3},
                    warnings=["one"], suggestions=["a"])
    summary = ImportRunAdmin.summary(None, run)
    assert summary == "1 item (0 restricted), 3 attending, 1 warning, 1 suggestion"


def _body():
    return Body.objects.get(slug="safer-stockton-partnership")


def test_messages_show_the_file_name_as_uploaded(client, officer):
    """Django's admin capitalises each message (|capfirst): "H4-2025-moderngov.txt: imported". Not here."""
    client.force_login(officer)
    name = "h4-2019-restrictions.txt"
    response = preview(client, files=[SimpleUploadedFile(name, FIXTURE.read_bytes())])
    form = ConfirmForm(response.content.decode())
    page = client.post(CONFIRM_URL, form.data(), follow=True).content.decode()
    assert f"{name}: imported" in page
    assert name.capitalize() not in page


def test_reimport_never_says_published_for_an_item_kept_restricted(officer):
    """An officer restricted SSP 10/19 at import; re-parsing the same document keeps it restricted and
    says so, without the parser's contradicting "the item will be PUBLISHED"."""
    content = FIXTURE.read_bytes()
    document = minutes_document_read(filename=FIXTURE.name, content=content, item_prefix="SSP")
    assert any(PUBLISHED_ITEM in w and "PUBLISHED" in w for w in document.parsed.warnings)  # the premise
    flags = {n: item.restricted for n, item in enumerate(document.parsed.items, start=1)}
    position = next(n for n, item in enumerate(document.parsed.items, start=1) if item.number == PUBLISHED_ITEM)
    flags[position] = True

    result = minutes_file_import(filename=FIXTURE.name, content=content, user=officer, body=_body(), restricted=flags)
    assert OFFICER_RESTRICTED.format(item=PUBLISHED_ITEM) in result.run.warnings
    assert not [w for w in result.run.warnings if "PUBLISHED" in w and w.startswith(f"item {PUBLISHED_ITEM}")]

    plan = minutes_import_plan(document=document, body=_body(), replace=True)
    item = plan.items[position - 1]
    assert item.restricted
    assert KEPT_RESTRICTED.format(item=PUBLISHED_ITEM) in plan.warnings
    assert not [w for w in plan.warnings if "PUBLISHED" in w and w.startswith(f"item {PUBLISHED_ITEM}")]


def test_the_published_warning_stays_while_the_item_is_published():
    """Nothing restricted it: the parser's warning is the officer's only cue, so it stays."""
    document = minutes_document_read(filename=FIXTURE.name, content=FIXTURE.read_bytes(), item_prefix="SSP")
    plan = minutes_import_plan(document=document, body=_body())
    assert [w for w in plan.warnings if "PUBLISHED" in w and w.startswith(f"item {PUBLISHED_ITEM}")]


def test_preview_hides_the_restriction_note_of_an_unticked_item(client, officer):
    """The "why restricted" note is tied to the row's state by the stylesheet: unticked, it is hidden."""
    client.force_login(officer)
    html = preview(client, files=[SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())]).content.decode()
    assert 'class="help restriction-why"' in html
    css = (Path(settings.BASE_DIR) / "static/admin-archive/admin.css").read_text()
    assert ".import-table tr:not(.restricted) .restriction-why { display: none; }" in css


def test_unticking_restricted_in_the_admin_clears_the_note(client, officer):
    """The item's note says why it is restricted: unticked, it goes (the old one stays in its history)."""
    from tests.factories import AgendaItemFactory

    officer.is_superuser = True
    officer.save()
    item = AgendaItemFactory(is_restricted=True, restriction_note="Police intelligence")
    client.force_login(officer)
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {"meeting": item.meeting_id, "position": item.position, "number": item.number, "title": item.title,
            "minute": item.minute, "restriction_note": "Police intelligence"}
    data.update({f"{inline}-{count}": "0" for inline in ("resolutions", "declarations", "reports", "expected_reports")
                 for count in ("TOTAL_FORMS", "INITIAL_FORMS")})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert (item.is_restricted, item.restriction_note) == (False, "")
    assert item.history.filter(restriction_note="Police intelligence").exists()


def test_the_parser_says_1_more_warning_not_1_more_warnings():
    from meetings.minutes.warninglog import MAX_PER_KIND, WarningLog

    log = WarningLog()
    for n in range(MAX_PER_KIND + 1):
        log.add("items", f"warning {n}")
    assert log.as_tuple()[-1] == "1 more warning like the ones about items was left out"


def test_re_uploading_an_imported_file_does_not_contradict_itself(client, officer):
    """The officer restricted SSP 10/19 at import; uploading the same file again previews it as
    restricted (kept) and never also as "will be PUBLISHED"."""
    client.force_login(officer)
    html = preview(client, files=[SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())]).content.decode()
    form = ConfirmForm(html)
    document = minutes_document_read(filename=FIXTURE.name, content=FIXTURE.read_bytes(), item_prefix="SSP")
    position = next(n for n, item in enumerate(document.parsed.items, start=1) if item.number == PUBLISHED_ITEM)
    client.post(CONFIRM_URL, form.data(add=[("f0-restricted", str(position))]))
    assert ImportRun.objects.get().meeting.items.get(position=position).is_restricted

    again = preview(client, files=[SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())]).content.decode()
    lines = [line for line in again.splitlines() if PUBLISHED_ITEM in line]
    assert not [line for line in lines if "will be PUBLISHED" in line], lines
