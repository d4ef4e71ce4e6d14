"""Ledger extracts for the tests, written as Molde kommune's ERP writes them:
Windows-1252, CRLF, semicolons, decimal commas."""

from decimal import Decimal

from budget.models import BudgetLine, LedgerRule

HEADER = ["Periode", "Bilagsnr", "Bilagsdato", "Art", "Ansvar", "Funksjon", "Prosjekt", "Tekst",
          "Beløp"]  # fmt: skip


def posting(art: str, amount: str, *, period="202401", ansvar="7100", funksjon="120",
            prosjekt="", text="Faktura", voucher="240001") -> list[str]:  # fmt: skip
    return [period, voucher, "15.01.2024", art, ansvar, funksjon, prosjekt, text, amount]


def ledger_csv(rows: list[list[str]], header: list[str] = HEADER, encoding="cp1252") -> bytes:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def lines_with_rules(year: int = 2024) -> dict[str, BudgetLine]:
    """Three lines of ``year``: salaries (art 10*), licences (art 11951, and 11951 on
    ansvar 7120 for the schools) and an investment (prosjekt 71041)."""
    salaries = BudgetLine.objects.create(
        year=year, kind="operating", name="Lønn", annual_budget=Decimal(1_200_000), order=1
    )
    licences = BudgetLine.objects.create(
        year=year, kind="operating", name="Lisenser", annual_budget=Decimal(600_000), order=2
    )
    schools = BudgetLine.objects.create(
        year=year, kind="operating", name="Skolelisenser", annual_budget=Decimal(0), order=3
    )
    network = BudgetLine.objects.create(
        year=year, kind="investment", name="Nettverk", annual_budget=Decimal(120_000), order=1
    )
    LedgerRule.objects.create(line=salaries, art="10*")
    LedgerRule.objects.create(line=licences, art="11951")
    LedgerRule.objects.create(line=schools, art="11951", ansvar="7120")
    LedgerRule.objects.create(line=network, art="0*", prosjekt="71041")
    return {line.name: line for line in (salaries, licences, schools, network)}
