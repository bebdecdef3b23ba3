"""Create the officers' and partners' groups, and the Safer Stockton Partnership as the first body."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_MODELS = {
    "meetings": ["body", "meeting", "agendaitem", "resolution", "attendance", "declaration"],
    "people": ["person", "personalias", "organisation", "organisationalias"],
}
OFFICERS = "Democratic services"
PARTNERS = "Partners"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_restricted = Permission.objects.get(content_type__app_label="meetings", codename="view_restricted")

    officer_perms = [view_restricted]
    for app_label, models in ARCHIVE_MODELS.items():
        for model in models:
            for action in ("view", "add", "change", "delete"):
                officer_perms.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.add(*officer_perms)
    partners, _ = Group.objects.get_or_create(name=PARTNERS)
    partners.permissions.set([view_restricted])

    Body = apps.get_model("meetings", "Body")
    Body.objects.get_or_create(
        slug="safer-stockton-partnership",
        defaults={"name": "Safer Stockton Partnership", "short_name": "SSP",
                  "description": "The statutory community safety partnership of Stockton-on-Tees."},
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[OFFICERS, PARTNERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
