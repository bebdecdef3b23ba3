import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
"""Record every merge of people or organisations so that an officer can undo it; officers may read them."""
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

OFFICERS = "Democratic services"


def grant_view(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="meetings", codename="view_mergerecord")
    officers, _ = apps.get_model("auth", "Group").objects.get_or_create(name=OFFICERS)
    officers.permissions.add(view)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0006_public_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MergeRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organisation', 'Organisation')], max_length=15)),
                ('kept_id', models.PositiveBigIntegerField(help_text='The record kept (a person or organisation).')),
                ('kept_name', models.CharField(max_length=200)),
                ('merged_name', models.CharField(help_text='The record folded in and deleted.', max_length=200)),
                ('merged_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('snapshot', models.JSONField(default=dict)),
                ('undone_at', models.DateTimeField(blank=True, null=True)),
                ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'merge',
                'ordering': ['-merged_at', '-pk'],
            },
        ),
        migrations.RunPython(grant_view, migrations.RunPython.noop),
    ]
