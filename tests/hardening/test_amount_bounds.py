"""Amounts no larger than their database column: a figure of 13 digits or of 27 is
refused in words, never a 500 (issue 26, finding 6); 12 digits are saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetLine, MonthlyActual
from ror_portal.formatting import format_number
from ror_portal.roles import Role
from tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db
TOO_LARGE = "Beløpet er for stort: høyst 12 sifre før komma."
ACTUALS = reverse("admin:budget_budgetline_actuals") + "?year=2024&month=3"


@pytest.mark.parametrize("typed", ["1" * 27, "1" * 40 + ",50", "9" * 13, "1 234 567 890 123"])
def test_the_actuals_form_refuses_too_large_an_amount_in_words(client_for, typed):
    line = BudgetLineFactory(year=2024, name="Lønn", annual_budget=1_200_000)
    response = client_for(Role.ADMINISTRATOR).post(ACTUALS, {f"line_{line.pk}": typed})
    assert response.status_code == 200
    assert f"Lønn: {TOO_LARGE}" in response.content.decode()
    assert not MonthlyActual.objects.exists()


def test_the_actuals_form_saves_twelve_digits(client_for):
    line = BudgetLineFactory(year=2024, name="Lønn", annual_budget=1_200_000)
    client_for(Role.ADMINISTRATOR).post(ACTUALS, {f"line_{line.pk}": "999 999 999 999,99"})
    assert MonthlyActual.objects.get().amount == Decimal("999999999999.99")


def budget_line_post(client, line, annual_budget):
    return client.post(
        reverse("admin:budget_budgetline_change", args=[line.pk]),
        {
            "year": "2024",
            "kind": "operating",
            "name": "Lønn",
            "annual_budget": annual_budget,
            "order": "0",
            "explanation": "",
            "monthly_budgets-TOTAL_FORMS": "0",
            "monthly_budgets-INITIAL_FORMS": "0",
            "actuals-TOTAL_FORMS": "0",
            "actuals-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize("typed", ["1" * 27, "1" * 13])
def test_a_budget_lines_annual_budget_too_large_is_refused_in_words(client_for, typed):
    line = BudgetLineFactory(year=2024, name="Lønn", annual_budget=Decimal("1000000"))
    response = budget_line_post(client_for(Role.ADMINISTRATOR), line, typed)
    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert BudgetLine.objects.get().annual_budget == Decimal("1000000")


def test_a_budget_lines_annual_budget_of_twelve_digits_is_saved(client_for):
    line = BudgetLineFactory(year=2024, name="Lønn", annual_budget=Decimal("1000000"))
    response = budget_line_post(client_for(Role.ADMINISTRATOR), line, "123 456 789 012")
    assert response.status_code == 302
    assert BudgetLine.objects.get().annual_budget == Decimal("123456789012")


def test_a_figure_longer_than_the_decimal_precision_is_still_formatted():
    assert format_number(Decimal("1" * 30), 2) == "\xa0".join(["111"] * 10) + ",00"
    assert format_number(Decimal("-" + "9" * 29 + ".995"), 2) == "\u2212100" + "\xa0000" * 9 + ",00"


@pytest.mark.parametrize(
    ("field", "typed", "saved"),
    [
        ("tiers-0-monthly_price", "1" * 27, None),
        ("tiers-0-monthly_price", "1" * 13, None),
        ("tiers-0-monthly_price", "1" * 12, Decimal("1" * 12)),  # the control
        ("establishment_cost", "1" * 27, None),
    ],
)
def test_the_security_agreements_amounts_have_the_columns_bound(client_for, field, typed, saved):
    from budget import demo as budget_demo
    from security import demo
    from security.models import SecurityAgreement
    from tests.security.agreement_form import form_data

    budget_demo.load()
    demo.load()
    agreement = SecurityAgreement.objects.get()
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:security_securityagreement_change", args=[agreement.pk])
    data = form_data(client.get(url).content.decode()) | {field: typed}
    response = client.post(url, data)
    if saved is None:
        assert response.status_code == 200
        assert TOO_LARGE in response.content.decode()
        assert agreement.tiers.order_by("servers_up_to").first().monthly_price == 107_450
    else:
        assert response.status_code == 302
        assert agreement.tiers.order_by("servers_up_to").first().monthly_price == saved
