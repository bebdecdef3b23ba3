"""Figures kept per archive version and audience (meetings/figures.py), attacked as the public, a
signed-in non-partner, a partner, an officer and an officer's preview would.

These tests commit (transaction=True): figures are kept only outside a transaction, and on PostgreSQL
the archive stamp moves only at commit. Each archive has a restricted item and a meeting awaiting review
whose resolutions, person and organisation must never reach a figure kept for those who may not see them.
"""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import publication, selectors
from meetings.figures import ArchiveFigure, _keep, figure, organisations_known_to, people_known_to
from meetings.models import ArchiveStamp
from meetings.visibility import PublicPreview, audience_key
from tests.factories import ResolutionFactory

from .conftest import CANARY_RESOLUTION, PENDING_ORGANISATION, PENDING_PERSON, build_archive, build_pending

pytestmark = pytest.mark.django_db(transaction=True)

# Resolutions in build_archive + build_pending, by who may see them.
PUBLIC_RESOLUTIONS = 4  # the 2019, 2020 and 2021 meetings' public items
PARTNER_RESOLUTIONS = 5  # and the restricted canary item's
OFFICER_RESOLUTIONS = 7  # and the pending meeting's two (one of them on a restricted item)
PREVIEW_RESOLUTIONS = 5  # the public's and the pending meeting's public item's


@pytest.fixture(autouse=True)
def empty_cache(empty_page_cache):
    """The anonymous page cache emptied around every test here (conftest's empty_page_cache)."""


@pytest.fixture
def archive(transactional_db):
    archive = build_archive()
    archive.pending = build_pending(archive)
    return archive


def _user(username: str, *codenames: str, group: str = "") -> User:
    """A user holding `codenames` through `group` (made here: another transactional test may have
    flushed the groups the migrations created)."""
    user = User.objects.create_user(username, password="a-long-test-password")
    if group:
        group, _ = Group.objects.get_or_create(name=group)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))
        user.groups.add(group)
    return User.objects.get(pk=user.pk)  # fresh: no permission cache


@pytest.fixture
def partner(transactional_db):
    return _user("partner", "view_restricted", group="Partners")


@pytest.fixture
def officer(transactional_db):
    return _user("officer", "view_restricted", "view_unpublished", group="Democratic services")


@pytest.fixture
def member(transactional_db):
    """Signed in, but in no group: sees what the public sees."""
    return _user("member")


def kept(name: str) -> dict[str, object]:
    """{audience: value} of the figure `name` kept at the current version."""
    version, stamped_at = ArchiveStamp.objects.values_list("version", "changed_at").get(pk=1)
    return {row.audience: row.value["value"]
            for row in ArchiveFigure.objects.filter(name=name, version=version, stamped_at=stamped_at)}


def stamp():
    return ArchiveStamp.objects.values_list("version", "changed_at").get(pk=1)


# --- audiences ------------------------------------------------------------------------------------


def test_audiences_come_from_the_permissions(archive, member, partner, officer):
    """The public and a signed-in non-partner share one audience; partners and officers each have theirs;
    an officer's preview, and a holder of view_unpublished alone, have none (computed live)."""
    odd = _user("odd", "view_unpublished", group="Odd")
    assert [audience_key(u) for u in (AnonymousUser(), None, member, partner, officer)] == \
        ["public", "public", "public", "restricted", "all"]
    assert audience_key(PublicPreview(archive.pending.meeting.pk)) is None
    assert audience_key(odd) is None


# --- what a kept figure holds ------------------------------------------------------------------------


def test_the_publics_figures_hold_nothing_unpublished_or_restricted(archive):
    """Kept for the public: no resolution of the restricted item or of the meeting awaiting review, and
    not the person or organisation known only from that meeting."""
    public = AnonymousUser()
    assert selectors.resolution_count(user=public) == PUBLIC_RESOLUTIONS
    names = set(people_known_to(public).values_list("name", flat=True))
    organisations = set(organisations_known_to(public).values_list("name", flat=True))
    assert PENDING_PERSON not in names and archive.chair.name in names
    assert PENDING_ORGANISATION not in organisations and archive.police.name in organisations
    assert kept("resolutions") == {"public": PUBLIC_RESOLUTIONS}
    assert archive.pending.person.pk not in kept("people")["public"]
    assert archive.pending.organisation.pk not in kept("organisations")["public"]
    assert archive.pending.organisation.pk not in dict(selectors.organisation_figures(user=public))
    # The home page's figures, kept for the public, are the public's.
    for _ in range(2):  # computed, then read back
        caches["default"].clear()
        figures = Client().get("/").context["figures"]
        assert (figures["meetings"], figures["resolutions"], figures["people"], figures["organisations"],
                figures["last_date"]) == (3, PUBLIC_RESOLUTIONS, 4, 2, dt.date(2021, 3, 2))
    assert kept("archive")["public"]["meetings"] == 3


