"""Text a spreadsheet would run as a formula is written as text in every CSV and
XLSX the portal serves; numbers, negative ones too, stay numbers (issue 15)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from budget.models import CostItem, MonthlyActual
from reports.publishing import report_publish
from ror_portal.blocks import BlockData, to_csv
from ror_portal.roles import Role
from ror_portal.spreadsheet_safety import neutralised_csv
from tests.budget.publishing import publish_accounts
from tests.factories import (
    KEY_2024,
    BudgetLineFactory,
    CategoryFactory,
    MonthlyReportFactory,
    SectionFactory,
    TicketFactory,
    allocation_key,
)

HYPERLINK = '=HYPERLINK("http://angriper.example/","Klikk")'
DANGEROUS = ["=1+1", "+47 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_csv_text_cell_that_starts_like_a_formula_gets_an_apostrophe(text):
    data = BlockData(columns=[text, "Beløp"], rows=[[text, Decimal("12.50")]])
    assert read_csv(to_csv(data)) == [[f"'{text}", "Beløp"], [f"'{text}", "12,50"]]


def test_csv_numbers_stay_numbers_negative_ones_too():
    data = BlockData(
        columns=["Post", "Avvik", "Antall", "Dato"],
        rows=[["Lisenser", Decimal("-1938000.50"), -3, datetime.date(2024, 1, 31)]],
    )
    assert read_csv(to_csv(data))[1] == ["Lisenser", "-1938000,50", "-3", "31.01.2024"]


@pytest.fixture
def injected_report(db):
    """A January 2024 report whose budget line, category and ticket subject are formulas."""
    line = BudgetLineFactory(year=2023, name=HYPERLINK)
    MonthlyActual.objects.create(line=line, month=12, amount=1000)  # the accounts are in
    TicketFactory(category=CategoryFactory(name=HYPERLINK), subject="Kritisk", priority="medium")
    TicketFactory(subject=HYPERLINK, priority="critical")
    report = MonthlyReportFactory()
    for block in ["budget.operating_result", "support.by_category", "support.critical_tickets"]:
        SectionFactory(report=report, block=block)
    return report


def csv_cells(response) -> list[str]:
    assert response.status_code == 200
    return [cell for row in read_csv(response.content.decode("utf-8")) for cell in row]


@pytest.mark.parametrize("section", ["1", "2", "3"])
def test_a_formula_in_the_data_downloads_as_text_in_the_draft_csv(
    client_for, injected_report, section
):
    response = client_for(Role.ADMINISTRATOR).get(f"/rapporter/2024-01/utkast/tall/{section}.csv")
    cells = csv_cells(response)
    assert f"'{HYPERLINK}" in cells
    assert HYPERLINK not in cells


def test_a_formula_in_the_data_downloads_as_text_in_a_published_versions_csv(
    client_for, injected_report, administrator
):
    report_publish(report=injected_report, user=administrator, notify=False)
    client = client_for(Role.BOARD_MEMBER)
    for section in ["1", "2", "3"]:
        response = client.get(f"/rapporter/2024-01/versjon/1/tall/{section}.csv")
        assert f"'{HYPERLINK}" in csv_cells(response)
    budget = read_csv(client.get("/rapporter/2024-01/versjon/1/tall/1.csv").content.decode())
    (line,) = (row for row in budget if row[0] == f"'{HYPERLINK}")
    assert line[1:4] == ["1200000,00", "1000,00", "-1199000,00"]  # budget, actual, deviation


@pytest.mark.parametrize("name", [HYPERLINK, f"\t{HYPERLINK}"])
def test_a_cost_item_named_as_a_formula_downloads_as_text_in_the_workbook(client_for, db, name):
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(year=2024, name=name, key=key, source="typed", amount=-10_000)
    publish_accounts(2024, 12)  # finance sees the periods of published reports
    response = client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2024.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    members = workbook.worksheets[-5:]
    for ws in [workbook["Oversikt"], *members]:
        (cell,) = (cell for cell in ws["A"] if cell.value == name)
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    for ws in members:  # a member's part is a number; the overview's point into Beregning
        row = next(cell.row for cell in ws["A"] if cell.value == name)
        amounts = [c for c in ws[row] if isinstance(c.value, int)]
        assert amounts and all(c.data_type == "n" and c.value < 0 for c in amounts)
    assert not any(
        cell.data_type == "f" and "HYPERLINK" in cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
    )


def test_a_version_published_before_the_rule_downloads_with_its_formulas_as_text(
    client_for, injected_report, administrator
):
    """Its CSV was stored as it was written then: the download makes the text text."""
    version = report_publish(report=injected_report, user=administrator, notify=False)
    legacy = 'Post;Budsjett;Avvik\r\n=HYPERLINK("http://x","Klikk");1200000,00;-1200000,00\r\n'
    version.block_data["1"]["csv"] = legacy
    version.save(update_fields=["block_data"])

    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/versjon/1/tall/1.csv")

    assert read_csv(response.content.decode()) == [
        ["Post", "Budsjett", "Avvik"],
        ['\'=HYPERLINK("http://x","Klikk")', "1200000,00", "-1200000,00"],
    ]


def test_a_csv_written_by_the_rule_is_served_as_it_was_stored():
    data = BlockData(
        columns=["Post", "Beløp"],
        rows=[[HYPERLINK, Decimal("-3.50")], ["Drift; lisenser", 3]],
    )
    assert neutralised_csv(to_csv(data)) == to_csv(data)
