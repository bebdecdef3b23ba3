"""A person page is bounded (issue 12): figures over every meeting, the meetings 50 a page, newest first."""
import datetime as dt

import pytest

from meetings.models import Attendance
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regular():
    """Someone minuted at 60 published meetings (2020-2021: 55 present for one organisation, 5
    apologies) and present at one unpublished meeting that the public must not count."""
    person = PersonFactory(name="Avery Regular")
    organisation = OrganisationFactory(name="Tees Fire Service")
    for n in range(60):
        AttendanceFactory(
            person=person, meeting=MeetingFactory(date=dt.date(2020, 1, 1) + dt.timedelta(days=7 * n)),
            role=Attendance.Role.APOLOGIES if n % 12 == 0 else Attendance.Role.PRESENT,
            organisation=organisation,
        )
    AttendanceFactory(person=person, meeting=MeetingFactory(date=dt.date(2022, 6, 1), is_published=False),
                      organisation=organisation)
    return person


def test_figures_count_every_visible_meeting_but_the_page_holds_fifty(client, regular):
    """Page 1: counts over all 60 visible meetings, and the 50 newest meetings listed."""
    response = client.get(regular.get_absolute_url())
    assert response.status_code == 200
    summary, page = response.context["summary"], response.context["page"]
    assert (summary["attended"], summary["apologies"]) == (55, 5)
    assert summary["organisations"] == [("Tees Fire Service", "/organisations/tees-fire-service/", 55)]
    assert [year for year, _, _ in summary["years"]] == [2020, 2021]
    assert summary["first"] == dt.date(2020, 1, 8) and summary["last"] == dt.date(2021, 2, 17)
    assert len(page.object_list) == 50 and page.paginator.count == 60
    dates = [row.meeting.date for row in page.object_list]
    assert dates == sorted(dates, reverse=True) and dates[0] == dt.date(2021, 2, 17)
    assert "2022" not in [str(year) for year, _ in response.context["by_year"]]
    assert b'href="?page=2"' in response.content


def test_second_page_holds_the_oldest(client, regular):
    """Page 2: the ten oldest meetings; a page past the end is a 404."""
    response = client.get(regular.get_absolute_url() + "?page=2")
    assert [row.meeting.date for row in response.context["page"].object_list][-1] == dt.date(2020, 1, 1)
    assert len(response.context["page"].object_list) == 10
    assert client.get(regular.get_absolute_url() + "?page=3").status_code == 404
