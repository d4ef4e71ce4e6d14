"""The finance workbooks, read back with openpyxl.

openpyxl never computes formulas, so ``evaluate`` below does the SUMs itself:
the tests check that the formulas Excel will compute add up to the split.
"""

import dataclasses
import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.utils.translation import gettext

from budget.models import AllocationKey, AllocationShare, CostItem
from budget.selectors import CostSplit, cost_splits
from budget.spreadsheets import municipality_workbook, workbook_filename, year_workbook
from ror_portal.models import Municipality

SHARES_2024 = {
    "aukra": "8.09",
    "hustadvika": "19.72",
    "molde": "47.10",
    "rauma": "12.31",
    "vestnes": "12.78",
}
MEMBERS = ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
SOC = "SOC+ sikkerhetspartner"
SOC_PARTS = [150798, 367581, 877944, 229458, 238219]
INJECTED = '=HYPERLINK("http://x")'
SUM = re.compile(r"=SUM\(([A-Z]+[0-9]+):([A-Z]+[0-9]+)\)")


@pytest.fixture
def key(db):
    key = AllocationKey.objects.create(year=2024, name="Nøkkel 2024", basis="Innbyggertall")
    for slug, percent in SHARES_2024.items():
        AllocationShare.objects.create(
            key=key, municipality=Municipality.objects.get(slug=slug), percent=Decimal(percent)
        )
    return key


@pytest.fixture
def splits(key):
    for order, (name, amount) in enumerate(
        [(SOC, 1_864_000), ("Felles lisenser", 250_000), (INJECTED, 10_001)]
    ):
        CostItem.objects.create(
            year=2024, name=name, key=key, source="typed", amount=Decimal(amount), order=order
        )
    return cost_splits(2024)


@pytest.fixture
def molde(db):
    return Municipality.objects.get(slug="molde")


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def evaluate(ws, cell):
    """The value Excel would show: a =SUM(A1:B2) summed here, recursively."""
    if cell.data_type == "f":
        match = SUM.fullmatch(cell.value)
        assert match, cell.value
        return sum(evaluate(ws, c) for row in ws[match[1] : match[2]] for c in row)
    return cell.value if isinstance(cell.value, int | float) else 0


def rows_named(ws, name: str) -> list[int]:
    return [cell.row for cell in ws["A"] if cell.value == name]


def row_of(ws, name: str) -> int:
    (row,) = rows_named(ws, name)
    return row


def test_filenames(molde):
    assert workbook_filename(2024) == "kostnadsfordeling-2024.xlsx"
    assert workbook_filename(2024, molde) == "kostnadsfordeling-2024-molde.xlsx"


def test_the_year_workbook_has_overview_keys_and_a_sheet_per_member(splits):
    workbook = load(year_workbook(splits))
    assert workbook.sheetnames == [gettext("Overview"), gettext("Allocation keys"), *MEMBERS]


def test_the_overview_has_a_row_per_item_with_the_real_split(splits):
    ws = load(year_workbook(splits))[gettext("Overview")]
    header = row_of(ws, gettext("Cost item"))
    assert [cell.value for cell in ws[header]] == [
        gettext("Cost item"),
        gettext("Source"),
        gettext("Allocation key"),
        *MEMBERS,
        gettext("Total"),
    ]
    row = [cell.value for cell in ws[row_of(ws, SOC)]]
    assert row[:3] == [SOC, gettext("Typed in"), "Nøkkel 2024"]
    assert row[3:8] == SOC_PARTS
    assert [c.number_format for c in ws[row_of(ws, SOC)][3:9]] == ["#,##0"] * 6


def test_the_overview_sums_are_formulas_that_add_up_to_the_split(splits):
    ws = load(year_workbook(splits))[gettext("Overview")]
    for split in splits.items:
        total = ws.cell(row_of(ws, split.item.name), 9)
        assert total.value.startswith("=SUM(")
        assert evaluate(ws, total) == split.amount
    totals = ws[row_of(ws, gettext("Total"))]
    for cell, municipality in zip(totals[3:8], splits.municipalities, strict=True):
        assert cell.value.startswith("=SUM(")
        assert cell.number_format == "#,##0"
        assert evaluate(ws, cell) == splits.total_for(municipality)
    assert evaluate(ws, totals[8]) == splits.total == 1_864_000 + 250_000 + 10_001


def test_the_keys_sheet_has_each_share_as_a_percent_and_a_total_of_100(splits):
    ws = load(year_workbook(splits))[gettext("Allocation keys")]
    header = [cell.value for cell in ws[row_of(ws, gettext("Allocation key"))]]
    assert header == [
        gettext("Allocation key"),
        gettext("Year"),
        gettext("Basis"),
        *MEMBERS,
        gettext("Total"),
    ]
    row = ws[row_of(ws, "Nøkkel 2024")]
    assert [cell.value for cell in row[:3]] == ["Nøkkel 2024", 2024, "Innbyggertall"]
    assert row[3].value == 0.0809
    assert [cell.value for cell in row[3:8]] == pytest.approx(
        [0.0809, 0.1972, 0.471, 0.1231, 0.1278]
    )
    assert {cell.number_format for cell in row[3:9]} == {"0.00%"}
    assert row[8].value.startswith("=SUM(")
    assert evaluate(ws, row[8]) == pytest.approx(1)


