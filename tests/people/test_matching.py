"""Matching names from minutes: exact through normalised spellings and aliases, near ones only suggested."""
import pytest

from people.matching import (
    NameDirectory,
    first_names_compatible,
    organisation_directory,
    organisation_names_near,
    people_names_near,
    person_directory,
    split_affiliation,
)
from people.models import OrganisationAlias, PersonAlias
from people.names import normalise_name
from tests.factories import OrganisationFactory, PersonFactory


def near(a, b):
    return people_names_near(normalise_name(a), normalise_name(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sarah Bowman-Abouna", "Sarah Bowman-Abuna"),  # 2020 and 2024 minutes
        ("Dave Willingham", "David Willingham"),  # 2020/2022 and 2017/2024 minutes
        ("Steve Hume", "Steven Hume"),  # 2017 and 2012 minutes
        ("Mandie Rowlands", "Mandy Rowlands"),
        ("Cunningham", "Councillor Mike Cunningham"),  # 2012 apologies give a surname only
    ],
)
def test_spellings_that_may_be_one_person_are_near(a, b):
    assert near(a, b) and near(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Angela Connor", "Angela Corner"),  # both listed at the 28 January 2020 meeting
        ("Marc Stephenson", "Norma Stephenson"),
        ("Marc Anderson", "Kerry Anderson"),
        ("Sarah Wilson", "Sarah McManus"),
        ("Steve Nelson", "Cllr Steve Nelson"),  # the same key: an exact match, not a near one
    ],
)
def test_different_people_and_exact_spellings_are_not_near(a, b):
    assert not near(a, b)


def test_first_names_compatible_by_short_form_or_prefix_only():
    assert first_names_compatible("dave", "david")
    assert first_names_compatible("jon", "jonathan")
    assert not first_names_compatible("jo", "john")  # two letters are too few to call a prefix
    assert not first_names_compatible("marc", "norma")


@pytest.mark.parametrize(
    ("affiliation", "expected"),
    [
        ("SBC – Public Health", ("SBC", "Public Health")),
        ("SBC - Cabinet Member for Adult Social Care", ("SBC", "Cabinet Member for Adult Social Care")),
        ("Stockton-on-Tees Borough Council", ("Stockton-on-Tees Borough Council", "")),
        ("Noms N.E", ("Noms N.E", "")),
        ("", ("", "")),
    ],
)
def test_split_affiliation_at_a_spaced_dash_only(affiliation, expected):
    assert split_affiliation(affiliation) == expected


def test_organisations_near_by_leading_words_or_spelling():
    assert organisation_names_near("thirteen", "thirteen group")
    assert organisation_names_near("cleveland fire brigade", "cleveland fire brigad")
    assert not organisation_names_near("cleveland police", "catalyst")


def test_directory_finds_by_any_spelling_and_flags_shared_ones():
    directory = NameDirectory([(1, "David Willingham", ["Dave Willingham"]), (2, "Ann McCoy", ["D Willingham"]),
                               (3, "Dave Willingham", [])])
    assert directory.find("Cllr David  Willingham").pk == 1
    assert directory.find("dave willingham").pk == 1  # first holder keeps a shared spelling
    assert "dave willingham" in directory.ambiguous
    assert directory.find("Nobody Known") is None


def test_directory_near_excludes_and_ranks():
    directory = NameDirectory([(1, "David Willingham", []), (2, "Angela Corner", [])])
    assert [k.pk for k in directory.near("Dave Willingham")] == [1]
    assert directory.near("Dave Willingham", exclude=[1]) == []
    assert directory.near("Angela Connor") == []


@pytest.mark.django_db
def test_loaders_read_names_and_aliases_from_the_database(django_assert_num_queries):
    person = PersonFactory(name="Sarah Bowman-Abouna")
    PersonAlias.objects.create(person=person, name="Sarah Bowman-Abuna")
    organisation = OrganisationFactory(name="Cleveland Fire Brigade", short_name="CFB")
    OrganisationAlias.objects.create(organisation=organisation, name="Cleveland Fire Service")
    with django_assert_num_queries(4):
        people, organisations = person_directory(), organisation_directory()
    assert people.find("sarah bowman abuna").pk == person.pk
    assert organisations.find("CFB").pk == organisation.pk
    assert organisations.find("Cleveland Fire Service").pk == organisation.pk
