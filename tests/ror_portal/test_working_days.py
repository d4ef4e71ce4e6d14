"""The last working day before a date: weekends and Norway's public holidays, the
Easter-based ones included (ror_portal/dates.py)."""

import datetime

import pytest

from ror_portal.dates import easter_sunday, last_working_day_before, public_holidays

day = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, day(2024, 3, 31)), (2025, day(2025, 4, 20)), (2026, day(2026, 4, 5)),
     (2027, day(2027, 3, 28)), (2038, day(2038, 4, 25)), (2000, day(2000, 4, 23))],
)  # fmt: skip
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_public_holidays_of_2024():
    assert sorted(public_holidays(2024)) == [
        day(2024, 1, 1),  # nyttårsdag
        day(2024, 3, 28),  # skjærtorsdag
        day(2024, 3, 29),  # langfredag
        day(2024, 3, 31),  # 1. påskedag
        day(2024, 4, 1),  # 2. påskedag
        day(2024, 5, 1),  # arbeidernes dag
        day(2024, 5, 9),  # Kristi himmelfartsdag
        day(2024, 5, 17),  # grunnlovsdagen
        day(2024, 5, 19),  # 1. pinsedag
        day(2024, 5, 20),  # 2. pinsedag
        day(2024, 12, 25),  # 1. juledag
        day(2024, 12, 26),  # 2. juledag
    ]


@pytest.mark.parametrize(
    ("before", "working_day"),
    [
        (day(2024, 3, 1), day(2024, 2, 29)),  # Friday: the Thursday of a leap year
        (day(2024, 3, 4), day(2024, 3, 1)),  # Monday: the Friday
        (day(2024, 4, 1), day(2024, 3, 27)),  # Easter Monday: the Wednesday before Easter
        (day(2024, 4, 2), day(2024, 3, 27)),  # the Tuesday after Easter, too
        (day(2024, 5, 21), day(2024, 5, 16)),  # Whit Monday and 17 May (a Friday) between
        (day(2024, 5, 10), day(2024, 5, 8)),  # Ascension Day, Thursday 09.05
        (day(2025, 1, 1), day(2024, 12, 31)),  # New Year's Eve is a working day
        (day(2024, 12, 27), day(2024, 12, 24)),  # and Christmas Eve
        (day(2025, 4, 22), day(2025, 4, 16)),  # Easter 2025: 17.04–21.04
    ],
)
def test_the_last_working_day_before(before, working_day):
    assert last_working_day_before(before) == working_day
