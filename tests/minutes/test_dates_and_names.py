"""The small readers the parser is built from: dates, times and people's names as printed."""
import datetime as dt

import pytest

from meetings.minutes.dates import parse_date, parse_date_near, parse_time
from meetings.minutes.names import split_name


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("28 January 2020", dt.date(2020, 1, 28)),
        ("4th April, 2017", dt.date(2017, 4, 4)),
        ("Tuesday 12th September 2006", dt.date(2006, 9, 12)),
        ("Tuesday, 14th August, 2012.", dt.date(2012, 8, 14)),
        ("17/07/2024", dt.date(2024, 7, 17)),  # day first, as in every UK document
        ("16.02.17", dt.date(2017, 2, 16)),
        ("Wednesday 14th May 2025 9.00 am", dt.date(2025, 5, 14)),
        ("12th of Sept 2019", dt.date(2019, 9, 12)),
        ("January 28, 2020", dt.date(2020, 1, 28)),
        ("31 February 2020", None),
        ("the 2011-2014 Community Safety Plan", None),
    ],
)
def test_dates(printed, expected):
    assert parse_date(printed) == expected


@pytest.mark.parametrize(
    "printed, meeting, expected",
    [
        ("Tuesday 25 September at 1.30 p.m.", dt.date(2012, 8, 14), dt.date(2012, 9, 25)),
        ("Tuesday 16 January", dt.date(2023, 11, 21), dt.date(2024, 1, 16)),  # the next year
        ("Tuesday 16 January", None, None),  # no meeting date: no year to take
        ("8 June 2022.", dt.date(2022, 3, 23), dt.date(2022, 6, 8)),
    ],
)
def test_dates_without_a_year(printed, meeting, expected):
    assert parse_date_near(printed, meeting) == expected


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("1.30 p.m.", dt.time(13, 30)),
        ("9.30am", dt.time(9, 30)),
        ("9.00 am", dt.time(9, 0)),
        ("2.00pm", dt.time(14, 0)),
        ("12 noon", dt.time(12, 0)),
        ("12.15 p.m.", dt.time(12, 15)),
        ("the 2 Amendments", None),
        ("figures correct at (12/11.19)", None),
    ],
)
def test_times(printed, expected):
    assert parse_time(printed) == expected


def test_twenty_four_hour_times_only_where_a_label_says_time():
    assert parse_time("14:00") is None
    assert parse_time("14:00", allow_24h=True) == dt.time(14, 0)


@pytest.mark.parametrize(
    "printed, name, honorific",
    [
        ("Cllr Steve Nelson", "Steve Nelson", "Cllr"),
        ("Councillor Coombs", "Coombs", "Cllr"),
        ("Cll Ken Lupton", "Ken Lupton", "Cllr"),  # a typo in several sets of minutes
        ("Cllr Mrs Cunningham", "Cunningham", "Cllr Mrs"),
        ("Cllr Norma Stephenson OBE", "Norma Stephenson", "Cllr"),
        ("Insp Alastair Simpson", "Alastair Simpson", "Insp"),
        ("Chief Superintendent Ian Lowes", "Ian Lowes", "Chief Superintendent"),
        ("Di Smith", "Di Smith", None),  # a first name, not a rank
        ("Mrs", "Mrs", None),  # nothing left to be the name: kept rather than lost
    ],
)
def test_names(printed, name, honorific):
    assert split_name(printed) == (name, honorific)
