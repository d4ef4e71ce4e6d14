"""The browser tests' own computation of the report's operating accounts (Driftsregnskap),
and the check that the report's page shows them."""

import re
from decimal import ROUND_HALF_UP, Decimal

from playwright.sync_api import expect

from budget.models import BudgetLine
from ror_portal.formatting import format_money
from tests.browser.typed_actuals import NBSP

PERCENT_CHANGE = Decimal("2.5")  # typed "2,5" in the copy form


def kr(amount: Decimal) -> str:
    """As the report shows an amount: whole kroner, half up (the `money` filter)."""
    return format_money(amount)


def budgets_2024() -> dict[str, Decimal]:
    """2023's annual budgets raised by 2,5 %, to whole kroner (copied without monthly budgets)."""
    return {
        line.name: (line.annual_budget * (1 + PERCENT_CHANGE / 100)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        for line in BudgetLine.objects.filter(year=2023)
    }


def budget_to_date(annual: Decimal, months: int) -> Decimal:
    return (annual * months / 12).quantize(Decimal("0.01"))


def operating_names() -> list[str]:
    return list(
        BudgetLine.objects.filter(year=2024, kind="operating")
        .order_by("order")
        .values_list("name", flat=True)
    )


def expected_operating_rows(actuals: dict[str, Decimal], months: int) -> dict[str, list[str]]:
    """Line → [budget to date, actual, deviation] as the report shows them."""
    budgets = budgets_2024()
    rows = {}
    for name in operating_names():
        budget = budget_to_date(budgets[name], months)
        rows[name] = [kr(budget), kr(actuals[name]), kr(actuals[name] - budget)]
    budget_total = sum(budget_to_date(budgets[name], months) for name in rows)
    actual_total = sum(actuals[name] for name in rows)
    rows["Sum"] = [kr(budget_total), kr(actual_total), kr(actual_total - budget_total)]
    return rows


def assert_report_html(page, rows: dict[str, list[str]]) -> None:
    table = page.get_by_role("table", name=re.compile("^Driftsregnskap"))
    for name, cells in rows.items():
        row = table.get_by_role("row", name=name, exact=False).first
        for cell in cells:
            expect(row).to_contain_text(cell.replace(NBSP, NBSP))
