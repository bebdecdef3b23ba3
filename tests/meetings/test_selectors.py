"""Selectors and filters: what each kind of user gets, and that filters never reveal restricted text."""
import datetime as dt

import pytest

from meetings import selectors
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    old = MeetingFactory(date=dt.date(2019, 11, 22))
    new = MeetingFactory(date=dt.date(2020, 1, 28))
    AgendaItemFactory(meeting=old, title="Anti-social behaviour", minute="Fly-tipping in Norton.")
    AgendaItemFactory(meeting=new, title="Recorded crime", minute="Crime figures.")
    secret = AgendaItemFactory(meeting=new, title="Prevent update", minute="Operation Zephyr canary.", is_restricted=True)
    ResolutionFactory(item=secret, text="the Zephyr report be noted.")
    ResolutionFactory(item=new.items.get(title="Recorded crime"), text="the crime report be noted.")
    return old, new


def test_counts_hide_restricted_items_but_say_how_many_were_withheld(anonymous, partner, archive):
    _, new = archive
    public = selectors.meetings_with_counts(user=anonymous).get(pk=new.pk)
    assert (public.n_items, public.n_withheld) == (1, 1)
    full = selectors.meetings_with_counts(user=partner).get(pk=new.pk)
    assert (full.n_items, full.n_withheld) == (2, 0)


def test_keyword_never_matches_restricted_text_for_the_public(anonymous, partner, archive):
    """Searching for a word only found in a restricted item must not list its meeting publicly."""
    assert list(selectors.meeting_list(user=anonymous, filters={"q": "Zephyr"})) == []
    assert [m.date for m in selectors.meeting_list(user=partner, filters={"q": "Zephyr"})] == [dt.date(2020, 1, 28)]
    assert list(selectors.resolution_list(user=anonymous, filters={"q": "Zephyr"})) == []
    assert selectors.resolution_list(user=partner, filters={"q": "Zephyr"}).count() == 1


def test_meeting_filters_by_year_and_date_range(anonymous, archive):
    assert [m.date.year for m in selectors.meeting_list(user=anonymous, filters={"year": "2019"})] == [2019]
    got = selectors.meeting_list(user=anonymous, filters={"date_from": "2020-01-01", "date_to": "2020-12-31"})
    assert [m.date for m in got] == [dt.date(2020, 1, 28)]


def test_person_and_organisation_filters(anonymous, archive):
    old, new = archive
    person, org = PersonFactory(name="Steve Nelson"), OrganisationFactory(name="Cleveland Police")
    AttendanceFactory(meeting=old, person=person, organisation=org)
    assert [m.pk for m in selectors.meeting_list(user=anonymous, filters={"person": person.slug})] == [old.pk]
    assert [m.pk for m in selectors.meeting_list(user=anonymous, filters={"organisation": org.slug})] == [old.pk]
    assert list(selectors.resolution_list(user=anonymous, filters={"person": person.slug})) == []


def test_meeting_items_prefetch_only_visible_resolutions(anonymous, partner, archive):
    _, new = archive
    assert [i.title for i in selectors.meeting_items(user=anonymous, meeting=new)] == ["Recorded crime"]
    items = list(selectors.meeting_items(user=partner, meeting=new))
    assert [len(i.resolutions.all()) for i in items] == [1, 1]
