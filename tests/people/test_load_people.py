"""Loading the known other spellings of people (sample_data/people.json), idempotently, and the
import then matching them: one record per real person."""
import json

import pytest
from django.core.management import CommandError, call_command

from people.matching import person_directory
from people.models import Person, PersonAlias
from people.services import people_load

pytestmark = pytest.mark.django_db

ENTRIES = [
    {"name": "David Willingham", "aliases": ["Dave Willingham"]},
    {"name": "Sarah Bowman-Abouna", "honorific": "Cllr", "aliases": ["Sarah Bowman-Abuna"]},
]


def test_people_and_aliases_are_created_once():
    assert people_load(entries=ENTRIES) == (2, 2, [])
    assert people_load(entries=ENTRIES) == (0, 0, [])
    sarah = Person.objects.get(name="Sarah Bowman-Abouna")
    assert sarah.honorific == "Cllr" and sarah.sort_name == "bowman abouna sarah"
    assert list(sarah.aliases.values_list("name", flat=True)) == ["Sarah Bowman-Abuna"]


def test_an_existing_person_found_by_an_alias_gains_the_rest():
    """Someone imported as "Dave Willingham" before the list existed is completed, not duplicated."""
    dave = Person.objects.create(name="Dave Willingham")
    assert people_load(entries=ENTRIES[:1]) == (0, 1, [])
    assert Person.objects.filter(name__contains="Willingham").count() == 1
    assert PersonAlias.objects.get().person == dave


def test_two_records_already_imported_are_reported_never_merged():
    """Merging moves attendance: an officer's decision. The load says so and leaves both."""
    Person.objects.create(name="David Willingham")
    Person.objects.create(name="Dave Willingham")
    created, aliases, conflicts = people_load(entries=ENTRIES[:1])
    assert (created, aliases) == (0, 0)
    assert conflicts and "Dave Willingham" in conflicts[0]
    assert Person.objects.count() == 2 and not PersonAlias.objects.exists()


def test_an_alias_already_held_by_another_person_is_left_with_them():
    other = Person.objects.create(name="Dave W. Willingham")
    PersonAlias.objects.create(person=other, name="Dave Willingham")
    people_load(entries=ENTRIES[:1])
    assert PersonAlias.objects.get(name="Dave Willingham").person == other


def test_sample_list_loads_and_the_import_directory_matches_each_spelling():
    call_command("load_people", "sample_data/people.json")
    directory = person_directory()
    for a, b in [("Dave Willingham", "David Willingham"), ("Steve Hume", "Steven Hume"),
                 ("Sarah Bowman-Abuna", "Sarah Bowman-Abouna")]:
        assert directory.find(a) is not None and directory.find(a) == directory.find(b)


def test_a_bad_file_names_the_file(tmp_path):
    bad = tmp_path / "people.json"
    bad.write_text(json.dumps([{"aliases": ["x"]}]))
    with pytest.raises(CommandError, match="people.json"):
        call_command("load_people", str(bad))
    assert not Person.objects.exists()


def test_samples_as_make_samples_loads_them_give_one_record_per_real_person():
    """`make samples`: organisations, then people, then the minutes. Dave (2020) and David (2017)
    Willingham, Steve/Steven Hume, Bowman-Abouna/Abuna are one record each, with all their attendance."""
    from io import StringIO
    from pathlib import Path

    from django.conf import settings

    call_command("load_organisations", "sample_data/organisations.json", stdout=StringIO())
    call_command("load_people", "sample_data/people.json", stdout=StringIO())
    out = StringIO()
    call_command("import_minutes", "--publish", str(Path(settings.BASE_DIR) / "sample_data" / "minutes"),
                 stdout=out, stderr=StringIO())
    assert "Imported 5, skipped 0, failed 0." in out.getvalue()
    assert "may be “David Willingham”" not in out.getvalue()
    for surname, name, meetings in [("Willingham", "David Willingham", 4), ("Hume", "Steven Hume", 2),
                                    ("Bowman-Ab", "Sarah Bowman-Abouna", 2)]:
        [person] = Person.objects.filter(name__contains=surname)
        assert person.name == name and person.attendance.count() == meetings


def test_make_samples_loads_people_before_the_minutes():
    """The order matters: minutes imported first would create Dave and David as two records."""
    from pathlib import Path

    from django.conf import settings

    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nsamples:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("load_people sample_data/people.json") < recipe.index("import_minutes")
