"""Keep minutes documents outside MEDIA_ROOT, and let Democratic services open them from the admin.

Files an earlier version stored under MEDIA_ROOT are moved to MINUTES_DOCUMENTS_DIR (same names),
so that nothing served, even by a DEBUG media route or a misconfigured web server, holds them.
"""
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import meetings.storage

OFFICERS = "Democratic services"


def grant_and_move(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perm = Permission.objects.get(content_type__app_label="meetings", codename="view_source_document")
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(perm)

    old_root, new_root = Path(settings.MEDIA_ROOT), Path(settings.MINUTES_DOCUMENTS_DIR)
    Meeting = apps.get_model("meetings", "Meeting")
    for name in Meeting.objects.exclude(source_document="").values_list("source_document", flat=True):
        old, new = old_root / name, new_root / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="meetings", codename="view_source_document").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0004_officers_view_import_runs"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="meeting",
            options={
                "get_latest_by": "date", "ordering": ["-date"],
                "permissions": [("view_source_document", "Can open the minutes document a meeting was imported from")],
            },
        ),
        migrations.AlterField(
            model_name="meeting",
            name="source_document",
            field=models.FileField(blank=True, storage=meetings.storage.source_document_storage, upload_to="minutes/%Y/"),
        ),
        migrations.RunPython(grant_and_move, revoke),
    ]
