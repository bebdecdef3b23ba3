"""People A–Z by surname, organisations by name; a merged record's old address redirects (301)."""
import re

import pytest

from meetings.merges import merge_undo, organisation_merge, person_merge
from meetings.models import Meeting
from people.models import SlugRedirect
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def names_listed(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="[^"]+">([^<]+)</a>', page)


def test_people_are_listed_by_surname_with_honorifics_shown_not_sorted_on(client):
    meeting = MeetingFactory()
    for name, honorific in [("Steve Nelson", "Cllr"), ("Marc Anderson", "Insp"), ("Sarah Bowman-Abouna", ""),
                            ("Ann McCoy", "Cllr"), ("Cunningham", ""), ("Zoe Able", "Dr")]:
        AttendanceFactory(meeting=meeting, person=PersonFactory(name=name, honorific=honorific))
    page = client.get("/people/").content.decode()
    assert names_listed(page) == ["Dr Zoe Able", "Insp Marc Anderson", "Sarah Bowman-Abouna", "Cunningham",
                                  "Cllr Ann McCoy", "Cllr Steve Nelson"]


def test_organisations_are_listed_by_name(client):
    meeting = MeetingFactory()
    for name in ["Thirteen Group", "Cleveland Police", "Office of the Police and Crime Commissioner"]:
        AttendanceFactory(meeting=meeting, organisation=OrganisationFactory(name=name))
    page = client.get("/organisations/").content.decode()
    listed = re.findall(r'href="/organisations/[^"]+/">([^<]+)</a>', page)
    assert listed == ["Cleveland Police", "Office of the Police and Crime Commissioner", "Thirteen Group"]


@pytest.fixture
def willingham():
    keep, dup = PersonFactory(name="David Willingham"), PersonFactory(name="Dave Willingham")
    AttendanceFactory(person=keep, meeting=MeetingFactory())
    AttendanceFactory(person=dup, meeting=MeetingFactory())
    assert dup.slug == "dave-willingham"
    return keep, dup


def test_merged_person_address_redirects_permanently_and_undo_removes_it(client, willingham):
    keep, dup = willingham
    [record] = person_merge(keep=keep, duplicates=[dup]).records
    response = client.get("/people/dave-willingham/")
    assert response.status_code == 301 and response["Location"] == "/people/david-willingham/"
    assert client.get(response["Location"]).status_code == 200

    merge_undo(record=record)
    assert not SlugRedirect.objects.exists()
    assert client.get("/people/dave-willingham/").status_code == 200  # its own page again


def test_merging_the_kept_record_again_carries_the_old_addresses_along(client, willingham):
    """Dave into David, then David into "D. Willingham": both old addresses reach the last record."""
    keep, dup = willingham
    person_merge(keep=keep, duplicates=[dup])
    last = PersonFactory(name="D Willingham")
    AttendanceFactory(person=last, meeting=MeetingFactory())
    [record] = person_merge(keep=last, duplicates=[keep]).records
    for old in ("dave-willingham", "david-willingham"):
        response = client.get(f"/people/{old}/")
        assert response.status_code == 301 and response["Location"] == f"/people/{last.slug}/"
    merge_undo(record=record)
    restored = client.get("/people/dave-willingham/")
    assert restored.status_code == 301 and restored["Location"] == "/people/david-willingham/"


def test_redirect_never_leads_to_someone_the_reader_may_not_know_of(client, willingham):
    """The kept record is known only from a meeting awaiting review: the old address is a plain 404."""
    keep, dup = willingham
    person_merge(keep=keep, duplicates=[dup])
    Meeting.objects.filter(attendance__person=keep).update(is_published=False)
    assert client.get("/people/dave-willingham/").status_code == 404
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_a_live_slug_wins_over_a_redirect(client, willingham):
    keep, dup = willingham
    person_merge(keep=keep, duplicates=[dup])
    newcomer = PersonFactory(name="Dave Willingham")  # the address is free again
    AttendanceFactory(person=newcomer, meeting=MeetingFactory())
    assert newcomer.slug == "dave-willingham"
    assert client.get("/people/dave-willingham/").status_code == 200


def test_merged_organisation_address_redirects_and_undo_removes_it(client):
    keep, dup = OrganisationFactory(name="Cleveland Police"), OrganisationFactory(name="Police")
    AttendanceFactory(organisation=keep)
    AttendanceFactory(organisation=dup)
    [record] = organisation_merge(keep=keep, duplicates=[dup]).records
    response = client.get(f"/organisations/{dup.slug}/")
    assert response.status_code == 301 and response["Location"] == f"/organisations/{keep.slug}/"
    merge_undo(record=record)
    assert client.get(f"/organisations/{dup.slug}/").status_code == 200
