"""The anonymous page cache and conditional GET (ssp_archive/anonymous_cache.py), attacked.

These tests commit (transaction=True): the archive stamp is bumped by database triggers, on PostgreSQL
at commit, and the cache is never used inside an open transaction, as a test's usual one would be.
No serialized_rollback: restoring the migrations' rows clashes with content types another transactional
test's flush recreated, so the users' groups are made here when missing (`_user_with`).
"""
import datetime as dt
import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from meetings import publication
from meetings.demo import demo_archive_generate
from meetings.imports.service import minutes_import
from meetings.merges import person_merge
from meetings.models import AgendaItem, ArchiveStamp, Meeting, Resolution
from meetings.reports.services import report_attach, report_set_restricted
from people.models import Organisation, OrganisationAlias, Person
from ssp_archive.anonymous_cache import CACHE_HEADER, AnonymousCacheMiddleware, archive_stamp
from tests.factories import AgendaItemFactory, ParsedMinutesFactory, PersonFactory, minutes_document
from tests.reports.files import pdf_bytes

from .conftest import CANARY_STRINGS, CANARY_TITLE, PENDING_STRINGS, build_archive, build_pending

pytestmark = pytest.mark.django_db(transaction=True)

MEETING = "/meetings/2020-01-28/"
NONCE = re.compile(rb'nonce="([^"]+)"')
PUBLIC_URLS = ["/", "/meetings/", "/meetings/2020/", MEETING, f"{MEETING}items/2/", "/resolutions/",
               "/people/", "/organisations/", "/search/?q=crime", "/feeds/meetings.atom", "/feeds/meetings-2020.ics",
               f"{MEETING}calendar.ics", "/sitemap.xml", "/sitemap-items.xml", "/robots.txt", "/accessibility/"]


@pytest.fixture(autouse=True)
def empty_cache(empty_page_cache):
    """The anonymous page cache emptied around every test here (conftest's empty_page_cache)."""


@pytest.fixture
def archive(transactional_db):
    return build_archive()


def _user_with(group_name: str, username: str, *codenames: str, staff: bool = False):
    """A user in `group_name`, the group made if missing: a transactional test elsewhere (the browser
    tests) may have flushed the groups the migrations created, and restoring them is not assured."""
    from django.contrib.auth.models import Group, Permission, User

    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))
    user = User.objects.create_user(username, password="a-long-test-password", is_staff=staff)
    user.groups.add(group)
    return user


@pytest.fixture
def partner(transactional_db):
    return _user_with("Partners", "partner", "view_restricted")


@pytest.fixture
def officer(transactional_db):
    return _user_with("Democratic services", "officer", "view_restricted", "view_unpublished", staff=True)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_anonymous_request_is_served_from_the_cache(client, archive):
    for url in PUBLIC_URLS:
        first, second = get(client, url), get(client, url)
        assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit"), url
        assert NONCE.sub(b"", first.content) == NONCE.sub(b"", second.content), url
        assert second["Cache-Control"] == "private" and "Cookie" in second["Vary"], url
        assert second["Content-Type"] == first["Content-Type"]


def test_the_stamp_read_in_sql_is_the_orms_and_a_hit_costs_that_one_query(client, archive,
                                                                         django_assert_num_queries):
    """The stamp is read in plain SQL for speed: the same version and time (aware, UTC) as the ORM
    reads, after a write too; and a page from the cache costs that single query, nothing more."""
    orm = lambda: ArchiveStamp.objects.filter(pk=1).values_list("version", "changed_at").first()  # noqa: E731
    assert archive_stamp() == orm()
    AgendaItem.objects.filter(pk=AgendaItem.objects.order_by("pk").first().pk).update(title="Retitled")
    stamp = archive_stamp()
    assert stamp == orm() and stamp[1].utcoffset() == dt.timedelta(0)
    get(client, MEETING)
    with django_assert_num_queries(1):
        assert get(client, MEETING)[CACHE_HEADER] == "hit"
    ArchiveStamp.objects.all().delete()
    assert archive_stamp() is None
    assert get(client, MEETING)[CACHE_HEADER] == "bypass"


