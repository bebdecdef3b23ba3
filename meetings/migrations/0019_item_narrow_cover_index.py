"""An index keyed by the item's id that holds its meeting, restriction and position (see AgendaItem.Meta).

SQLite's planner takes it over the table's primary key only when it has statistics for it, so where the
database already has planner statistics (meetings/planner_statistics.py: the demo generator and
`manage.py refresh_planner_statistics` write them) the items' table is analysed again once the index is
built. A database never analysed is left so: statistics for one table alone could change other plans.
"""
from django.db import migrations, models


def analyse_items_where_analysed(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL keeps statistics per column, not per index: an index of plain columns needs none
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute('ANALYZE "meetings_agendaitem"')


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0018_archive_figures'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='agendaitem',
            index=models.Index(fields=['id', 'meeting', 'is_restricted', 'position'], name='item_id_narrow_cover'),
        ),
        migrations.RunPython(analyse_items_where_analysed, migrations.RunPython.noop),
    ]
