import datetime
from decimal import Decimal

import pytest

from budget.models import MonthlyActual, MonthlyBudget
from budget.selectors import accounts_month, accounts_result, cost_splits
from budget.services import actuals_save
from ror_portal.blocks import Period
from tests.factories import KEY_2024, BudgetLineFactory, allocation_key

pytestmark = pytest.mark.django_db


def period(year, month):
    return Period(
        datetime.date(year, month, 1),
        datetime.date(year, month, 28),
        datetime.date(year, month, 28),
    )


def test_the_accounts_lag_a_month_and_january_shows_the_whole_previous_year():
    assert accounts_month(period(2024, 1)) == (2023, 12)
    assert accounts_month(period(2024, 4)) == (2024, 3)


def test_year_to_date_against_twelfths_of_the_budget():
    line = BudgetLineFactory(year=2024, annual_budget=1_200_000)
    actuals_save(year=2024, month=1, amounts={line.pk: Decimal(90_000)})
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal(130_000)})
    actuals_save(year=2024, month=3, amounts={line.pk: Decimal(999_999)})

    result = accounts_result(year=2024, through_month=2, kind="operating")
    [row] = result.lines
    assert (row.budget, row.actual, row.deviation) == (200_000, 220_000, 20_000)
    assert row.deviation_percent == Decimal("10.00")
    assert not result.is_full_year


def test_a_line_with_its_own_monthly_budget_uses_it():
    line = BudgetLineFactory(year=2024, annual_budget=1_200_000)
    MonthlyBudget.objects.create(line=line, month=1, amount=500_000)
    MonthlyBudget.objects.create(line=line, month=2, amount=100_000)
    actuals_save(year=2024, month=1, amounts={line.pk: Decimal(450_000)})
    [row] = accounts_result(year=2024, through_month=2, kind="operating").lines
    assert row.budget == 600_000
    assert row.deviation == -150_000


def test_the_deviation_is_split_by_the_cost_items_key():
    from budget.models import CostItem

    line = BudgetLineFactory(year=2024, annual_budget=10_000_000)
    actuals_save(year=2024, month=12, amounts={line.pk: Decimal(11_864_000)})
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(year=2024, name="Merforbruk", key=key, source="operating_deviation")

    result = accounts_result(year=2024, through_month=12, kind="operating")
    assert result.total.deviation == 1_864_000 and result.is_overspend
    assert [(p.municipality.name, p.amount) for p in result.split] == [
        ("Aukra", 150798),
        ("Hustadvika", 367581),
        ("Molde", 877944),
        ("Rauma", 229458),
        ("Vestnes", 238219),
    ]
    assert result.key == key


def test_the_accounts_take_the_same_queries_for_5_and_50_lines(django_assert_num_queries):
    def lines(count, year):
        for _ in range(count):
            line = BudgetLineFactory(year=year)
            MonthlyActual.objects.create(line=line, month=1, amount=1)

    lines(5, 2023)
    lines(50, 2024)
    counts = []
    for year in (2023, 2024):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            accounts_result(year=year, through_month=12, kind="operating")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3


def test_cost_splits_for_a_year(django_assert_max_num_queries):
    from budget.models import CostItem

    key = allocation_key(2024, KEY_2024)
    for number in range(40):
        CostItem.objects.create(year=2024, name=f"Post {number}", key=key, amount=1000 + number)
    CostItem.objects.create(year=2024, name="SOC+", key=key, amount=1_864_000)
    with django_assert_max_num_queries(4):
        splits = cost_splits(2024)
    soc = next(split for split in splits.items if split.item.name == "SOC+")
    molde = next(m for m in splits.municipalities if m.slug == "molde")
    assert soc.part(molde) == 877944
    assert sum(splits.total_for(m) for m in splits.municipalities) == splits.total
    assert splits.problems == []


def test_a_cost_item_with_a_broken_key_is_reported_not_split():
    from budget.models import CostItem

    key = allocation_key(2024, {**KEY_2024, "vestnes": "12.00"})
    CostItem.objects.create(year=2024, name="Feil nøkkel", key=key, amount=1000)
    splits = cost_splits(2024)
    assert splits.items == [] and splits.problems == ["Feil nøkkel"]
