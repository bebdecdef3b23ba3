"""Reports on the public pages, the download view, search inside reports and /api/documents/."""
import pytest

from meetings.reports.services import report_attach, report_set_restricted
from tests.reports.files import pdf_bytes, pptx_bytes, upload

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Operation Ravensgill covert plan"
SECRET_TEXT = "Thistlebrook surveillance schedule"


@pytest.fixture
def reports(archive):
    public = report_attach(item=archive.crime, file=upload("crime.pdf", pdf_bytes(
        ["Recorded crime summary", "Burglary in Hardwick fell by Wombleton percent."])), title="Crime summary")
    secret = report_attach(item=archive.crime, file=upload("plan.pdf", pdf_bytes([SECRET_TEXT])),
                           title=SECRET_TITLE, restricted=True, restriction_note="Police")
    on_restricted_item = report_attach(item=archive.canary, file=upload("slides.pptx", pptx_bytes(
        [("Kestrelwing slides", SECRET_TEXT)])), kind="presentation")
    return public, secret, on_restricted_item


def test_item_page_lists_public_reports_and_withholds_restricted_titles(client, archive, reports):
    public, secret, _ = reports
    page = client.get(archive.crime.get_absolute_url()).content.decode()
    assert "Crime summary" in page and public.get_absolute_url() in page and "2 pages" in page
    assert "A restricted report is not published." in page
    assert SECRET_TITLE not in page and secret.get_absolute_url() not in page
    meeting_page = client.get(archive.new.get_absolute_url()).content.decode()
    assert "Crime summary" in meeting_page and SECRET_TITLE not in meeting_page
    assert "Kestrelwing" not in meeting_page


def test_partner_sees_restricted_report_marked(partner_client, archive, reports):
    page = partner_client.get(archive.crime.get_absolute_url()).content.decode()
    assert SECRET_TITLE in page and "Restricted - not for circulation" in page
    assert "restricted report is not published" not in page


def test_download_headers_and_visibility(client, partner_client, reports):
    public, secret, on_restricted_item = reports
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private") and "no-store" not in response["Cache-Control"]
    assert 'filename="crime-summary.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for report in (secret, on_restricted_item):
        assert client.get(report.get_absolute_url()).status_code == 404
        response = partner_client.get(report.get_absolute_url())
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    pptx = partner_client.get(on_restricted_item.get_absolute_url())
    assert pptx["Content-Type"].endswith("presentationml.presentation")
    assert pptx["Content-Disposition"].startswith("attachment")
    assert client.get(f"/reports/{secret.pk + 1000}/x.pdf").status_code == 404


def test_stale_slug_redirects_only_when_visible(client, reports):
    public, secret, _ = reports
    assert client.get(f"/reports/{public.pk}/old-name.pdf")["Location"] == public.get_absolute_url()
    assert client.get(f"/reports/{secret.pk}/old-name.pdf").status_code == 404


def test_restricting_a_report_withdraws_it(client, reports):
    public, _, _ = reports
    report_set_restricted(report=public, restricted=True, note="late request")
    assert client.get(public.get_absolute_url()).status_code == 404


def test_search_finds_a_public_report_by_a_phrase_only_in_its_text(client, reports):
    page = client.get("/search/", {"q": "Wombleton"}).content.decode()
    assert "Matches inside reports" in page and "Crime summary" in page and "page 2" in page
    assert "<mark>Wombleton</mark>" in page


def test_words_the_english_configuration_drops_do_not_stop_a_report_match(client, reports):
    """PostgreSQL ignores "the" and "of" in a query; on SQLite they are dropped too, not required."""
    page = client.get("/search/", {"q": "the Wombleton of Hardwick"}).content.decode()
    assert "Matches inside reports" in page and "<mark>Wombleton</mark>" in page
    assert "Matches inside reports" not in client.get("/search/", {"q": "the of"}).content.decode()


def test_restricted_report_text_is_searchable_only_by_partners(client, partner_client, reports):
    for word in ("Thistlebrook", "Ravensgill"):
        assert "Matches inside reports" not in client.get("/search/", {"q": word}).content.decode()
        found = partner_client.get("/search/", {"q": word}).content.decode()
        assert "Matches inside reports" in found and SECRET_TITLE in found


def test_api_documents(client, partner_client, archive, reports):
    public, secret, on_restricted_item = reports
    listing = client.get("/api/documents/").json()
    assert listing["count"] == 1
    document = listing["results"][0]
    assert document["note"] == "Crime summary" and document["kind"] == "report" and document["pages"] == 2
    assert document["media"][0]["url"] == "http://testserver" + public.get_absolute_url()
    assert document["event"] == "2020-01-28" and "restricted" not in document
    assert client.get(f"/api/documents/{secret.pk}/").status_code == 404
    assert partner_client.get("/api/documents/").json()["count"] == 3
    assert partner_client.get(f"/api/documents/{secret.pk}/").json()["restricted"] is True
    assert partner_client.get("/api/documents/", {"item": archive.canary.pk}).json()["count"] == 1
    assert partner_client.get("/api/documents/", {"meeting": "2019-11-22"}).json()["count"] == 0


@pytest.mark.parametrize("user", ["anonymous", "partner"])
def test_report_lists_cost_the_same_queries_for_any_number_of_reports(client, partner, archive, reports, user,
                                                                      django_assert_num_queries):
    """Reports are prefetched with the items and the withheld ones counted in the same query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Report

    if user == "partner":
        client.force_login(partner)
    url = archive.new.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Report.objects.bulk_create(
        Report(item=item, title=f"Report {n}", filename=f"r{n}.pdf", file=f"reports/r{n}.pdf", content_type="application/pdf",
               checksum=f"{n:064d}", is_restricted=n % 2 == 0)
        for n, item in enumerate([archive.crime, archive.minutes, archive.next, archive.canary] * 10)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert ("Report 1<" in page) and (("Report 0<" in page) == (user == "partner"))
