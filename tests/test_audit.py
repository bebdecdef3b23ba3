"""Audit: history on everything officers change, no phantom changes from the admin, never "None" as a reason."""
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from people.models import OrganisationAlias, PersonAlias
from ssp_archive.audit import normalise_newlines
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    OrganisationFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


class FormData(HTMLParser):
    """What a browser would submit from the page's main form: inputs, checked boxes, selects, textareas
    (textarea text with CRLF line endings, as browsers send it)."""

    def __init__(self, html):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self._select, self.data[name] = name, ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Django starts a textarea with a newline browsers drop; browsers submit CRLF.
            text = self.data[self._textarea]
            self.data[self._textarea] = text[1:] if text.startswith("\n") else text
            self.data[self._textarea] = self.data[self._textarea].replace("\n", "\r\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_entityref(self, name):
        self.handle_data(unescape(f"&{name};"))


def submit_unchanged(client, change_url, **changes):
    data = FormData(client.get(change_url).content.decode()).data
    data.update(changes)
    data["_save"] = "Save"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def item():
    item = AgendaItemFactory(title="Anti-social behaviour",
                             minute="Fly-tipping in Norton had fallen.\n\nAGREED that the report be noted.")
    ResolutionFactory(item=item, text="the report be noted.\nAnd a second line.")
    DeclarationFactory(item=item, text="declared a personal interest\nas a landlord.")
    return item


def test_people_organisations_aliases_attendance_and_declarations_have_history():
    person, organisation = PersonFactory(), OrganisationFactory()
    PersonAlias.objects.create(person=person, name="Dave Smith")
    OrganisationAlias.objects.create(organisation=organisation, name="SBC")
    attendance = AttendanceFactory(person=person, organisation=organisation)
    declaration = DeclarationFactory(person=person)
    for record in (person, organisation, attendance, declaration, *person.aliases.all(), *organisation.aliases.all()):
        assert record.history.count() == 1, type(record).__name__
    attendance.role = "apologies"
    attendance.save()
    assert attendance.history.first().prev_record.role == "present"


def test_saving_an_untouched_item_in_the_admin_changes_nothing(client, officer, item):
    """The browser sends CRLF; the stored text is LF: no save, no historical record, text unchanged."""
    client.force_login(officer)
    before = {m: m.history.count() for m in (item, item.resolutions.get(), item.declarations.get())}
    submit_unchanged(client, reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    assert {m: m.history.count() for m in before} == before
    item.refresh_from_db()
    assert "\r" not in item.minute


def test_an_edit_in_the_admin_stores_lf_and_records_a_reason(client, officer, item):
    client.force_login(officer)
    change_url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    submit_unchanged(client, change_url, title="Anti-social behaviour in Norton",
                     minute="First line.\r\nSecond line.\rThird.")
    item.refresh_from_db()
    assert item.minute == "First line.\nSecond line.\nThird."
    record = item.history.first()
    assert record.history_user == officer
    assert record.history_change_reason.startswith("Changed in the admin: ")
    assert "Title" in record.history_change_reason


def test_the_history_page_never_shows_none(client, officer, item):
    """Records made outside the admin (imports, commands) have no reason or user: shown as "—", never "None"."""
    client.force_login(officer)
    item.title = "Edited by a command"
    item.save()
    page = client.get(reverse("admin:meetings_agendaitem_history", args=[item.pk])).content.decode()
    assert "Edited by a command" in page
    assert not re.search(r"<td>\s*None\s*</td>", page)


@pytest.mark.parametrize("model", ["person", "organisation"])
def test_people_admin_saves_untouched_records_without_history(client, officer, model):
    client.force_login(officer)
    obj = PersonFactory() if model == "person" else OrganisationFactory()
    submit_unchanged(client, reverse(f"admin:people_{model}_change", args=[obj.pk]))
    assert obj.history.count() == 1
    assert client.get(reverse(f"admin:people_{model}_history", args=[obj.pk])).status_code == 200


def test_normalise_newlines():
    assert normalise_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"
