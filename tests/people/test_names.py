"""Name normalisation: spellings of one person compare equal; different people do not."""
import pytest

from people.names import normalise_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sarah Bowman-Abouna", "sarah bowman abouna"),
        ("Cllr Steve Nelson", "Steve Nelson"),
        ("Councillor Mrs Ann McCoy", "Ann  McCoy"),
        ("Cllr Norma Stephenson OBE", "Norma Stephenson"),
        ("Insp. Dan Herring", "Dan Herring"),
        ("Stockton-on-Tees Borough Council", "Stockton on Tees Borough Council"),
        ("Renée O’Brien", "Renee OBrien"),
    ],
)
def test_spellings_of_one_name_normalise_equal(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_people_stay_different():
    assert normalise_name("Marc Stephenson") != normalise_name("Norma Stephenson")
