"""Fill Person.sort_name (surname first, no honorifics) for the people already in the archive."""
from django.db import migrations

from people.names import person_sort_key


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    people = list(Person.objects.only("pk", "name"))
    for person in people:
        person.sort_name = person_sort_key(person.name)
    Person.objects.bulk_update(people, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_sort_name_and_slug_redirects")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
