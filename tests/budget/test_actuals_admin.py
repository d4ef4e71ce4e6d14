from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import MonthlyActual
from ror_portal.roles import Role
from tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    return [BudgetLineFactory(year=2024, name=name) for name in ("Lønn", "Lisenser", "Lokaler")]


def grid_url():
    return reverse("admin:budget_budgetline_actuals") + "?year=2024&month=3"


def test_the_grid_shows_every_line_of_the_year(client_for, lines):
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    for line in lines:
        assert f'name="line_{line.pk}"' in html and line.name in html


def test_saving_the_grid_stores_the_months_actuals(client_for, lines):
    client = client_for(Role.ADMINISTRATOR)
    data = {
        f"line_{lines[0].pk}": "1 250 000,50",
        f"line_{lines[1].pk}": "300000",
        f"line_{lines[2].pk}": "",
    }
    response = client.post(grid_url(), data, follow=True)
    assert "lagret for 2 poster" in response.content.decode()
    assert dict(MonthlyActual.objects.filter(month=3).values_list("line__name", "amount")) == {
        "Lønn": Decimal("1250000.50"),
        "Lisenser": Decimal("300000.00"),
    }


def test_a_bad_amount_names_the_line_and_saves_nothing(client_for, lines):
    client = client_for(Role.ADMINISTRATOR)
    data = {f"line_{lines[0].pk}": "1000", f"line_{lines[1].pk}": "mye"}
    html = client.post(grid_url(), data).content.decode()
    assert "Lisenser" in html and "errorlist" in html
    assert not MonthlyActual.objects.exists()


def test_the_grid_is_for_administrators_only(client_for, lines):
    assert client_for(Role.FINANCE).get(grid_url()).status_code == 403
