"""Let the Democratic services group see failed sign-ins and unlock an account (delete its access attempt)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICERS = "Democratic services"
PERMISSIONS = ("view_accessattempt", "delete_accessattempt", "view_accessfailurelog", "view_accesslog")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; this migration needs axes's now.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(*Permission.objects.filter(content_type__app_label="axes", codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officers = Group.objects.filter(name=OFFICERS).first()
    if officers:
        officers.permissions.remove(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_officers_view_import_runs"), ("axes", "0010_accessattemptexpiration")]
    operations = [migrations.RunPython(grant, revoke)]
