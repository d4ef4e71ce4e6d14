"""A whole year is one rule, FiguresPeriod.is_full_year, that the labels, the accounts
and what changed all ask."""

import pytest

from budget.accounts import AccountsResult, accounts_label, lines_total
from reports.changes import periods_alike
from ror_portal.blocks import FiguresPeriod


@pytest.mark.parametrize(
    ("period", "full"),
    [
        (FiguresPeriod(2023, 1, 12), True),
        (FiguresPeriod(2024, 1, 11), False),  # to date, one month short
        (FiguresPeriod(2024, 2, 12), False),  # twelve months' end, but not from January
        (FiguresPeriod(2024, 12, 12), False),  # December alone
    ],
)
def test_a_whole_year_is_january_to_december(period, full):
    assert period.is_full_year is full
    # the labels name a whole year by its number only
    assert (period.label == str(period.year)) is full
    assert (accounts_label(period) == f"Regnskap {period.year}") is full


def test_the_accounts_and_what_changed_ask_the_same_rule():
    december = AccountsResult(2023, 12, "operating", [], lines_total([]))
    november = AccountsResult(2023, 11, "operating", [], lines_total([]))
    assert december.is_full_year and december.period.is_full_year
    assert not november.is_full_year
    # a whole year never meets part of the same year; two parts of it do
    assert not periods_alike(FiguresPeriod(2024, 1, 11), FiguresPeriod(2024, 1, 12))
    assert periods_alike(FiguresPeriod(2024, 1, 2), FiguresPeriod(2024, 1, 11))