def test_a_cached_page_never_reuses_a_nonce(client, archive):
    """Each response has its own CSP nonce, the same in the header and in every script of the body."""
    seen = set()
    for _ in range(3):
        response = get(client, MEETING)
        nonces = set(NONCE.findall(response.content))
        assert len(nonces) == 1
        [nonce] = nonces
        assert f"'nonce-{nonce.decode()}'" in response["Content-Security-Policy"]
        seen.add(nonce)
    assert len(seen) == 3


def test_a_partners_page_never_lands_in_the_anonymous_cache(client, partner_client, archive):
    """The partner asks first; the public's next request is built afresh, without the restricted item."""
    partner = get(partner_client, MEETING)
    assert CANARY_TITLE in partner.content.decode() and partner[CACHE_HEADER] == "bypass"
    public = get(client, MEETING)
    assert public[CACHE_HEADER] == "miss"
    assert not any(canary in public.content.decode() for canary in CANARY_STRINGS)


def test_a_session_cookie_bypasses_the_cache_both_ways(client, partner_client, archive):
    """A warmed public page is not served to a partner, nor to anyone sending a session cookie."""
    get(client, MEETING), get(client, MEETING)
    partner = get(partner_client, MEETING)
    assert partner[CACHE_HEADER] == "bypass" and CANARY_TITLE in partner.content.decode()
    stranger = Client()
    stranger.cookies["sessionid"] = "not-a-real-session"
    assert get(stranger, MEETING)[CACHE_HEADER] == "bypass"
    assert "ETag" not in partner and "Last-Modified" not in partner


def test_admin_accounts_api_and_downloads_are_never_cached(client, archive):
    for url in ("/accounts/login/", "/api/events/", "/downloads/resolutions.csv", "/admin/login/"):
        client.get(url)
        assert client.get(url)[CACHE_HEADER] == "bypass", url


def test_errors_are_not_cached(client, archive):
    for _ in range(2):
        response = client.get("/meetings/1999-01-01/")
        assert response.status_code == 404 and response[CACHE_HEADER] == "bypass"


def test_no_cache_inside_an_open_transaction(client, archive):
    """A request in a transaction (ATOMIC_REQUESTS) would not see its own writes in the stamp."""
    from django.db import transaction

    with transaction.atomic():
        assert get(client, MEETING)[CACHE_HEADER] == "bypass"
        assert get(client, MEETING)[CACHE_HEADER] == "bypass"


