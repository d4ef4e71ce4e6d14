"""The budget admin: copying a year's lines, the line's page and history, amounts and
labels as the administrator reads them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import AllocationKey, BudgetLine, CostItem, MonthlyActual, MonthlyBudget
from budget.services import actuals_save, budget_lines_copy_to_next_year, next_year_name
from ror_portal.roles import Role
from tests.factories import KEY_2024, BudgetLineFactory, allocation_key

pytestmark = pytest.mark.django_db
NBSP = "\xa0"
CHANGELIST = "admin:budget_budgetline_changelist"


@pytest.fixture
def year_2023():
    salaries = BudgetLineFactory(
        year=2023,
        name="Lønn",
        annual_budget=Decimal("1000000.50"),
        order=1,
        explanation="Vakanser.",
    )
    licences = BudgetLineFactory(year=2023, name="Lisenser", annual_budget=1000, order=2)
    for month, amount in enumerate(["333.33", "333.33", "333.34"], 1):
        MonthlyBudget.objects.create(line=licences, month=month, amount=Decimal(amount))
    BudgetLineFactory(year=2023, kind="investment", name="Datarom", annual_budget=5_000_000)
    return salaries, licences


def copy(client, lines, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": "copy_to_next_year", "_selected_action": [line.pk for line in lines], **data},
        follow=True,
    )


def test_the_action_asks_for_the_change_first_and_copies_nothing_yet(client_for, year_2023):
    html = copy(client_for(Role.ADMINISTRATOR), year_2023).content.decode()
    assert "Kopier budsjettposter til neste år" in html
    assert 'name="percent_change"' in html and 'inputmode="decimal"' in html
    assert not BudgetLine.objects.filter(year=2024).exists()


def test_copying_without_a_change_keeps_every_amount(client_for, administrator, year_2023):
    copy(client_for(Role.ADMINISTRATOR), year_2023, apply="1", percent_change="")
    salaries = BudgetLine.objects.get(year=2024, name="Lønn")
    assert (salaries.kind, salaries.order, salaries.annual_budget) == (
        "operating",
        1,
        Decimal("1000000.50"),
    )
    assert salaries.explanation == ""  # why 2023 deviated is no reason for 2024
    licences = BudgetLine.objects.get(year=2024, name="Lisenser")
    assert list(licences.monthly_budgets.order_by("month").values_list("amount", flat=True)) == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert salaries.history.get().history_user == administrator


def test_a_percentage_change_rounds_to_kroner_and_the_months_still_sum(client_for, year_2023):
    response = copy(client_for(Role.ADMINISTRATOR), year_2023, apply="1", percent_change="2,5")
    assert "2 poster er kopiert til 2024" in response.content.decode()
    assert BudgetLine.objects.get(year=2024, name="Lønn").annual_budget == Decimal("1025001")
    licences = BudgetLine.objects.get(year=2024, name="Lisenser")
    assert licences.annual_budget == Decimal("1025")
    months = list(licences.monthly_budgets.order_by("month").values_list("amount", flat=True))
    assert sum(months) == licences.annual_budget
    assert all(amount == amount.to_integral_value() for amount in months)
    assert max(months) - min(months) <= 1


def test_a_negative_change_cuts_the_budget(year_2023):
    budget_lines_copy_to_next_year(
        lines=BudgetLine.objects.filter(name="Datarom"), percent_change=Decimal(-10)
    )
    assert BudgetLine.objects.get(year=2024, name="Datarom").annual_budget == Decimal(4_500_000)


def test_a_line_the_next_year_has_refuses_the_whole_copy(client_for, year_2023):
    BudgetLineFactory(year=2024, name="Lisenser")
    html = copy(
        client_for(Role.ADMINISTRATOR), year_2023, apply="1", percent_change=""
    ).content.decode()
    assert "2024 har allerede disse postene: Lisenser. Ingenting er kopiert." in html
    assert list(BudgetLine.objects.filter(year=2024).values_list("name", flat=True)) == ["Lisenser"]


def test_lines_of_two_years_are_refused(client_for, year_2023):
    other = BudgetLineFactory(year=2022, name="Gammel")
    html = copy(
        client_for(Role.ADMINISTRATOR), [*year_2023, other], apply="1", percent_change=""
    ).content.decode()
    assert "Velg poster fra ett år; utvalget har poster fra 2022, 2023." in html
    assert not BudgetLine.objects.filter(year=2024).exists()
    assert not BudgetLine.objects.filter(year=2023, name="Gammel").exists()


def test_a_malformed_change_is_refused_naming_the_field(client_for, year_2023):
    html = copy(
        client_for(Role.ADMINISTRATOR), year_2023, apply="1", percent_change="2,5,0"
    ).content.decode()
    assert "endring (%): «2,5,0» er ikke et beløp." in html
    assert not BudgetLine.objects.filter(year=2024).exists()


def test_the_deviation_cost_item_goes_along_with_next_years_key(year_2023):
    key_2023 = allocation_key(2023, KEY_2024, name="Fordelingsnøkkel 2023")
    key_2024 = allocation_key(2024, KEY_2024, name="Fordelingsnøkkel 2024")
    CostItem.objects.create(
        year=2023,
        name="Merforbruk drift 2023 (fakturert 2024)",
        key=key_2023,
        source="operating_deviation",
        order=1,
    )
    CostItem.objects.create(
        year=2023,
        name="Mindreforbruk investering 2023",
        key=key_2023,
        source="investment_deviation",
    )
    copied = budget_lines_copy_to_next_year(
        lines=BudgetLine.objects.filter(year=2023, kind="operating")
    )
    [item] = copied.cost_items
    assert (item.year, item.name, item.key, item.source, item.order) == (
        2024,
        "Merforbruk drift 2024 (fakturert 2025)",
        key_2024,
        "operating_deviation",
        1,
    )
    # the investment item belongs to lines that were not copied
    assert not CostItem.objects.filter(year=2024, source="investment_deviation").exists()


def test_a_deviation_item_without_next_years_key_is_left_and_said(year_2023):
    key_2023 = allocation_key(2023, KEY_2024, name="Fordelingsnøkkel 2023")
    CostItem.objects.create(
        year=2023, name="Merforbruk", key=key_2023, source="operating_deviation"
    )
    copied = budget_lines_copy_to_next_year(lines=BudgetLine.objects.filter(year=2023))
    assert copied.cost_items == []
    assert copied.cost_items_left == [
        "Merforbruk: det finnes ingen nøkkel «Fordelingsnøkkel 2024» for 2024. "
        "Kostnadsposten er ikke kopiert."
    ]
    assert len(copied.lines) == 3


def test_next_year_name_moves_every_year_in_a_name():
    assert (
        next_year_name("Mindreforbruk 2023 (motregnes 2024)")
        == "Mindreforbruk 2024 (motregnes 2025)"
    )
    assert next_year_name("Lønn") == "Lønn"
    assert next_year_name("Konto 12345") == "Konto 12345"


def test_the_change_list_shows_amounts_the_norwegian_way(client_for):
    BudgetLineFactory(year=2024, name="Lønn", annual_budget=Decimal("54000000.00"))
    html = client_for(Role.ADMINISTRATOR).get(reverse(CHANGELIST)).content.decode()
    assert f"54{NBSP}000{NBSP}000,00" in html
    assert "54000000,00" not in html


def test_the_lines_page_shows_its_actuals_month_by_month(client_for):
    line = BudgetLineFactory(year=2024, name="Lønn")
    actuals_save(year=2024, month=1, amounts={line.pk: Decimal("4512300.50")})
    actuals_save(year=2024, month=2, amounts={line.pk: Decimal("-1250")})
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:budget_budgetline_change", args=[line.pk]))
        .content.decode()
    )
    assert "Regnskap måned for måned" in html
    january, february = html.index(f"4{NBSP}512{NBSP}300,50"), html.index(f"\u22121{NBSP}250,00")
    assert january < february
    assert 'value="1" selected>januar' not in html  # read-only, not a field to change
    assert ">januar<" in html and ">februar<" in html


def test_the_lines_history_lists_every_change_to_its_actuals(client_for, administrator):
    line = BudgetLineFactory(year=2024, name="Lønn", annual_budget=Decimal("1000000"))
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:budget_budgetline_actuals") + "?year=2024&month=2"
    client.post(url, {f"line_{line.pk}": "4 512 300,50"})
    client.post(url, {f"line_{line.pk}": "4 600 000"})
    client.post(
        reverse("admin:budget_budgetline_change", args=[line.pk]),
        {
            "year": "2024",
            "kind": "operating",
            "name": "Lønn",
            "annual_budget": "54 000 000,00",
            "order": "0",
            "explanation": "",
            "monthly_budgets-TOTAL_FORMS": "0",
            "monthly_budgets-INITIAL_FORMS": "0",
            "actuals-TOTAL_FORMS": "1",
            "actuals-INITIAL_FORMS": "1",
        },
    )
    line.refresh_from_db()
    assert line.annual_budget == Decimal("54000000.00")
    html = client.get(reverse("admin:budget_budgetline_history", args=[line.pk])).content.decode()
    assert f"Regnskap februar: 4{NBSP}512{NBSP}300,50 → 4{NBSP}600{NBSP}000,00" in html
    assert f"Regnskap februar: – → 4{NBSP}512{NBSP}300,50" in html
    assert html.count(administrator.username) >= 3
    # the line's own change, amounts Norwegian
    assert f"1{NBSP}000{NBSP}000,00" in html and f"54{NBSP}000{NBSP}000,00" in html
    assert MonthlyActual.objects.get().amount == Decimal("4600000.00")


def test_cost_items_show_where_their_amount_comes_from_by_label(client_for):
    key = allocation_key(2024, KEY_2024)
    item = CostItem.objects.create(year=2024, name="Avvik", key=key, amount=1000)
    client = client_for(Role.ADMINISTRATOR)
    item.source = "operating_deviation"
    item.amount = None
    item.save()
    html = client.get(reverse("admin:budget_costitem_changelist")).content.decode()
    assert "Driftsavvik" in html and "operating_deviation" not in html
    html = client.get(reverse("admin:budget_costitem_history", args=[item.pk])).content.decode()
    assert "Skrevet inn" in html and "Driftsavvik" in html
    assert "operating_deviation" not in html and "typed" not in html
    assert f"1{NBSP}000,00" in html
    assert AllocationKey.objects.count() == 1
