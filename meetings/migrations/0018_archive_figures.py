"""ArchiveFigure: figures over the whole archive kept per version and audience (meetings/figures.py).

Deliberately no archive stamp trigger on it: keeping a figure must not retire the figures and pages
kept for the same version (tests/meetings/test_figures.py checks it)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0017_stamp_triggers_everywhere'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArchiveFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('audience', models.CharField(max_length=20)),
                ('version', models.BigIntegerField()),
                ('stamped_at', models.DateTimeField(help_text="The archive stamp's changed_at when this was computed.")),
                ('value', models.JSONField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('name', 'audience', 'version', 'stamped_at'), name='one_figure_per_archive_version')],
            },
        ),
    ]
