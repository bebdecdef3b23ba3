"""Loading the partners' known spellings: organisations and aliases, idempotently."""
import json

import pytest
from django.core.management import CommandError, call_command

from people.models import Organisation, OrganisationAlias
from people.services import organisations_load

pytestmark = pytest.mark.django_db

ENTRIES = [
    {"name": "Stockton-on-Tees Borough Council", "short_name": "SBC", "aliases": ["SBC", "Stockton Council"]},
    {"name": "Office of the Police and Crime Commissioner", "aliases": ["OPCC", "Office of the PCC"]},
]


def test_organisations_and_aliases_are_created_once():
    assert organisations_load(entries=ENTRIES) == (2, 4)
    assert organisations_load(entries=ENTRIES) == (0, 0)
    council = Organisation.objects.get(short_name="SBC")
    assert set(council.aliases.values_list("name", flat=True)) == {"SBC", "Stockton Council"}


def test_an_alias_already_held_by_another_organisation_is_left_with_it():
    """An officer's own alias is never moved by a re-load of the reference list."""
    other = Organisation.objects.create(name="Stockton Council Housing")
    OrganisationAlias.objects.create(organisation=other, name="Stockton Council")
    organisations_load(entries=ENTRIES)
    assert OrganisationAlias.objects.get(name="Stockton Council").organisation == other


def test_sample_reference_list_loads_through_the_command(tmp_path):
    call_command("load_organisations", "sample_data/organisations.json")
    assert Organisation.objects.filter(name="Stockton-on-Tees Borough Council").exists()
    assert OrganisationAlias.objects.filter(name="Office of the PCC").exists()


def test_a_bad_file_names_the_file_and_changes_nothing(tmp_path):
    bad = tmp_path / "orgs.json"
    bad.write_text(json.dumps([{"short_name": "no name"}]))
    with pytest.raises(CommandError, match="orgs.json"):
        call_command("load_organisations", str(bad))
    assert not Organisation.objects.exists()
