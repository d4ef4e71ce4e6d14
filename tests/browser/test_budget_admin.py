"""An administrator enters February's actuals in Chromium the way Norwegians type and
paste amounts, and reads them back on the line's page and in its history."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budget.models import BudgetLine, MonthlyActual, MonthlyBudget
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, BudgetLineFactory, UserFactory

NBSP = "\xa0"
TYPED = "4 512 300,50"
PASTED = f"4{NBSP}512{NBSP}300,50"  # as copied from a Word table or from the portal
SHOWN = f"4{NBSP}512{NBSP}300,50"


@pytest.fixture
def lines(transactional_db):
    UserFactory(username="admin", role=Role.ADMINISTRATOR)
    return [
        BudgetLineFactory(year=2024, name=name, annual_budget=Decimal(54_000_000), order=order)
        for order, name in enumerate(["Lønn og sosiale kostnader", "Lisenser", "Husleie"])
    ]


def test_actuals_typed_and_pasted_the_norwegian_way_are_stored_to_the_ore(page, lines):
    salaries, licences, rent = lines
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/admin/budget/budgetline/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_role("cell", name=f"54{NBSP}000{NBSP}000,00").first).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Registrer månedens regnskapstall").click()
    accessible(page)
    page.get_by_label("år").fill("2024")
    page.get_by_label("måned").select_option(label="februar")
    page.get_by_role("button", name="Vis postene").click()
    expect(page.locator("#landing")).to_have_text(
        "Tallene for februar 2024 vises i rapporten for mars 2024."
    )
    accessible(page)

    # typed key by key
    page.get_by_label(salaries.name).press_sequentially(TYPED)
    # pasted from the clipboard, with no-break spaces
    page.evaluate("text => navigator.clipboard.writeText(text)", PASTED)
    page.get_by_label(licences.name).focus()
    page.keyboard.press("Control+V")
    expect(page.get_by_label(licences.name)).to_have_value(PASTED)
    # a correction with the minus sign and a narrow no-break space, filled at once
    page.get_by_label(rent.name).fill("\u22121\u202f250 kr")
    # the sum of the month's operating lines follows the typing, to check against the ledger
    operating = page.get_by_role("row", name="Sum drift").get_by_role("cell")
    month_sum = f"9{NBSP}023{NBSP}351,00"  # 2 × 4 512 300,50 − 1 250
    expect(operating.nth(3)).to_have_text(month_sum)
    expect(operating.nth(4)).to_have_text(month_sum)  # nothing entered for January
    page.get_by_label(rent.name).fill("1.250")  # ambiguous: not counted, its line says –
    expect(operating.nth(3)).to_have_text(f"9{NBSP}024{NBSP}601,00")
    expect(page.get_by_role("row", name=rent.name).get_by_role("cell").last).to_have_text("\u2013")
    page.get_by_label(rent.name).fill("\u22121\u202f250 kr")
    expect(operating.nth(3)).to_have_text(month_sum)
    page.get_by_role("button", name="Lagre").click()

    expect(
        page.get_by_text("Regnskapstall for februar 2024 er lagret for 3 poster")
    ).to_be_visible()
    accessible(page)
    assert dict(MonthlyActual.objects.filter(month=2).values_list("line__name", "amount")) == {
        salaries.name: Decimal("4512300.50"),
        licences.name: Decimal("4512300.50"),
        rent.name: Decimal("-1250.00"),
    }
    expect(page.get_by_label(salaries.name)).to_have_value(SHOWN)
    expect(page.get_by_label(licences.name)).to_have_value(SHOWN)
    expect(page.get_by_label(rent.name)).to_have_value(f"\u22121{NBSP}250,00")
    # shown by the server after saving: the month and February's year to date
    expect(operating.nth(3)).to_have_text(month_sum)
    expect(page.get_by_role("row", name=salaries.name).get_by_role("cell").last).to_have_text(SHOWN)

    # a malformed amount is refused, naming the line, and nothing changes
    page.get_by_label(salaries.name).fill("4.512.300,5,0")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{salaries.name}: «4.512.300,5,0»")
    accessible(page)
    assert MonthlyActual.objects.get(line=salaries, month=2).amount == Decimal("4512300.50")

    # a correction, then the line's page and history
    page.get_by_label(salaries.name).fill("4 600 000")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("(1 endret)")).to_be_visible()
    accessible(page)

    # the line's page: its monthly budgets (a tabular inline) and its actuals by month
    MonthlyBudget.objects.create(line=salaries, month=1, amount=Decimal("4500000.00"))
    page.goto(f"/admin/budget/budgetline/{salaries.pk}/change/")
    accessible(page)
    budgets = page.locator("#monthly_budgets-group")
    expect(budgets.get_by_label("Beløp", exact=True).first).to_have_value(f"4{NBSP}500{NBSP}000,00")
    expect(budgets.get_by_label("Slette?").first).not_to_be_checked()
    february = page.locator("#actuals-group").get_by_role("row", name="februar")
    expect(february.get_by_role("cell")).to_have_text(f"4{NBSP}600{NBSP}000,00")
    # the monthly budgets' header cells are named, the object's column for screen readers
    expect(page.locator("#monthly_budgets-group th.original")).to_have_text("Månedsbudsjett")

    page.goto(f"/admin/budget/budgetline/{salaries.pk}/history/")
    accessible(page)
    expect(
        page.get_by_text(f"Regnskap februar: 4{NBSP}512{NBSP}300,50 → 4{NBSP}600{NBSP}000,00")
    ).to_be_visible()
    assert BudgetLine.objects.get(pk=salaries.pk).annual_budget == Decimal(54_000_000)


def test_a_year_of_lines_is_copied_to_the_next_with_a_typed_change(page, lines):
    page.goto("/admin/budget/budgetline/?year__exact=2024")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    accessible(page)
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Kopier valgte poster til neste år")
    page.get_by_role("button", name="Gå").click()
    expect(page.get_by_role("heading", name="Kopier budsjettposter til neste år")).to_be_visible()
    accessible(page)
    page.get_by_label("endring (%)").press_sequentially("2,5")
    page.get_by_role("button", name="Kopier postene").click()
    expect(page.get_by_text("3 poster er kopiert til 2025")).to_be_visible()
    accessible(page)
    expect(page.get_by_role("cell", name=f"55{NBSP}350{NBSP}000,00")).to_have_count(3)
    assert (
        list(BudgetLine.objects.filter(year=2025).values_list("annual_budget", flat=True))
        == [Decimal(55_350_000)] * 3
    )
