"""A hostile resident against the surfaces added for issues 13 and 14 (contents list, follow feeds,
merged-slug redirects, /api/ and /api/docs/, /sitemap/, the register's kind filter and printed numbers,
reports attached to items, search inside reports).

Every restricted or unpublished field carries a canary word found nowhere else; each test asks the
new surfaces for it as the public, as a signed-in user without partner permission and as a partner
whose permission was taken away during their session, and checks a partner still meets it (so the
test can fail).
"""
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from meetings.merges import person_merge
from meetings.models import ExpectedReport, Report
from meetings.reports.services import report_attach
from tests.factories import AgendaItemFactory, AttendanceFactory, DeclarationFactory, PersonFactory, ResolutionFactory
from tests.reports.files import pdf_bytes, upload

from .conftest import build_archive, build_pending
from .test_canary_crawl import body_text, crawl, leaks

pytestmark = pytest.mark.django_db

# Canaries: one per restricted or unpublished field added by issues 13 and 14.
ORPHAN_TITLE, ORPHAN_TEXT, ORPHAN_FILE = "Grimsditch", "Yarrowvale", "Pellinore"
PENDING_REPORT_TITLE, PENDING_REPORT_TEXT = "Cobbleworth", "Mirkendale"
PUBLIC_ON_RESTRICTED = "Fennimorgan"
EXPECTED_TITLE = "Wolstenholme"
# The withheld place shows the printed number by design (position and number only): not a canary.
PRINTED = "SSP/99/77"
HIDDEN_MERGED = "Ulverstane Pockington"
REPORT_FILE_CANARY = "Bramblethwaite"
CANARIES = [ORPHAN_TITLE, ORPHAN_TEXT, ORPHAN_FILE, PENDING_REPORT_TITLE, PENDING_REPORT_TEXT,
            PUBLIC_ON_RESTRICTED, EXPECTED_TITLE, "Ulverstane", "Pockington", REPORT_FILE_CANARY,
            "Kestrelwing", "Zarquon-77", "Marmadukeplan", "Vortigern", "Wrenthorpe", "Sablewick", "Tarrowgate"]


@pytest.fixture
def world(db):
    archive = build_archive()
    archive.pending = build_pending(archive)
    # The canary item's printed number and an expected report on it.
    archive.canary.number = PRINTED
    archive.canary.save()
    ExpectedReport.objects.create(item=archive.canary, title=f"{EXPECTED_TITLE} appendix")
    # A public report on the restricted item; a restricted report (file name a canary) on a public item.
    archive.on_restricted = report_attach(item=archive.canary, title=f"{PUBLIC_ON_RESTRICTED} summary",
                                          file=upload("summary.pdf", pdf_bytes([f"{PUBLIC_ON_RESTRICTED} data"])))
    archive.secret_file = report_attach(item=archive.crime, title="Annex", restricted=True,
                                        file=upload(f"{REPORT_FILE_CANARY}.pdf", pdf_bytes(["annex"])))
    # A public report on a public item of the meeting awaiting review.
    archive.pending_report = report_attach(
        item=archive.pending.item, title=f"{PENDING_REPORT_TITLE} review",
        file=upload("review.pdf", pdf_bytes([f"{PENDING_REPORT_TEXT} figures"])))
    # A public report whose item was deleted (a replaced meeting with no counterpart): item NULL.
    doomed = AgendaItemFactory(meeting=archive.later, position=9, number="SSP 9/21", title="Doomed item")
    archive.orphan = report_attach(item=doomed, title=f"{ORPHAN_TITLE} report",
                                   file=upload(f"{ORPHAN_FILE}.pdf", pdf_bytes([f"{ORPHAN_TEXT} numbers"])))
    doomed.delete()
    archive.orphan.refresh_from_db()
    assert archive.orphan.item_id is None
    # Someone minuted only in the restricted item, merged into someone else known only there too, and
    # someone known only there merged into a public person.
    hidden_keep = PersonFactory(name="Ulverstane Keeper")
    hidden_dup = PersonFactory(name=HIDDEN_MERGED)
    DeclarationFactory(item=archive.canary, person=hidden_keep, text="an interest")
    DeclarationFactory(item=archive.canary, person=hidden_dup, text="an interest")
    archive.hidden_dup_slug = hidden_dup.slug
    person_merge(keep=hidden_keep, duplicates=[hidden_dup])
    archive.hidden_keep = hidden_keep
    only_restricted = PersonFactory(name="Pockington Smallwood")
    DeclarationFactory(item=archive.canary, person=only_restricted, text="an interest")
    archive.only_restricted_slug = only_restricted.slug
    person_merge(keep=archive.chair, duplicates=[only_restricted])
    ResolutionFactory(item=archive.canary, position=2, text="the Kestrelwing plan be approved.")
    return archive


