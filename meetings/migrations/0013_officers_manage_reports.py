"""Let the Democratic services group attach, edit and delete reports and mark expected reports."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICERS = "Democratic services"
CODENAMES = [f"{action}_{model}" for model in ("report", "expectedreport")
             for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; this migration needs them now.
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(*Permission.objects.filter(content_type__app_label="meetings", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers = Group.objects.filter(name=OFFICERS).first()
    if officers:
        officers.permissions.remove(*Permission.objects.filter(content_type__app_label="meetings",
                                                               codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_reports_search_index")]
    operations = [migrations.RunPython(grant, revoke)]
