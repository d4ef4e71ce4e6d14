"""Months and Norwegian time, reckoned once (ror_portal.dates)."""

import datetime

import pytest

from ror_portal.dates import OSLO, add_months, day_in_norway, start_of_day, start_of_month

date = datetime.date


@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [
        (date(2024, 1, 1), 1, date(2024, 2, 1)),
        (date(2024, 11, 1), 1, date(2024, 12, 1)),
        (date(2024, 12, 1), 1, date(2025, 1, 1)),  # across the turn of the year
        (date(2024, 12, 17), 1, date(2025, 1, 1)),  # any day: the month's first
        (date(2024, 1, 1), -1, date(2023, 12, 1)),
        (date(2024, 3, 1), -3, date(2023, 12, 1)),
        (date(2025, 1, 1), -13, date(2023, 12, 1)),
        (date(2024, 2, 1), 0, date(2024, 2, 1)),
        (date(2024, 2, 1), 24, date(2026, 2, 1)),
    ],
)
def test_add_months(month, count, expected):
    assert add_months(month, count) == expected


def test_a_month_begins_at_midnight_in_norway_winter_and_summer():
    january, july = start_of_month(date(2024, 1, 1)), start_of_month(date(2024, 7, 1))
    assert january == datetime.datetime(2023, 12, 31, 23, tzinfo=datetime.UTC)
    assert july == datetime.datetime(2024, 6, 30, 22, tzinfo=datetime.UTC)
    assert january.tzinfo is OSLO


def test_the_day_of_a_moment_is_its_date_in_norway():
    utc = datetime.UTC
    assert day_in_norway(datetime.datetime(2024, 3, 30, 22, 59, tzinfo=utc)) == date(2024, 3, 30)
    assert day_in_norway(datetime.datetime(2024, 3, 30, 23, 0, tzinfo=utc)) == date(2024, 3, 31)
    # summer time: midnight is 22:00 UTC
    assert day_in_norway(datetime.datetime(2024, 7, 1, 21, 59, tzinfo=utc)) == date(2024, 7, 1)
    assert day_in_norway(datetime.datetime(2024, 7, 1, 22, 0, tzinfo=utc)) == date(2024, 7, 2)
    for day in (date(2024, 3, 31), date(2024, 10, 27), date(2024, 10, 28)):
        assert day_in_norway(start_of_day(day)) == day


@pytest.mark.parametrize(
    ("day", "utc", "hours"),
    [
        # summer time begins on 31 March 2024 at 02:00: that day has 23 hours
        (date(2024, 3, 31), datetime.datetime(2024, 3, 30, 23, tzinfo=datetime.UTC), 23),
        (date(2024, 4, 1), datetime.datetime(2024, 3, 31, 22, tzinfo=datetime.UTC), 24),
        # and ends on 27 October 2024 at 03:00: that day has 25 hours
        (date(2024, 10, 27), datetime.datetime(2024, 10, 26, 22, tzinfo=datetime.UTC), 25),
        (date(2024, 10, 28), datetime.datetime(2024, 10, 27, 23, tzinfo=datetime.UTC), 24),
    ],
)
def test_a_day_begins_at_midnight_in_norway_across_a_clock_change(day, utc, hours):
    start = start_of_day(day)
    assert start == utc
    assert start.tzinfo is OSLO
    # in UTC: Python subtracts two times of one zone by their clocks
    following = start_of_day(day + datetime.timedelta(days=1))
    elapsed = following.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)
    assert elapsed == datetime.timedelta(hours=hours)
