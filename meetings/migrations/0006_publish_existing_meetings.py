"""Meetings already in the archive were public before review existed: mark them published (with a
line in their history saying so), and let the Democratic services group see and work the review queue."""
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

OFFICERS = "Democratic services"
OFFICER_PERMS = ["view_unpublished", "view_meetingawaitingreview", "change_meetingawaitingreview"]
REASON = "Published: already public when review before publication began"


def publish_existing(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    HistoricalMeeting = apps.get_model("meetings", "HistoricalMeeting")
    now = timezone.now()
    Meeting.objects.filter(is_published=False).update(
        is_published=True, published_at=Coalesce(F("imported_at"), F("created_at"))
    )
    copied = [f.attname for f in HistoricalMeeting._meta.fields if not f.name.startswith("history_")]
    HistoricalMeeting.objects.bulk_create(
        HistoricalMeeting(
            **{name: getattr(meeting, name) for name in copied},
            history_date=now, history_type="~", history_change_reason=REASON,
        )
        for meeting in Meeting.objects.filter(is_published=True).iterator()
    )

    # Permissions are normally created after all migrations run; this migration needs them now.
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(
        *Permission.objects.filter(content_type__app_label="meetings", codename__in=OFFICER_PERMS)
    )


def unpublish_all(apps, schema_editor):
    # The fields go when 0005 is reversed; only the officers' permissions need taking back.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers = Group.objects.filter(name=OFFICERS).first()
    if officers:
        officers.permissions.remove(
            *Permission.objects.filter(content_type__app_label="meetings", codename__in=OFFICER_PERMS)
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_publication_and_history")]
    operations = [migrations.RunPython(publish_existing, unpublish_all)]