def ex_partner_client(partner) -> Client:
    """A partner's session whose user then leaves the Partners group: the same cookie, no permission."""
    client = Client()
    client.force_login(partner)
    assert "Kestrelwing" in client.get("/meetings/2020-01-28/").content.decode()  # the session really saw it
    partner.groups.remove(Group.objects.get(name="Partners"))
    return client


def hostile_urls(world) -> list[str]:
    reports = [world.orphan, world.pending_report, world.on_restricted, world.secret_file]
    urls = ["/api/", "/api/?format=json", "/api/docs/", "/api/schema/", "/sitemap/", "/sitemap.xml",
            "/api/documents/", "/api/documents/?format=json", "/api/documents/?ordering=-size",
            f"/api/documents/?meeting={world.pending.meeting.slug}", f"/api/documents/?item={world.canary.pk}",
            f"/people/{world.hidden_dup_slug}/", f"/people/{world.hidden_keep.slug}/",
            f"/people/{world.hidden_keep.slug}/feed.atom", f"/people/{world.only_restricted_slug}/",
            f"/people/{world.only_restricted_slug}/feed.atom", f"/people/{world.pending.person.slug}/feed.atom",
            f"/organisations/{world.pending.organisation.slug}/feed.atom",
            "/resolutions/?kind=substantive", "/resolutions/?kind=procedural",
            "/downloads/resolutions.csv?kind=substantive", "/downloads/resolutions.json?kind=substantive",
            "/downloads/resolutions.xlsx?kind=substantive", "/downloads/resolutions.csv?meeting=2020-01-28",
            "/people/?q=Pockington", "/people/?q=Ulverstane", "/api/people/?q=Pockington",
            f"/downloads/attendance.csv?person={world.hidden_keep.slug}",
            f"/resolutions/?person={world.hidden_keep.slug}"]
    for word in CANARIES + [PRINTED, "SSP 99/77"]:
        urls += [f"/search/?q={word}", f"/search/feed.atom?q={word}", f"/api/documents/?q={word}"]
    for report in reports:
        urls += [report.get_absolute_url(), f"/reports/{report.pk}/x.pdf", f"/api/documents/{report.pk}/"]
    return urls


@pytest.mark.parametrize("who", ["anonymous", "plain user", "ex-partner"])
def test_hostile_crawl_meets_no_canary(world, partner, who):
    """The whole crawl plus the hostile probes: not one canary string in any response."""
    if who == "anonymous":
        client = Client()
    elif who == "plain user":
        client = Client()
        client.force_login(get_user_model().objects.create_user("resident", password="x"))
    else:
        client = ex_partner_client(partner)
    pages = crawl(client, extra=hostile_urls(world))
    assert leaks(pages, CANARIES) == {}


def test_partner_meets_the_canaries(world, partner):
    """The same crawl as a partner finds the restricted canaries (the probes reach them), but never
    the meeting awaiting review nor the report whose item is gone."""
    client = Client()
    client.force_login(partner)
    pages = crawl(client, extra=hostile_urls(world))
    found = {word for hits in leaks(pages, CANARIES).values() for word in hits}
    assert {PUBLIC_ON_RESTRICTED, "Kestrelwing"} <= found
    assert not found & {ORPHAN_TITLE, ORPHAN_TEXT, ORPHAN_FILE, PENDING_REPORT_TITLE, PENDING_REPORT_TEXT,
                        "Wrenthorpe", "Sablewick", EXPECTED_TITLE}


def without_nonce(content: bytes) -> bytes:
    """A page without its per-response CSP nonce, the one part every response has of its own."""
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', content)


def test_report_ids_are_404_alike(world, client):
    """Enumerating /reports/<id>/: a withheld report answers exactly as an id nobody has (status,
    headers, body), for GET and HEAD, whatever slug and extension are guessed."""
    missing = Report.objects.order_by("-pk").first().pk + 100
    baseline = client.get(f"/reports/{missing}/x.pdf")
    for report in (world.orphan, world.pending_report, world.on_restricted, world.secret_file):
        for path in (report.get_absolute_url(), f"/reports/{report.pk}/x.pdf", f"/reports/{report.pk}/x.docx"):
            for method in (client.get, client.head):
                response = method(path)
                assert response.status_code == 404, path
                assert sorted(response.headers) == sorted(baseline.headers), path
                assert "Location" not in response
            assert without_nonce(client.get(path).content) == without_nonce(baseline.content)


