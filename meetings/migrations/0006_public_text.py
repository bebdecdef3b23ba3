"""Store the public text of items and resolutions and each declaration's withheld flag, for every meeting."""
from django.db import migrations, models

from meetings.redaction import refresh_public_text


def compute(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Declaration = apps.get_model("meetings", "Declaration")
    Resolution = apps.get_model("meetings", "Resolution")
    for meeting_id in apps.get_model("meetings", "Meeting").objects.values_list("pk", flat=True):
        refresh_public_text(meeting_id, item_model=AgendaItem, declaration_model=Declaration,
                            resolution_model=Resolution)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_private_source_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='agendaitem',
            name='public_minute',
            field=models.TextField(blank=True, editable=False, help_text='The minute as the public reads it: sentences naming a restricted item withheld.'),
        ),
        migrations.AddField(
            model_name='declaration',
            name='withheld',
            field=models.BooleanField(default=False, editable=False, help_text='Its text or item number names a restricted item, so it is restricted too (kept by the import).'),
        ),
        migrations.AddField(
            model_name='resolution',
            name='public_text',
            field=models.TextField(blank=True, editable=False, help_text='The resolution as the public reads it: sentences naming a restricted item withheld.'),
        ),
        migrations.RunPython(compute, migrations.RunPython.noop),
    ]
