"""The admin's review workflow: queue, warnings on the meeting page, preview as the public, publish, restrict."""
import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem, ImportRun, Meeting
from meetings.publication import PUBLISHED_REASON
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, user_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def pending():
    meeting = Meeting.objects.create(body=BodyFactory(), date=dt.date(2024, 6, 4), venue="Hall")
    AgendaItemFactory(meeting=meeting, position=1, title="Fly-tipping in Norton")
    AgendaItemFactory(meeting=meeting, position=2, title="Gang Mapping Briefing", is_restricted=True,
                      restriction_note="Police intelligence")
    ImportRun.objects.create(via="command", filename="ssp-2024-06-04.txt", meeting=meeting, outcome="imported",
                             warnings=["Item 2: looks restricted (\u201cconfidential\u201d)"])
    return meeting


def url(name, meeting):
    return reverse(f"admin:meetings_meeting_{name}", args=[meeting.pk])


def test_the_review_queue_lists_meetings_awaiting_review_oldest_first(officer_client, pending):
    """Published meetings are not in the queue; the longest waiting comes first."""
    MeetingFactory(date=dt.date(2024, 7, 1))  # published
    newer = Meeting.objects.create(body=pending.body, date=dt.date(2023, 1, 10))  # imported after `pending`
    page = officer_client.get(reverse("admin:meetings_meetingawaitingreview_changelist")).content.decode()
    rows = re.findall(r'href="/admin/meetings/meeting/(\d+)/change/"', page)
    assert rows == [str(pending.pk), str(newer.pk)]
    assert "Gang Mapping" not in page and ">1<" in page  # counts, not titles


def test_the_meeting_page_shows_its_parser_warnings_and_publication_state(officer_client, pending):
    page = officer_client.get(url("change", pending)).content.decode()
    assert "looks restricted" in page
    assert "Awaiting review" in page
    assert url("preview", pending) in page and url("publish", pending) in page


def test_preview_renders_the_public_page_as_an_anonymous_visitor(officer_client, pending):
    """The officer sees the public's page: the public item, the restricted one withheld, not signed in."""
    response = officer_client.get(url("preview", pending))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fly-tipping in Norton" in page and "Gang Mapping" not in page
    assert "1 restricted item is not published" in page
    assert "This is how the public will see it" in page and "Signed in as" not in page
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"
    # Officers only: the meeting itself is still a 404 for everyone else.
    assert Client().get(pending.get_absolute_url()).status_code == 404


def test_preview_is_for_officers_only(client, django_user_model, partner, pending):
    client.force_login(partner)
    assert client.get(url("preview", pending)).status_code == 302  # to the admin's login: not staff
    staff = django_user_model.objects.create_user("clerk", password="a-long-test-password", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(staff)
    assert client.get(url("preview", pending)).status_code == 403


def test_publish_button_confirms_listing_restricted_items_and_warnings_then_publishes(officer_client, officer, pending):
    page = officer_client.get(url("publish", pending)).content.decode()
    assert "Gang Mapping Briefing" in page and "Police intelligence" in page and "looks restricted" in page
    assert not Meeting.objects.get(pk=pending.pk).is_published  # a GET changes nothing

    response = officer_client.post(url("publish", pending))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_published and pending.published_by == officer
    assert pending.history.first().history_change_reason == PUBLISHED_REASON
    assert Client().get(pending.get_absolute_url()).status_code == 200

    assert "Unpublish" in officer_client.get(url("change", pending)).content.decode()
    officer_client.post(url("unpublish", pending))
    pending.refresh_from_db()
    assert not pending.is_published


def test_the_publish_action_confirms_first(officer_client, pending):
    other = Meeting.objects.create(body=pending.body, date=dt.date(2024, 9, 3))
    changelist = reverse("admin:meetings_meeting_changelist")
    data = {"action": "publish_selected", "_selected_action": [pending.pk, other.pk]}
    page = officer_client.post(changelist, {**data, "index": 0}).content.decode()
    assert "Gang Mapping Briefing" in page and "Yes, publish" in page
    assert Meeting.objects.filter(is_published=True).count() == 0
    officer_client.post(changelist, {**data, "confirm": "yes"})
    assert Meeting.objects.filter(is_published=True).count() == 2


def test_only_officers_may_publish(client, django_user_model, pending):
    """A staff user who may edit meetings but not see unpublished ones cannot publish."""
    staff = django_user_model.objects.create_user("clerk", password="a-long-test-password", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_meeting", "change_meeting"]))
    client.force_login(staff)
    assert client.post(url("publish", pending)).status_code == 403
    client.post(reverse("admin:meetings_meeting_changelist"),
                {"action": "publish_selected", "_selected_action": [pending.pk], "confirm": "yes"})
    pending.refresh_from_db()
    assert not pending.is_published


def test_bulk_restrict_and_unrestrict_items(officer_client, pending):
    changelist = reverse("admin:meetings_agendaitem_changelist")
    items = list(pending.items.order_by("position"))
    officer_client.post(changelist, {"action": "mark_restricted", "_selected_action": [items[0].pk], "index": 0})
    assert list(pending.items.order_by("position").values_list("is_restricted", flat=True)) == [True, True]
    officer_client.post(changelist, {"action": "mark_not_restricted", "index": 0,
                                     "_selected_action": [i.pk for i in items]})
    assert list(AgendaItem.objects.values_list("is_restricted", "restriction_note")) == [(False, ""), (False, "")]


def test_partners_have_no_review_queue(client, partner):
    staff_partner = user_in_group("Partners", username="staff-partner", staff=True)
    client.force_login(staff_partner)
    assert client.get(reverse("admin:meetings_meetingawaitingreview_changelist")).status_code == 403