def test_merged_hidden_person_slug_is_a_404_not_a_redirect(world, client, partner_client):
    """A merged record known only from restricted places: its old address is a 404 for the public,
    whether the record kept is hidden or public (a 301 would confirm that restricted name), while a
    partner is redirected."""
    for slug in (world.hidden_dup_slug, world.only_restricted_slug):
        response = client.get(f"/people/{slug}/")
        assert response.status_code == 404, slug
        assert "Location" not in response
        head = client.head(f"/people/{slug}/")
        assert head.status_code == 404
    assert partner_client.get(f"/people/{world.hidden_dup_slug}/")["Location"] == f"/people/{world.hidden_keep.slug}/"
    assert partner_client.get(f"/people/{world.only_restricted_slug}/")["Location"] == world.chair.get_absolute_url()


def test_withheld_places_show_only_number_and_position(world, client):
    """The contents list gives a withheld item its place (number, position) and nothing else; its
    reports and expected reports stay unsaid; a restricted report on a public item is one sentence."""
    page = client.get(world.new.get_absolute_url()).content.decode()
    assert "Not published: restricted item" in page
    assert "A restricted report is not published." in page
    assert "Annex" not in page and world.secret_file.get_absolute_url() not in page
    assert f"/reports/{world.on_restricted.pk}/" not in page


def test_report_search_counts_only_visible(world, client):
    text = body_text(client.get(f"/search/?q={PUBLIC_ON_RESTRICTED}"))
    assert "Matches inside reports" not in text
    text = body_text(client.get(f"/search/?q={ORPHAN_TEXT}"))
    assert "Matches inside reports" not in text


def test_alias_from_restricted_places_is_not_public(world, client, partner_client):
    """The merge kept the hidden record's name as an alias of the public person: the public must
    not read it (API other_names) nor find the public person by it (a name search is an oracle)."""
    api = client.get(f"/api/people/{world.chair.slug}/").content.decode()
    assert world.chair.name in api and "Pockington" not in api
    assert world.chair.name not in client.get("/people/?q=Pockington").content.decode()
    assert "Pockington" not in client.get("/api/people/?format=json").content.decode()
    assert "Pockington" in partner_client.get(f"/api/people/{world.chair.slug}/").content.decode()
    # A spelling the public did see (minuted at a published meeting) stays an alias they can read and search.
    seen = PersonFactory(name="Stevie Nelsonn")
    AttendanceFactory(meeting=world.later, person=seen, position=9)
    person_merge(keep=world.chair, duplicates=[seen])
    assert "Stevie Nelsonn" in client.get(f"/api/people/{world.chair.slug}/").content.decode()
    assert world.chair.name in client.get("/people/?q=Stevie").content.decode()
    assert client.get("/people/stevie-nelsonn/")["Location"] == world.chair.get_absolute_url()


def test_organisation_known_only_from_a_pending_meeting_merged_into_a_public_one(world, client, partner_client,
                                                                                 officer_client):
    """An organisation minuted only at a meeting awaiting review, merged into a public one: its old
    address, its name as an alias and a search by it reveal nothing to the public or partners;
    an officer (who sees the pending meeting) is redirected."""
    from meetings.merges import organisation_merge

    old_slug = world.pending.organisation.slug
    organisation_merge(keep=world.police, duplicates=[world.pending.organisation])
    for reader in (client, partner_client):
        assert reader.get(f"/organisations/{old_slug}/").status_code == 404
        assert "Ossingmarsh" not in reader.get(f"/api/organizations/{world.police.slug}/").content.decode()
        assert world.police.name not in reader.get("/organisations/?q=Ossingmarsh").content.decode()
    assert officer_client.get(f"/organisations/{old_slug}/")["Location"] == world.police.get_absolute_url()
    assert "Ossingmarsh" in officer_client.get(f"/api/organizations/{world.police.slug}/").content.decode()


@pytest.mark.parametrize("path", ["/api/documents/", "/api/people/", "/api/organizations/", "/api/events/",
                                  "/api/agenda-items/", "/api/resolutions/", "/api/attendance/", "/api/",
                                  "/api/documents/?format=api", "/api/attendance/?format=api"])
def test_browsable_api_meets_no_canary(world, path):
    """The API as a browser asks for it (the browsable renderer, with its filter forms' drop-downs)."""
    from .conftest import PENDING_STRINGS

    text = Client(HTTP_ACCEPT="text/html").get(path).content.decode().lower()
    assert [word for word in CANARIES + PENDING_STRINGS if word.lower() in text] == []


