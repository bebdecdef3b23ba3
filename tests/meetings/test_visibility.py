"""The one visibility method: anonymous users never see restricted items; partners and officers do."""
import pytest

from meetings.models import AgendaItem, Declaration, Meeting, Resolution
from meetings.visibility import can_view_restricted
from tests.factories import AgendaItemFactory, DeclarationFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_restricted_item():
    meeting = MeetingFactory()
    public = AgendaItemFactory(meeting=meeting, title="Recorded crime")
    restricted = AgendaItemFactory(meeting=meeting, title="iQuanta comparison", is_restricted=True)
    ResolutionFactory(item=public, text="the report be noted.")
    ResolutionFactory(item=restricted, text="the restricted report be noted.")
    DeclarationFactory(item=public, text="interest in a public item")
    DeclarationFactory(item=restricted, text="interest declared inside a restricted item")
    DeclarationFactory(item=public, relates_to=restricted, relates_to_number=restricted.number,
                       text="interest relating to a restricted item")
    return meeting


def test_anonymous_sees_no_restricted_item_resolution_or_declaration(anonymous, meeting_with_restricted_item):
    assert not can_view_restricted(anonymous)
    assert list(AgendaItem.objects.visible_to(anonymous).values_list("title", flat=True)) == ["Recorded crime"]
    assert list(Resolution.objects.visible_to(anonymous).values_list("text", flat=True)) == ["the report be noted."]
    assert list(Declaration.objects.visible_to(anonymous).values_list("text", flat=True)) == [
        "interest in a public item"
    ]


def test_none_user_is_treated_as_the_public(meeting_with_restricted_item):
    assert AgendaItem.objects.visible_to(None).count() == 1


def test_partner_sees_everything(partner, meeting_with_restricted_item):
    assert can_view_restricted(partner)
    assert AgendaItem.objects.visible_to(partner).count() == 2
    assert Resolution.objects.visible_to(partner).count() == 2
    assert Declaration.objects.visible_to(partner).count() == 3


def test_officer_sees_everything(officer, meeting_with_restricted_item):
    assert can_view_restricted(officer)
    assert AgendaItem.objects.visible_to(officer).count() == 2
    assert Resolution.objects.visible_to(officer).count() == 2
    assert Declaration.objects.visible_to(officer).count() == 3


def test_logged_in_user_without_the_permission_is_public(django_user_model, meeting_with_restricted_item):
    """Being logged in is not enough: the permission decides."""
    user = django_user_model.objects.create_user("resident", password="a-long-test-password")
    assert AgendaItem.objects.visible_to(user).count() == 1
    assert Resolution.objects.visible_to(user).count() == 1


def test_inactive_partner_sees_nothing_restricted(partner, meeting_with_restricted_item):
    partner.is_active = False
    partner.save()
    assert AgendaItem.objects.visible_to(partner).count() == 1


def test_meetings_themselves_are_public(anonymous, meeting_with_restricted_item):
    assert Meeting.objects.visible_to(anonymous).count() == 1
