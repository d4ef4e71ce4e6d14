from decimal import Decimal

import pytest

from budget.accounts import accounts_result
from budget.models import MonthlyActual, MonthlyBudget
from budget.services import actuals_save
from tests.factories import KEY_2024, BudgetLineFactory, allocation_key

pytestmark = pytest.mark.django_db


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
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal(0)})
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
    # the lines, the report of the period, the deviation's cost item and the members
    assert counts[0] == counts[1] <= 4


def test_the_accounts_label_says_the_period():
    from budget.accounts import accounts_label
    from ror_portal.blocks import FiguresPeriod

    assert accounts_label(FiguresPeriod(2023, 1, 12)) == "Regnskap 2023"
    assert accounts_label(FiguresPeriod(2024, 1, 2)) == "Regnskap per februar 2024"


def test_the_actuals_grid_takes_two_queries_for_any_number_of_lines(django_assert_num_queries):
    from budget.accounts import actuals_grid

    lines = [BudgetLineFactory(year=2024, annual_budget=1_200_000) for _ in range(6)]
    for month in (1, 2):
        actuals_save(year=2024, month=month, amounts={line.pk: Decimal(month) for line in lines})
    with django_assert_num_queries(2):
        rows = actuals_grid(year=2024, month=3)
    assert [row.earlier for row in rows] == [[(1, Decimal(1)), (2, Decimal(2))]] * 6
    assert {row.budget_to_date for row in rows} == {Decimal(300_000)}
    assert {row.earlier_total for row in rows} == {Decimal(3)}


def test_the_changes_to_a_lines_actuals_are_read_in_order_with_before_and_after():
    from budget.accounts import actual_changes

    line = BudgetLineFactory(year=2024)
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal("4512300.50")})
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal("4600000")})
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal("4600000")})  # no change
    actuals_save(year=2024, month=1, amounts={line.pk: Decimal(5)})
    actuals_save(year=2024, month=1, amounts={line.pk: None})
    assert [(c.month, c.before, c.after) for c in actual_changes(line.pk)] == [
        (1, Decimal(5), None),
        (1, None, Decimal(5)),
        (2, Decimal("4512300.50"), Decimal("4600000")),
        (2, None, Decimal("4512300.50")),
    ]


def test_twelfths_of_the_budget_round_half_up_like_every_amount():
    # 1 250 000,50 × 3/12 = 312 500,125: half up is ,13 (half to even would give ,12)
    line = BudgetLineFactory(year=2024, name="Lisenser", annual_budget="1250000.50")
    actuals_save(year=2024, month=3, amounts={line.pk: Decimal(0)})
    [line] = accounts_result(year=2024, through_month=3, kind="operating").lines
    assert line.budget == Decimal("312500.13")


def test_the_months_of_a_deviation_add_up_to_the_accounts_budget_to_date():
    """accounts_by_month and the accounts block reckon a line's budget to date by one rule:
    its own monthly budgets (a line with only later months' own budgets has none so far),
    otherwise twelfths."""
    from budget.accounts import accounts_by_month, line_results

    twelfths = BudgetLineFactory(year=2024, annual_budget=1_000_000)
    own = BudgetLineFactory(year=2024, annual_budget=1_200_000)
    later_only = BudgetLineFactory(year=2024, annual_budget=600_000)
    MonthlyBudget.objects.create(line=own, month=1, amount=500_000)
    MonthlyBudget.objects.create(line=own, month=3, amount=70_000)
    MonthlyBudget.objects.create(line=later_only, month=6, amount=50_000)
    for line in (twelfths, own, later_only):
        MonthlyActual.objects.create(line=line, month=3, amount=10)

    for through in (1, 2, 3):
        months = accounts_by_month(year=2024, through_month=through, kind="operating")
        lines = line_results(year=2024, through_month=through, kind="operating")
        assert sum(m.budget for m in months) == sum(line.budget for line in lines)
    months = accounts_by_month(year=2024, through_month=3, kind="operating")
    # 1 000 000 / 12 = 83 333,33 a month; own: 500 000, 0, 70 000; later only: 0
    assert [m.budget for m in months] == [
        Decimal("583333.33"),
        Decimal("83333.34"),
        Decimal("153333.33"),
    ]


def test_actuals_summed_by_the_database_are_kept_to_the_ore():
    """SQLite sums decimals as floats, which came back as 956666.670000000 and went so
    into the block's CSV; PostgreSQL's numeric sums have two decimals already."""
    from budget.accounts import accounts_by_month, line_results

    lines = [
        BudgetLineFactory(year=2024, annual_budget=12_000_000, name="Drift"),
        BudgetLineFactory(year=2024, annual_budget=60_000_000, name="Lønn"),
    ]
    actuals_save(year=2024, month=1, amounts={lines[0].pk: Decimal("956666.67")})
    actuals_save(year=2024, month=1, amounts={lines[1].pk: Decimal("4512300.5")})
    actuals_save(year=2024, month=2, amounts={lines[1].pk: Decimal("0.1")})
    actuals_save(year=2024, month=2, amounts={lines[0].pk: Decimal("0.2")})

    results = line_results(year=2024, through_month=2, kind="operating")
    assert [str(line.actual) for line in results] == ["956666.87", "4512300.60"]
    months = accounts_by_month(year=2024, through_month=2, kind="operating")
    assert [str(month.actual) for month in months] == ["5468967.17", "0.30"]
    [total] = [accounts_result(year=2024, through_month=2, kind="operating").total]
    assert str(total.actual) == "5468967.47"
    assert str(total.deviation) == "-6531032.53"


def test_the_months_of_a_deviation_take_two_queries_for_any_number_of_lines_and_months(
    django_assert_num_queries,
):
    from budget.accounts import accounts_by_month

    for number in range(8):
        line = BudgetLineFactory(year=2024, annual_budget=1_200_000)
        if number % 2:
            MonthlyBudget.objects.create(line=line, month=2, amount=300_000)
        MonthlyActual.objects.create(line=line, month=1, amount=1)
    # the lines with their budgets to date of every month, and the actuals by month
    for through in (1, 12):
        with django_assert_num_queries(2):
            months = accounts_by_month(year=2024, through_month=through, kind="operating")
        assert len(months) == through
    # four lines of twelfths (100 000 a month each) and four with 300 000 in February
    assert [m.budget for m in months[:3]] == [400_000, 1_600_000, 400_000]


def test_the_lines_come_in_their_order_though_the_database_groups_them_to_sum():
    """Summing the monthly budgets groups the rows, and Django then leaves the model's
    ordering out of the query (PostgreSQL gave the lines in another order)."""
    named = ["Lønn", "Lisenser", "Nettverk", "Skolelisenser", "Telefoni", "Drift"]
    for order, name in reversed(list(enumerate(named))):
        line = BudgetLineFactory(year=2024, name=name, order=order)
        MonthlyBudget.objects.create(line=line, month=1, amount=1000 + order)
        actuals_save(year=2024, month=1, amounts={line.pk: Decimal(order)})
    result = accounts_result(year=2024, through_month=1, kind="operating")
    assert [row.name for row in result.lines] == named