def test_a_response_setting_a_cookie_or_built_for_a_user_is_not_kept(archive, partner):
    request = RequestFactory().get(MEETING)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert AnonymousCacheMiddleware.response_is_public(request, HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    assert not AnonymousCacheMiddleware.response_is_public(request, with_cookie)
    varying = HttpResponse("page")
    varying["Vary"] = "Cookie, Accept-Language"
    assert not AnonymousCacheMiddleware.response_is_public(request, varying)
    request.user = partner
    assert not AnonymousCacheMiddleware.response_is_public(request, HttpResponse("page"))


# --- Conditional GET -----------------------------------------------------------------------------


def test_validators_give_a_304_until_the_archive_changes(client, archive):
    first = get(client, MEETING)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(MEETING, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(MEETING, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    for url in ("/feeds/meetings.ics", "/sitemap.xml", "/people/"):
        assert client.get(url, HTTP_IF_NONE_MATCH=get(client, url)["ETag"]).status_code == 304, url
    Resolution.objects.filter(item__meeting__slug="2020-01-28").update(text="the figures be circulated.")
    changed = client.get(MEETING, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


# --- Every write path makes the cache miss --------------------------------------------------------


def _save_item(archive, officer):
    item = archive.crime
    item.title = "Renamed item"
    item.save()


def _restrict_by_update(archive, officer):
    AgendaItem.objects.filter(pk=archive.crime.pk).update(is_restricted=True)


def _restrict_by_service(archive, officer):
    publication.items_set_restricted(items=[archive.crime], restricted=True, user=officer, note="Police")


def _unpublish(archive, officer):
    publication.meeting_unpublish(meeting=Meeting.objects.get(slug="2020-01-28"), user=officer)


def _delete_meeting(archive, officer):
    Meeting.objects.filter(slug="2020-01-28").delete()


def _add_item(archive, officer):
    AgendaItem.objects.bulk_create([AgendaItem(meeting=archive.new, position=9, title="Added item")])


def _rename_person(archive, officer):
    Person.objects.filter(pk=archive.chair.pk).update(name="Stephen Nelson")


def _alias_organisation(archive, officer):
    OrganisationAlias.objects.create(organisation=archive.police, name="Cleveland Constabulary")


def _merge_people(archive, officer):
    duplicate = PersonFactory(name="S. Nelson")
    person_merge(keep=archive.chair, duplicates=[duplicate], user=officer)


def _import(archive, officer):
    minutes_import(document=minutes_document(ParsedMinutesFactory(date=dt.date(2020, 6, 2))))


def _attach_report(archive, officer):
    """An item page lists its reports: attaching one (migration 0017_stamp_reports) must make it stale."""
    from django.core.files.base import ContentFile

    report_attach(item=archive.crime, file=ContentFile(pdf_bytes(["Recorded crime figures"]), name="crime.pdf"),
                  title="Recorded crime report", user=officer)


def _restrict_report(archive, officer):
    _attach_report(archive, officer)
    report = archive.crime.reports.get()
    before = ArchiveStamp.objects.get().version
    report_set_restricted(report=report, restricted=True, note="Intelligence", user=officer)
    assert ArchiveStamp.objects.get().version > before


WRITES = [_save_item, _restrict_by_update, _restrict_by_service, _unpublish, _delete_meeting, _add_item,
          _rename_person, _alias_organisation, _merge_people, _import, _attach_report, _restrict_report]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_every_write_path_moves_the_archive_version(client, archive, officer, write):
    before = ArchiveStamp.objects.get().version
    get(client, MEETING), get(client, MEETING)
    write(archive, officer)
    assert ArchiveStamp.objects.get().version > before
    after = client.get(MEETING)
    assert after[CACHE_HEADER] in ("miss", "bypass")  # bypass: a 404 once the meeting is gone


def test_demo_generator_moves_the_archive_version(client, archive):
    before = ArchiveStamp.objects.get().version
    demo_archive_generate(meetings=3, seed=1, allow_real_data=True)
    assert ArchiveStamp.objects.get().version > before


def test_a_cache_warmed_before_a_restriction_is_not_served_after_it(client, archive):
    crime = archive.crime
    link = f"{MEETING}items/{crime.position}/"
    for url in (MEETING, "/search/?q=crime", "/sitemap-items.xml"):
        get(client, url)
        warm = get(client, url)
        assert warm[CACHE_HEADER] == "hit" and link in warm.content.decode(), url
    get(client, "/feeds/meetings-2020.ics")
    assert crime.title in get(client, "/feeds/meetings-2020.ics").content.decode()
    AgendaItem.objects.filter(pk=crime.pk).update(is_restricted=True)
    for url in (MEETING, "/search/?q=crime", "/sitemap-items.xml", "/feeds/meetings-2020.ics"):
        response = get(client, url)
        text = response.content.decode()
        assert response[CACHE_HEADER] == "miss" and link not in text and crime.title not in text, url
    assert client.get(f"{MEETING}items/{crime.position}/").status_code == 404


def test_a_cache_warmed_before_unpublishing_is_not_served_after_it(client, archive, officer):
    get(client, MEETING), get(client, "/meetings/"), get(client, "/people/")
    assert get(client, MEETING)[CACHE_HEADER] == "hit"
    publication.meeting_unpublish(meeting=Meeting.objects.get(slug="2020-01-28"), user=officer)
    assert client.get(MEETING).status_code == 404
    assert 'href="/meetings/2020-01-28/"' not in get(client, "/meetings/").content.decode()


def test_a_meeting_published_after_the_cache_was_warmed_appears(client, archive, officer):
    pending = build_pending(archive)
    get(client, "/meetings/"), get(client, "/organisations/")
    assert not any(s in get(client, "/meetings/").content.decode() for s in PENDING_STRINGS)
    publication.meeting_publish(meeting=pending.meeting, user=officer)
    assert "10 May 2022" in get(client, "/meetings/").content.decode()
    assert Organisation.objects.get(pk=pending.organisation.pk).name in get(client, "/organisations/").content.decode()


def test_a_new_item_is_searchable_at_once(client, archive):
    get(client, "/search/?q=Zephyrine"), get(client, "/search/?q=Zephyrine")
    AgendaItemFactory(meeting=archive.later, position=5, title="Zephyrine lighting scheme")
    assert "/meetings/2021-03-02/items/5/" in get(client, "/search/?q=Zephyrine").content.decode()
