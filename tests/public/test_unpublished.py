"""Meetings awaiting review in the visible querysets and counts: officers only, and never counted for others."""
import pytest
from django.contrib.auth.models import AnonymousUser

from meetings import selectors
from meetings.models import AgendaItem, Attendance, Declaration, Meeting, Resolution
from meetings.visibility import PublicPreview

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user("resident", password="a-long-test-password")


def visible_counts(user) -> dict:
    return {model.__name__: model.objects.visible_to(user).count()
            for model in (Meeting, AgendaItem, Resolution, Attendance, Declaration)}


def test_a_meeting_awaiting_review_is_counted_for_officers_only(archive, pending, plain_user, partner, officer):
    """Every visible queryset leaves the pending meeting out for the public, plain users and partners."""
    public = {"Meeting": 3, "AgendaItem": 5, "Resolution": 4, "Attendance": 10, "Declaration": 1}
    assert visible_counts(AnonymousUser()) == public
    assert visible_counts(None) == public
    assert visible_counts(plain_user) == public
    # Partners: the canary (restricted, published) and its resolution and declaration, nothing pending.
    assert visible_counts(partner) == {"Meeting": 3, "AgendaItem": 6, "Resolution": 5, "Attendance": 10,
                                       "Declaration": 2}
    assert visible_counts(officer) == {"Meeting": 4, "AgendaItem": 8, "Resolution": 7, "Attendance": 12,
                                       "Declaration": 3}


def test_home_figures_and_people_counts_leave_out_meetings_awaiting_review(archive, pending, partner, officer):
    """Headline figures, and a person's meeting count, count only the meetings the user may see."""
    for user, meetings, people, organisations, chair_count in (
        (None, 3, 4, 2, 3), (partner, 3, 4, 2, 3), (officer, 4, 5, 3, 4),
    ):
        figures = selectors.archive_figures(user=user)
        assert (figures["meetings"], figures["people"], figures["organisations"]) == (meetings, people, organisations)
        [chair] = selectors.person_counts(user=user, people=selectors.person_list(user=user).filter(pk=archive.chair.pk))
        assert chair.n_attended == chair_count
        assert chair.last_date == (pending.meeting.date if user is officer else archive.later.date)
    [police] = selectors.organisation_counts(
        user=None, organisations=selectors.organisation_list(user=None).filter(pk=archive.police.pk))
    assert police.n_meetings == 3
    assert not selectors.organisation_list(user=None).filter(pk=pending.organisation.pk).exists()


def test_linked_meetings_awaiting_review_are_not_named(client, officer_client, archive, pending):
    """`later` had its minutes approved at the pending meeting: the public page does not say where."""
    public = client.get(archive.later.get_absolute_url()).content.decode()
    assert "10 May 2022" not in public
    assert "10 May 2022" in officer_client.get(archive.later.get_absolute_url()).content.decode()


def test_a_preview_sees_its_one_meeting_as_the_public_would(archive, pending):
    """The officer's preview user sees the previewed meeting without its restricted item, and nothing else pending."""
    other = Meeting.objects.create(body=archive.body, date=pending.meeting.date.replace(day=20))
    preview = PublicPreview(pending.meeting.pk)
    assert set(Meeting.objects.visible_to(preview)) == {archive.old, archive.new, archive.later, pending.meeting}
    assert other not in Meeting.objects.visible_to(preview)
    items = AgendaItem.objects.visible_to(preview)
    assert pending.item in items and pending.secret not in items and archive.canary not in items
    assert not preview.is_authenticated
