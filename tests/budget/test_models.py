import pytest

from budget.models import MonthAmount, MonthlyActual, MonthlyBudget
from tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def test_a_months_budget_and_actual_are_one_kind_of_amount_each_with_its_history():
    line = BudgetLineFactory(year=2024, name="Lisenser")
    budget = MonthlyBudget.objects.create(line=line, month=2, amount=1000)
    actual = MonthlyActual.objects.create(line=line, month=2, amount=1200)
    for amount in (budget, actual):
        assert isinstance(amount, MonthAmount)
        assert str(amount) == f"{line} 2"
        assert [record.amount for record in amount.history.all()] == [amount.amount]
    assert [f.name for f in MonthlyBudget._meta.fields] == [
        f.name for f in MonthlyActual._meta.fields
    ]
    # each keeps its own way back from the line
    assert list(line.monthly_budgets.all()) == [budget]
    assert list(line.actuals.all()) == [actual]