def test_a_partners_figures_never_reach_the_public_nor_the_publics_a_partner(archive, member, partner, officer):
    """Each audience is computed and kept apart, whichever asks first."""
    assert selectors.resolution_count(user=partner) == PARTNER_RESOLUTIONS
    assert selectors.resolution_count(user=AnonymousUser()) == PUBLIC_RESOLUTIONS
    assert selectors.resolution_count(user=member) == PUBLIC_RESOLUTIONS
    assert selectors.resolution_count(user=officer) == OFFICER_RESOLUTIONS
    assert kept("resolutions") == {"public": PUBLIC_RESOLUTIONS, "restricted": PARTNER_RESOLUTIONS,
                                   "all": OFFICER_RESOLUTIONS}
    # And the other way round, at a new version: the public first.
    ResolutionFactory(item=archive.crime, position=3, text="a third resolution be noted.")
    assert selectors.resolution_count(user=AnonymousUser()) == PUBLIC_RESOLUTIONS + 1
    assert selectors.resolution_count(user=partner) == PARTNER_RESOLUTIONS + 1
    assert PENDING_PERSON in set(people_known_to(officer).values_list("name", flat=True))
    assert PENDING_PERSON not in set(people_known_to(partner).values_list("name", flat=True))


def test_the_register_never_shows_the_public_a_partners_count(archive, partner):
    """The register's page count comes from the figure kept for the reader's audience."""
    partner_client = Client()
    partner_client.force_login(partner)
    assert CANARY_RESOLUTION.encode() in partner_client.get("/resolutions/").content
    public = Client().get("/resolutions/")
    assert public.context["page"].paginator.count == PUBLIC_RESOLUTIONS
    assert CANARY_RESOLUTION.encode() not in public.content
    assert kept("resolutions") == {"public": PUBLIC_RESOLUTIONS, "restricted": PARTNER_RESOLUTIONS}


def test_a_filtered_register_counts_live(archive):
    """Only the unfiltered register is told the kept count: a filter, or a filter form in error (which
    still filters by its valid fields), counts the rows it lists."""
    client = Client()
    assert client.get("/resolutions/").context["page"].paginator.count == PUBLIC_RESOLUTIONS
    for url in ("/resolutions/?year=2020", "/resolutions/?year=2020&person=no-such-person"):
        caches["default"].clear()
        assert client.get(url).context["page"].paginator.count == 2, url


def test_an_officers_preview_neither_reads_nor_keeps_figures(archive):
    """The preview sees one meeting awaiting review: its figures are its own, computed live each time,
    never a kept public figure and never kept for anyone."""
    public = AnonymousUser()
    assert selectors.resolution_count(user=public) == PUBLIC_RESOLUTIONS
    before = set(ArchiveFigure.objects.values_list("pk", "name", "audience"))
    preview = PublicPreview(archive.pending.meeting.pk)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.resolution_count(user=preview) == PREVIEW_RESOLUTIONS
        assert PENDING_PERSON in set(people_known_to(preview).values_list("name", flat=True))
    assert not any("archivefigure" in q["sql"].lower() for q in queries.captured_queries)
    assert set(ArchiveFigure.objects.values_list("pk", "name", "audience")) == before
    # And the public is still told its own figure.
    assert selectors.resolution_count(user=public) == PUBLIC_RESOLUTIONS


# --- a change to the archive changes the figures at once ------------------------------------------


def test_publishing_unpublishing_and_restricting_change_the_figures_on_the_next_request(archive, officer):
    public, client = AnonymousUser(), Client()

    def register_count():
        caches["default"].clear()
        return client.get("/resolutions/").context["page"].paginator.count

    assert register_count() == PUBLIC_RESOLUTIONS
    publication.meeting_publish(meeting=archive.pending.meeting, user=officer)
    assert register_count() == PUBLIC_RESOLUTIONS + 1  # the pending meeting's public item's resolution
    assert PENDING_PERSON in set(people_known_to(public).values_list("name", flat=True))
    publication.items_set_restricted(items=[archive.crime], restricted=True, user=officer, note="Police")
    assert register_count() == PUBLIC_RESOLUTIONS + 1 - 2
    publication.meeting_unpublish(meeting=archive.pending.meeting, user=officer)
    assert register_count() == PUBLIC_RESOLUTIONS - 2
    assert PENDING_PERSON not in set(people_known_to(public).values_list("name", flat=True))
    assert PENDING_ORGANISATION not in set(organisations_known_to(public).values_list("name", flat=True))
    assert kept("resolutions") == {"public": PUBLIC_RESOLUTIONS - 2}
    assert ArchiveFigure.objects.filter(name="resolutions", audience="public").count() == 1  # older ones deleted


def test_a_write_racing_the_computation_is_never_hidden_under_its_version(archive, officer):
    """The race of the module docstring, point 2: a figure is computed, then (before it is kept) an
    officer unpublishes a meeting. The figure is filed under the version read before it was computed,
    so the next reader, at the version after the unpublishing, never gets the figure that counted it."""
    publication.meeting_publish(meeting=archive.pending.meeting, user=officer)
    public = AnonymousUser()

    def count_then_unpublish():
        n = selectors.visible_resolutions(user=public).count()
        publication.meeting_unpublish(meeting=archive.pending.meeting, user=officer)  # commits: the stamp moves
        return n

    assert figure("resolutions", public, count_then_unpublish) == PUBLIC_RESOLUTIONS + 1
    assert selectors.resolution_count(user=public) == PUBLIC_RESOLUTIONS


