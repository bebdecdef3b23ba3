"""Let the Democratic services group read import runs (the record of every import; nobody edits one)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICERS = "Democratic services"


def grant_view(apps, schema_editor):
    # Permissions are normally created after all migrations run; this migration needs them now.
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="meetings", codename="view_importrun")
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(view)


def revoke_view(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="meetings", codename="view_importrun").first()
    officers = Group.objects.filter(name=OFFICERS).first()
    if view and officers:
        officers.permissions.remove(view)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_importrun")]
    operations = [migrations.RunPython(grant_view, revoke_view)]
