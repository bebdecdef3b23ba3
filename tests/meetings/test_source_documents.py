"""Minutes documents are never public: stored outside anything served, opened only by officers (issue 10, path 4)."""
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from meetings.storage import NO_PUBLIC_URL
from tests.factories import MeetingFactory, user_in_group

pytestmark = pytest.mark.django_db

SECRET = b"SSP 3/20 Operation Gannetfold: restricted intelligence, source document only."


@pytest.fixture
def stored(settings):
    meeting = MeetingFactory()
    meeting.source_document.save("ssp-2020-01-28.txt", ContentFile(SECRET), save=False)
    meeting.source_filename = "ssp-2020-01-28.txt"
    meeting.save()
    return meeting


def source_url(meeting) -> str:
    return reverse("admin:meetings_meeting_source_document", args=[meeting.pk])


def test_document_is_kept_outside_media_root_and_has_no_url(stored, settings):
    """The file is under MINUTES_DOCUMENTS_DIR, nothing is under MEDIA_ROOT, and asking for a URL fails."""
    path = Path(stored.source_document.path)
    assert Path(settings.MINUTES_DOCUMENTS_DIR) in path.parents
    assert path.read_bytes() == SECRET
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.txt"))
    with pytest.raises(ValueError, match=NO_PUBLIC_URL):
        stored.source_document.url  # noqa: B018 (the access is the test)


@pytest.mark.parametrize("debug", [True, False])
def test_guessed_media_urls_are_not_found(client, stored, settings, debug):
    """An attacker guessing /media/minutes/<year>/<file> (what DEBUG used to serve) gets a 404."""
    settings.DEBUG = debug
    name = stored.source_document.name
    for url in (f"/media/{name}", f"/{settings.MEDIA_URL.strip('/')}/{name}", f"/minutes/{name}",
                f"/media/minutes/2020/{Path(name).name}", f"/{name}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content


def test_only_officers_with_the_permission_open_the_original(stored, partner, officer):
    """Anonymous and partners are sent to the admin login; staff without the permission get a 403;
    an officer (Democratic services) downloads it as a private, non-sniffable attachment."""
    url = source_url(stored)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    partner_client = Client()
    partner_client.force_login(partner)
    assert partner_client.get(url).status_code == 302  # not staff: the admin's own login
    staff = User.objects.create_user("clerk", password="a-long-test-password", is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff)
    denied = staff_client.get(url)
    assert denied.status_code == 403 and SECRET not in denied.content
    officer_client = Client()
    officer_client.force_login(officer)
    response = officer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="ssp-2020-01-28.txt"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/octet-stream"


def test_partner_with_staff_status_but_no_permission_is_refused(stored):
    """A partner account wrongly given staff status still cannot open originals."""
    user = user_in_group("Partners", username="staffpartner", staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(source_url(stored)).status_code == 403


def test_meeting_page_in_admin_links_to_the_view(stored, officer):
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("admin:meetings_meeting_change", args=[stored.pk])).content.decode()
    assert source_url(stored) in page
    assert "/media/" not in page


def test_missing_document_is_a_404_for_officers(officer):
    meeting = MeetingFactory()
    client = Client()
    client.force_login(officer)
    assert client.get(source_url(meeting)).status_code == 404
    assert client.get(reverse("admin:meetings_meeting_source_document", args=[999999])).status_code == 404


@pytest.mark.parametrize("setting", ["MINUTES_DOCUMENTS_DIR", "MINUTES_STAGING_DIR"])
def test_a_private_folder_inside_a_served_one_stops_the_site(settings, tmp_path, setting):
    """Configuring uploads or staging under MEDIA_ROOT or STATIC_ROOT is a system check error."""
    assert not [e for e in run_checks() if e.id == "meetings.E001"]
    setattr(settings, setting, Path(settings.STATIC_ROOT) / "minutes")
    assert [e.id for e in run_checks() if e.id == "meetings.E001"] == ["meetings.E001"]
    setattr(settings, setting, Path(settings.MEDIA_ROOT) / "minutes")
    assert [e.id for e in run_checks() if e.id == "meetings.E001"] == ["meetings.E001"]
