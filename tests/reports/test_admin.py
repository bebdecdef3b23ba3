"""The officers' admin: attach several reports at once, refusals as messages, the item's inlines."""
import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import ExpectedReport, Report
from tests.factories import AgendaItemFactory, user_in_group

from .files import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def test_officer_attaches_several_files_at_once(officer_client, officer):
    item = AgendaItemFactory()
    ExpectedReport.objects.create(item=item, title="strategy")
    url = reverse("admin:meetings_agendaitem_attach_reports", args=[item.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {
        "files": [upload("crime.pdf", pdf_bytes(["Burglary fell."])), upload("strategy.docx", docx_bytes(["Plan"])),
                  upload("bad.pdf", b"not a pdf")],
        "kind": "report", "is_restricted": "on", "restriction_note": "Draft",
    }, follow=True)
    page = response.content.decode()
    assert "2 reports attached." in page and "bad.pdf: the content is not a pdf" in page.lower()
    assert sorted(Report.objects.values_list("title", flat=True)) == ["crime", "strategy"]
    assert all(r.is_restricted and r.uploaded_by == officer for r in Report.objects.all())
    assert ExpectedReport.objects.get().status == ExpectedReport.Status.ATTACHED
    change = officer_client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content.decode()
    assert "Attach reports" in change and "crime.pdf" in change and "reports the minutes name" in change.lower()


def test_partners_and_staff_without_permission_cannot_attach():
    item = AgendaItemFactory()
    url = reverse("admin:meetings_agendaitem_attach_reports", args=[item.pk])
    partner = Client()
    partner.force_login(user_in_group("Partners", username="p"))
    assert partner.get(url).status_code == 302  # to the admin's login: partners are not staff
    staff = Client()
    from django.contrib.auth.models import User

    staff.force_login(User.objects.create_user(username="s", password="a-long-test-password", is_staff=True))
    assert staff.post(url, {"files": [upload("a.pdf", pdf_bytes(["x"]))], "kind": "report"}).status_code == 403
    assert not Report.objects.exists()


def test_report_admin_delete_goes_through_the_service(officer_client, django_capture_on_commit_callbacks):
    from meetings.reports.services import report_attach

    report = report_attach(item=AgendaItemFactory(), file=upload("a.pdf", pdf_bytes(["x"])))
    path = report.file.path
    url = reverse("admin:meetings_report_delete", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url, {"post": "yes"})
    assert not Report.objects.exists()
    import os
    assert not os.path.exists(path)


def test_import_preview_lists_expected_reports_and_confirm_records_them(officer_client):
    """The preview names the reports the minutes mention; confirming records them as expected."""
    from tests.meetings.test_import_admin import CONFIRM_URL, ConfirmForm, preview

    html = preview(officer_client, "ssp-2022-03-23.txt").content.decode()
    assert "Expected report" in html and "Stockton-on-Tees Community Safety Strategy" in html
    assert officer_client.post(CONFIRM_URL, ConfirmForm(html).data()).status_code == 302
    expected = ExpectedReport.objects.get(title="Stockton-on-Tees Community Safety Strategy")
    assert expected.item.title == "Community Safety Strategy" and expected.status == ExpectedReport.Status.EXPECTED


def test_import_preview_marks_an_expected_report_not_held(officer_client):
    """Ticking "Not held" in the preview records the report so, in the import's own transaction; a value the
    document does not name (a tampered form) is ignored rather than guessed at."""
    import re

    from tests.meetings.test_import_admin import CONFIRM_URL, ConfirmForm, preview

    html = preview(officer_client, "ssp-2022-03-23.txt").content.decode()
    box = re.search(r'<input type="checkbox" name="([^"]+-not-held)" value="([^"]+)"[^>]*>\s*<label[^>]*>Not held'
                    r'<span class="visually-hidden"> – Stockton-on-Tees Community Safety Strategy', html)
    assert box, "the preview offers a Not held box for the report"
    name, value = box.groups()
    form = ConfirmForm(html)
    data = form.data(add=[(name, value), (name, "999:0"), (name, f"{value.split(':')[0]}:99"), (name, "x:y")])
    assert officer_client.post(CONFIRM_URL, data).status_code == 302
    expected = ExpectedReport.objects.get(title="Stockton-on-Tees Community Safety Strategy")
    assert expected.status == ExpectedReport.Status.NOT_HELD
    assert ExpectedReport.objects.filter(status=ExpectedReport.Status.NOT_HELD).count() == 1