def test_keeping_a_figure_does_not_move_the_archive_stamp(archive):
    """ArchiveFigure has no stamp trigger: keeping figures retires neither the pages nor other figures."""
    before = stamp()
    Client().get("/")
    Client().get("/organisations/")
    assert ArchiveFigure.objects.exists()
    assert stamp() == before


# --- what is never read ----------------------------------------------------------------------------


def test_a_figure_of_another_version_or_stamp_is_never_read(archive):
    """Rows planted for an older version, or for this version number under another stamp time (a
    stamp row begun again), are ignored; a row planted for the current stamp is read (so the lookup
    is by exactly that key)."""
    version, changed_at = stamp()
    public = AnonymousUser()
    ArchiveFigure.objects.create(name="resolutions", audience="public", version=version - 1,
                                 stamped_at=changed_at, value={"value": 999})
    ArchiveFigure.objects.create(name="resolutions", audience="public", version=version,
                                 stamped_at=changed_at - dt.timedelta(days=1), value={"value": 998})
    ArchiveFigure.objects.create(name="resolutions", audience="restricted", version=version,
                                 stamped_at=changed_at, value={"value": 997})
    assert stamp() == (version, changed_at)  # planting figures moved nothing
    assert selectors.resolution_count(user=public) == PUBLIC_RESOLUTIONS
    # The stale rows of that figure and audience are gone; the partners' stays.
    assert sorted(ArchiveFigure.objects.filter(name="resolutions").values_list("audience", "version")) == \
        [("public", version), ("restricted", version)]
    ArchiveFigure.objects.filter(name="resolutions", audience="public").update(value={"value": 996})
    assert selectors.resolution_count(user=public) == 996


def test_figures_are_neither_read_nor_kept_inside_a_transaction(archive):
    """Inside a transaction the stamp may not speak for what it sees (on PostgreSQL it moves at commit):
    a figure planted for the current version is not read there, and nothing is kept."""
    version, changed_at = stamp()
    ArchiveFigure.objects.create(name="resolutions", audience="public", version=version,
                                 stamped_at=changed_at, value={"value": 995})
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert selectors.resolution_count(user=AnonymousUser()) == PUBLIC_RESOLUTIONS
        assert PENDING_PERSON not in set(people_known_to(AnonymousUser()).values_list("name", flat=True))
    assert not any("archivefigure" in q["sql"].lower() for q in queries.captured_queries)
    assert not ArchiveFigure.objects.filter(name="people").exists()


def test_a_figure_kept_inside_a_rolled_back_transaction_is_gone(archive):
    version, changed_at = stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        _keep("resolutions", "public", version, changed_at, 994)
        assert kept("resolutions") == {"public": 994}
        raise RuntimeError("roll back")
    assert not ArchiveFigure.objects.exists()
    assert selectors.resolution_count(user=AnonymousUser()) == PUBLIC_RESOLUTIONS


def test_a_figure_that_cannot_be_kept_is_returned_all_the_same(archive):
    """A value JSON cannot hold, or a write the database refuses, is logged and not kept; the request
    (and a surrounding transaction) goes on."""
    assert figure("a date", AnonymousUser(), lambda: dt.date(2020, 1, 28)) == dt.date(2020, 1, 28)
    assert not ArchiveFigure.objects.filter(name="a date").exists()
    if connection.vendor == "postgresql":  # SQLite does not enforce a CharField's length
        version, changed_at = stamp()
        with transaction.atomic():
            _keep("x" * 150, "public", version, changed_at, 1)
            assert ArchiveStamp.objects.filter(pk=1).exists()  # the transaction is still usable
        assert not ArchiveFigure.objects.filter(name__startswith="xxx").exists()


# --- query counts: cold (first request after a change), then warm -----------------------------------

# (url, queries cold, queries warm), for the public, the same on SQLite and PostgreSQL. Cold (the first
# request after a change): the page cache's stamp, then for each figure its lookup, its computation and
# BEGIN, INSERT, DELETE, COMMIT. Warm: the lookup alone. Computed live (tests/public/test_query_counts.py,
# inside a transaction, with no stamp read) these pages take 7, 5, 3, 3, 6, 6 and 3 queries.
PAGES = {
    "home": ("/", 18, 5),
    "resolutions": ("/resolutions/", 23, 8),
    "people": ("/people/", 10, 5),
    "organisations": ("/organisations/", 15, 5),
    "meetings": ("/meetings/", 19, 9),
    "sitemap index": ("/sitemap.xml", 49, 9),  # cold: each section's page starts and latest change kept too
    "sitemap page": ("/sitemap/", 15, 5),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_cold_and_warm(archive, page):
    url, cold, warm = PAGES[page]
    client = Client()

    def count():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    ArchiveFigure.objects.all().delete()
    assert (count(), count()) == (cold, warm)
