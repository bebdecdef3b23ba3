"""The import-export resources: columns per user, formula neutralising, and the admin's export through them."""
import pytest
from django.urls import reverse
from import_export.formats.base_formats import CSV

from meetings.resources import AttendanceResource, ResolutionResource, spreadsheet_safe


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"),
    ("+44 1642", "'+44 1642"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tindented", "'\tindented"),
    ("\rcarriage", "'\rcarriage"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("the report be noted.", "the report be noted."),
    ("a = b", "a = b"),
    ("", ""),
    (None, None),
    (True, True),
])
def test_spreadsheet_safe(text, expected):
    assert spreadsheet_safe(text) == expected


def test_resolution_headers_depend_on_who_asks(anonymous, partner, officer):
    """Only users who may view restricted items get the "Restricted" column."""
    assert "Restricted" not in ResolutionResource(user=anonymous).get_export_headers()
    assert ResolutionResource(user=None).get_export_headers() == ResolutionResource(user=anonymous).get_export_headers()
    for user in (partner, officer):
        assert ResolutionResource(user=user).get_export_headers()[6] == "Restricted"


def test_resource_rows_come_from_the_visible_queryset(anonymous, partner, archive):
    assert ResolutionResource(user=anonymous).get_queryset().count() == 5
    assert ResolutionResource(user=partner).get_queryset().count() == 6
    assert ResolutionResource(user=partner, filters={"year": "2019"}).get_queryset().count() == 1


def test_resource_export_without_a_request_gives_site_relative_links(anonymous, archive):
    dataset = ResolutionResource(user=anonymous).export()
    assert dataset.headers[-1] == "Link"
    assert dataset[0][-1] == archive.asb.get_absolute_url()
    assert dataset[1][5] == "'=HYPERLINK(\"http://evil.example/\",\"Click\")"


def test_attendance_resource_headers():
    assert AttendanceResource().get_export_headers() == ["Meeting date", "Person", "Role", "Capacity", "Organisation"]


def _admin_export(client, model, resource_class):
    url = reverse(f"admin:meetings_{model}_export")
    page = client.get(url)
    assert page.status_code == 200
    formats = page.context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if label.lower() == "csv")
    data = {"format": csv_index, "resource": 0}
    prefix = resource_class.__name__.lower()
    data.update({f"{prefix}_{name}": "on" for name in resource_class._meta.export_order})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(CSV().get_content_type())
    return response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_admin_exports_resolutions_through_the_same_resource(client, officer, archive):
    client.force_login(officer)
    text = _admin_export(client, "resolution", ResolutionResource)
    assert text.splitlines()[0] == (
        "Meeting date,Body,Item number,Item title,Resolution reference,Resolution,Restricted,Link"
    )
    assert "the Zephyr report be noted." in text
    assert "http://testserver" + archive.secret.get_absolute_url() in text
    assert "'=HYPERLINK" in text


@pytest.mark.django_db
def test_admin_exports_attendance(client, officer, archive):
    client.force_login(officer)
    text = _admin_export(client, "attendance", AttendanceResource)
    lines = text.splitlines()
    assert lines[0] == "Meeting date,Person,Role,Capacity,Organisation"
    assert "2019-11-22,Supt Steve Nelson,Present,Chair,Cleveland Police" in lines[1:]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["resolution", "attendance"])
def test_staff_without_the_view_permission_cannot_export(client, archive, model):
    """Staff status alone opens the admin, not the export page, its POST, or the changelist action."""
    from django.contrib.auth.models import User

    staff = User.objects.create_user(username="bare-staff", password="x", is_staff=True)
    client.force_login(staff)
    url = reverse(f"admin:meetings_{model}_export")
    assert client.get(url).status_code == 403
    assert client.post(url, {"format": 0, "resource": 0}).status_code == 403
    changelist = reverse(f"admin:meetings_{model}_changelist")
    assert client.post(changelist, {"action": "export_admin_action", "_selected_action": [1]}).status_code == 403


@pytest.mark.django_db
def test_the_view_permission_alone_is_enough_to_export(client, archive):
    from django.contrib.auth.models import Permission, User

    reader = User.objects.create_user(username="reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_resolution"))
    client.force_login(reader)
    text = _admin_export(client, "resolution", ResolutionResource)
    assert text.startswith("Meeting date,Body")
