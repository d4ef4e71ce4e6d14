"""Which months of accounts a report shows (budget.periods)."""

import datetime

from budget.periods import accounts_month
from ror_portal.blocks import Period


def period(year, month):
    return Period(
        datetime.date(year, month, 1),
        datetime.date(year, month, 28),
        datetime.date(year, month, 28),
    )


def test_the_accounts_lag_a_month_and_january_shows_the_whole_previous_year():
    assert accounts_month(period(2024, 1)) == (2023, 12)
    assert accounts_month(period(2024, 4)) == (2024, 3)


def test_each_months_actuals_land_in_the_report_whose_accounts_month_it_is():
    from budget.periods import accounts_month_of, report_month_of

    for year in (2023, 2024):
        for month in range(1, 13):
            report = report_month_of(year, month)
            assert accounts_month_of(report) == (year, month)
    assert report_month_of(2024, 2) == datetime.date(2024, 3, 1)
    assert report_month_of(2023, 12) == datetime.date(2024, 1, 1)
