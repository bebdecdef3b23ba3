"""A–Z by surname: the sort key (pure) and its upkeep on Person (save, bulk create, migration)."""
import pytest

from people.models import Person
from people.names import person_sort_key


@pytest.mark.parametrize(("name", "key"), [
    ("Sarah Bowman-Abouna", "bowman abouna sarah"),  # a hyphenated surname is one surname
    ("Cllr Steve Nelson", "nelson steve"),  # honorifics are shown, never sorted on
    ("Dr Ann O'Neill", "oneill ann"),
    ("C/Supt Jane Doe", "doe jane"),
    ("Det Ch Insp Mark Stead", "stead mark"),
    ("Jane Smith OBE", "smith jane"),  # letters after the name too
    ("Cunningham", "cunningham"),  # a bare surname, as the 2012 minutes list an apology
    ("Cllr Smith", "smith"),
    ("Zoë Ångström", "angstrom zoe"),
    ("", ""),
])
def test_person_sort_key(name, key):
    assert person_sort_key(name) == key


@pytest.mark.django_db
def test_save_and_bulk_create_keep_the_sort_key():
    person = Person.objects.create(name="Steve Nelson", honorific="Cllr")
    assert person.sort_name == "nelson steve"
    person.name = "Steven Nelson"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.sort_name == "nelson steven"
    [bulk] = Person.objects.bulk_create([Person.build(name="Ann McCoy", slug="ann-mccoy")])
    assert Person.objects.get(pk=bulk.pk).sort_name == "mccoy ann"


@pytest.mark.django_db
def test_data_migration_fills_the_sort_key_of_existing_people():
    """The migration's function, run on rows written without a key (as before the field existed)."""
    import importlib

    from django.apps import apps

    Person.objects.bulk_create([Person(name="Marc Anderson", slug="marc-anderson"),
                                Person(name="Cllr Jim Beall", slug="jim-beall")])
    assert set(Person.objects.values_list("sort_name", flat=True)) == {""}
    migration = importlib.import_module("people.migrations.0004_fill_person_sort_name")
    migration.fill(apps, None)
    assert dict(Person.objects.values_list("slug", "sort_name")) == {
        "marc-anderson": "anderson marc", "jim-beall": "beall jim"}
