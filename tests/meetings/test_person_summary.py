"""A person's per-year chart spans a plausible career, never a row per year to a stray date (issue 11)."""
import datetime as dt

import pytest

from meetings import selectors
from meetings.models import Attendance
from tests.factories import MeetingFactory, PersonFactory


@pytest.mark.django_db
@pytest.mark.parametrize("stray, expected_years", [
    (dt.date(2014, 5, 1), list(range(2012, 2021))),  # a gap year inside a career is shown as a gap
    (dt.date(9999, 12, 31), [2012, 2020, 9999]),  # a stray date: only the years the person was minuted in
])
def test_years_span_a_career_not_a_stray_date(stray, expected_years):
    person = PersonFactory()
    for date in (dt.date(2012, 3, 1), dt.date(2020, 6, 1), stray):
        Attendance.objects.create(meeting=MeetingFactory(date=date), person=person, role=Attendance.Role.PRESENT)
    years = [year for year, _counts, _attended in selectors.person_summary(user=None, person=person)["years"]]
    assert years == expected_years