def test_every_sheet_is_ready_to_read_and_print(splits):
    workbook = load(year_workbook(splits))
    for ws in workbook.worksheets:
        keys = ws.title == gettext("Allocation keys")
        header = row_of(ws, gettext("Allocation key") if keys else gettext("Cost item"))
        assert all(cell.font.b for cell in ws[header]), ws.title
        assert ws.freeze_panes == f"A{header + 1}", ws.title  # the rows above stay in view
        assert ws.print_title_rows == f"$1:${header}", ws.title  # and are on every page
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9", read back as 9
        assert ws.column_dimensions["A"].width >= 28
    assert workbook.properties.title == gettext("Cost split %(year)s") % {"year": 2024}
    assert workbook.properties.creator == "ROR Portal"
    assert workbook.properties.subject


def test_a_name_that_looks_like_a_formula_stays_text(splits):
    workbook = load(year_workbook(splits))
    for ws in (workbook[gettext("Overview")], workbook["Molde"]):
        (cell,) = (cell for cell in ws["A"] if cell.value == INJECTED)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert not any(
        cell.data_type == "f" and "HYPERLINK" in cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
    )


@pytest.mark.parametrize("text", ["=1+1", "+47 12345678", "-SUM(A1)", "@kilde", "\t=1+1", "\r=1+1"])
def test_any_text_that_excel_would_take_for_a_formula_is_written_as_text(splits, key, text):
    key.name = key.basis = text
    item = CostItem(year=2024, name=text, key=key, source="typed")
    odd = dataclasses.replace(splits, keys=[key], items=[CostSplit(item, Decimal(5), {})])
    workbook = load(year_workbook(odd))
    read_back = text.replace("\r", "\n")  # XML reads a carriage return as a line feed
    cells = [
        cell
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == read_back
    ]
    assert len(cells) == 2 + 2 + 2 * 5  # item and key names: overview, keys, each member
    assert {(cell.data_type, cell.quotePrefix) for cell in cells} == {("s", True)}


def test_negative_amounts_stay_numbers(splits, molde):
    item = CostItem(year=2024, name="Kreditnota", key=splits.keys[0], source="typed")
    credit = CostSplit(item, Decimal(-5000), {molde.pk: Decimal(-5000)})
    ws = load(year_workbook(dataclasses.replace(splits, items=[credit])))["Molde"]
    amount = ws.cell(row_of(ws, "Kreditnota"), 4)
    assert (amount.value, amount.data_type, amount.quotePrefix) == (-5000, "n", False)


def test_the_municipality_workbook_is_its_sheet_alone(splits, molde):
    workbook = load(municipality_workbook(splits, molde))
    assert workbook.sheetnames == ["Molde"]
    ws = workbook["Molde"]
    assert [cell.value for cell in ws[row_of(ws, gettext("Cost item"))]] == [
        gettext("Cost item"),
        gettext("Allocation key"),
        gettext("Share"),
        gettext("Amount"),
    ]
    soc = ws[row_of(ws, SOC)]
    assert [cell.value for cell in soc] == [SOC, "Nøkkel 2024", 0.471, 877944]
    assert (soc[2].number_format, soc[3].number_format) == ("0.00%", "#,##0")
    total = ws[row_of(ws, gettext("Total"))][3]
    assert total.value.startswith("=SUM(")
    others = sum(split.part(molde) for split in splits.items if split.item.name != SOC)
    assert others > 0
    assert evaluate(ws, total) == 877944 + others == splits.total_for(molde)
    assert workbook.properties.creator == "ROR Portal"


def test_the_municipality_sheet_is_the_same_in_both_workbooks(splits, molde):
    alone = load(municipality_workbook(splits, molde))["Molde"]
    in_year = load(year_workbook(splits))["Molde"]
    assert [[c.value for c in row] for row in alone.iter_rows()] == [
        [c.value for c in row] for row in in_year.iter_rows()
    ]


def test_a_source_is_named_and_an_unknown_one_shown_as_it_is(splits, key):
    soc = splits.items[0]
    odd = CostSplit(
        CostItem(year=2024, name="Annet", key=key, source="from_elsewhere"),
        soc.amount,
        soc.parts,
    )
    ws = load(year_workbook(dataclasses.replace(splits, items=[soc, odd])))[gettext("Overview")]
    assert ws.cell(row_of(ws, SOC), 2).value == gettext("Typed in")
    assert ws.cell(row_of(ws, "Annet"), 2).value == "from_elsewhere"


def test_a_sheet_title_excel_would_refuse_is_made_valid(splits):
    odd = Municipality(name="Molde/Kristiansund: en altfor lang kommune", slug="mk", pk=10_000)
    workbook = load(municipality_workbook(splits, odd))
    (title,) = workbook.sheetnames
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert title.startswith("MoldeKristiansund")


def test_a_workbook_with_amounts_from_the_accounts_says_their_period(key):
    from budget.models import BudgetLine, MonthlyActual

    line = BudgetLine.objects.create(year=2024, kind="operating", name="Drift", annual_budget=100)
    for month in (1, 2):
        MonthlyActual.objects.create(line=line, month=month, amount=Decimal(10))
    CostItem.objects.create(year=2024, name="Avvik", key=key, source="operating_deviation")
    splits = cost_splits(2024)
    assert splits.accounts_label == "Regnskap per februar 2024"
    workbook = openpyxl.load_workbook(BytesIO(year_workbook(splits)))
    for ws in workbook.worksheets:
        assert ws["A1"].value.endswith(" – Regnskap per februar 2024"), ws.title


def test_a_workbook_of_typed_amounts_only_has_no_accounts_period(splits):
    assert splits.accounts is None
    workbook = openpyxl.load_workbook(BytesIO(year_workbook(splits)))
    assert workbook["Oversikt"]["A1"].value == "Kostnadsfordeling 2024"
