"""A small archive for the download and API tests: one restricted item, formula-like resolution texts,
attendance with an organisation, a capacity and an unmatched affiliation."""
import datetime as dt
from types import SimpleNamespace

import pytest

from meetings.models import Attendance
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    ResolutionFactory,
)

FORMULA_TEXTS = ['=HYPERLINK("http://evil.example/","Click")', "+44 1642 000000", "-1+2", "@SUM(A1:A9)"]


@pytest.fixture
def archive(db):
    old = MeetingFactory(date=dt.date(2019, 11, 22))
    new = MeetingFactory(date=dt.date(2020, 1, 28))
    asb = AgendaItemFactory(meeting=old, position=1, number="SSP 1/19", title="Anti-social behaviour")
    crime = AgendaItemFactory(meeting=new, position=1, number="SSP 1/20", title="Recorded crime")
    secret = AgendaItemFactory(meeting=new, position=2, number="SSP 2/20", title="Prevent update", is_restricted=True)
    ResolutionFactory(item=asb, position=1, text="the fly-tipping report be noted.")
    for position, text in enumerate(FORMULA_TEXTS, start=1):
        ResolutionFactory(item=crime, position=position, text=text)
    ResolutionFactory(item=secret, position=1, text="the Zephyr report be noted.")

    police = OrganisationFactory(name="Cleveland Police", short_name="CP")
    steve = PersonFactory(name="Steve Nelson", honorific="Supt")
    jo = PersonFactory(name="Jo Smith")
    AttendanceFactory(meeting=old, person=steve, organisation=police, position=1,
                      capacity=Attendance.Capacity.CHAIR)
    AttendanceFactory(meeting=new, person=jo, position=1, affiliation="Tees Valley CRC")
    AttendanceFactory(meeting=new, person=steve, organisation=police, position=2, role=Attendance.Role.APOLOGIES)
    return SimpleNamespace(old=old, new=new, asb=asb, crime=crime, secret=secret, police=police, steve=steve, jo=jo)