def test_a_report_naming_a_restricted_item_is_restricted_when_attached(db, client, partner_client):
    """A report attached as public to a public item, whose text (or title) names a restricted item of
    its meeting, as a public declarations minute might: the sentence would be withheld from the minute
    (meetings/redaction.py), but a file cannot be redacted, so the report is restricted with a note
    saying why (fail closed; an officer may publish it), and neither search nor its download shows it."""
    archive = build_archive()
    naming = report_attach(item=archive.crime, title="Crime summary", file=upload("c.pdf", pdf_bytes(
        ["Crime fell.", "See the Operation Kestrelwing canary briefing for the covert plan."])))
    plain = report_attach(item=archive.crime, title="Burglary figures", file=upload("b.pdf", pdf_bytes(
        ["Burglary in Hardwick fell."])))
    assert naming.is_restricted and "SSP 3/20" in naming.restriction_note and "page 2" in naming.restriction_note
    assert not plain.is_restricted
    assert "Matches inside reports" not in client.get("/search/?q=Kestrelwing").content.decode()
    assert client.get(naming.get_absolute_url()).status_code == 404
    assert client.get(plain.get_absolute_url()).status_code == 200
    assert "Matches inside reports" in partner_client.get("/search/?q=Kestrelwing").content.decode()


def test_withheld_and_missing_report_ids_cost_the_same_queries(world, client, django_assert_num_queries):
    """The same work for a withheld report as for an id nobody has: no timing shape to enumerate by."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    missing = Report.objects.order_by("-pk").first().pk + 100
    with CaptureQueriesContext(connection) as baseline:
        client.get(f"/reports/{missing}/x.pdf")
    for report in (world.orphan, world.pending_report, world.on_restricted, world.secret_file):
        with django_assert_num_queries(len(baseline)):
            client.get(report.get_absolute_url())


def test_merge_rows_are_looked_up_in_chunks(world, client, monkeypatch):
    """The rows merges moved are asked for in chunks (SQLite's bound-variable limit): one id per query
    gives the same answers as one query."""
    from meetings import visibility

    monkeypatch.setattr(visibility, "_IDS_PER_QUERY", 1)
    seen = PersonFactory(name="Stevie Nelsonn")
    AttendanceFactory(meeting=world.old, person=seen, position=9)
    AttendanceFactory(meeting=world.later, person=seen, position=10)
    person_merge(keep=world.inspector, duplicates=[seen])
    api = client.get(f"/api/people/{world.inspector.slug}/").content.decode()
    assert "Stevie Nelsonn" in api
    assert "Pockington" not in client.get(f"/api/people/{world.chair.slug}/").content.decode()
    assert client.get(f"/people/{world.only_restricted_slug}/").status_code == 404


def test_a_report_naming_an_item_restricted_after_it_was_attached_is_restricted_then(db, client, officer):
    """The other order: a public report naming a public item, which an officer restricts afterwards. The
    restriction (service, admin save or queryset update alike) withholds the report too, as it
    withholds the sentences of minutes naming the item."""
    from meetings import publication
    from meetings.models import AgendaItem

    archive = build_archive()
    later = AgendaItemFactory(meeting=archive.crime.meeting, position=8, number="SSP 8/20",
                              title="Operation Quillhaven update")
    report = report_attach(item=archive.crime, title="Crime summary", file=upload("c.pdf", pdf_bytes(
        ["Crime fell.", "Operation Quillhaven update: the Larkspire arrests are planned."])))
    other = report_attach(item=archive.crime, title="Burglary figures", file=upload("b.pdf", pdf_bytes(
        ["Burglary in Hardwick fell."])))
    assert not report.is_restricted and client.get(report.get_absolute_url()).status_code == 200
    assert "Matches inside reports" in client.get("/search/?q=Larkspire").content.decode()

    publication.items_set_restricted(items=AgendaItem.objects.filter(pk=later.pk), restricted=True, user=officer,
                                     note="Police intelligence")
    report.refresh_from_db()
    other.refresh_from_db()
    assert report.is_restricted and "SSP 8/20" in report.restriction_note and "page 2" in report.restriction_note
    assert not other.is_restricted
    assert client.get(report.get_absolute_url()).status_code == 404
    assert "Matches inside reports" not in client.get("/search/?q=Larkspire").content.decode()
    assert report.history.filter(is_restricted=True).exists()  # the change is on the record
