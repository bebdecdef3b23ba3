"""The officers' admin: every list and form renders, and restricted items are flagged in lists."""
import pytest
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["meeting", "agendaitem", "resolution", "attendance", "declaration", "body"]


@pytest.fixture
def data():
    item = AgendaItemFactory(title="Counter-terrorism update", is_restricted=True)
    ResolutionFactory(item=item)
    AttendanceFactory(meeting=item.meeting)
    DeclarationFactory(item=item)
    return item


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_change_form_render_for_officers(client, officer, data, model):
    client.force_login(officer)
    response = client.get(reverse(f"admin:meetings_{model}_changelist"))
    assert response.status_code == 200
    obj = {"meeting": data.meeting, "agendaitem": data, "resolution": data.resolutions.first(),
           "attendance": data.meeting.attendance.first(), "declaration": data.declarations.first(),
           "body": data.meeting.body}[model]
    assert client.get(reverse(f"admin:meetings_{model}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize("model", ["meeting", "agendaitem", "resolution"])
def test_restricted_items_are_flagged_in_lists(client, officer, data, model):
    client.force_login(officer)
    response = client.get(reverse(f"admin:meetings_{model}_changelist"))
    assert b"restricted" in response.content.lower().replace(b"is_restricted", b"")
    assert b"RESTRICTED" in response.content or b"1 restricted" in response.content


def test_partners_cannot_use_the_admin(client, partner):
    client.force_login(partner)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("model", ["person", "organisation"])
def test_people_admin_renders(client, officer, data, model):
    client.force_login(officer)
    assert client.get(reverse(f"admin:people_{model}_changelist")).status_code == 200
