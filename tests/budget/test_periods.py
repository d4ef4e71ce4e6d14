"""Which months of accounts a report shows (budget.periods)."""

import datetime

from budget.periods import accounts_shown_in, report_month_of


def test_the_accounts_lag_a_month_and_january_shows_the_whole_previous_year():
    assert accounts_shown_in(datetime.date(2024, 1, 1)) == (2023, 12)
    assert accounts_shown_in(datetime.date(2024, 4, 1)) == (2024, 3)


def test_each_months_actuals_land_in_the_report_whose_accounts_month_it_is():
    for year in (2023, 2024):
        for month in range(1, 13):
            report = report_month_of(year, month)
            assert accounts_shown_in(report) == (year, month)
    assert report_month_of(2024, 2) == datetime.date(2024, 3, 1)
    assert report_month_of(2023, 12) == datetime.date(2024, 1, 1)
