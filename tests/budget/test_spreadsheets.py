"""The finance workbooks, read back with openpyxl, and recomputed by LibreOffice Calc.

openpyxl never computes formulas: the tests that check what a formula comes to
open the workbook in Calc (headless, tests/budget/calc.py) and read its values.
"""

import dataclasses
import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.utils.translation import gettext

from budget.models import AllocationKey, BudgetLine, CostItem, MonthlyActual, Population
from budget.periods import split_period
from budget.services import allocation_key_compute
from budget.splits import SplitGroup, period_splits
from budget.spreadsheets import (
    kind_label,
    municipality_workbook,
    workbook_filename,
    year_workbook,
)
from ror_portal.models import Municipality
from tests.budget.calc import recomputed
from tests.factories import KEY_2024, allocation_key

pytestmark = pytest.mark.django_db
MEMBERS = ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
SOC = "SOC+ sikkerhetspartner"
SOC_PARTS = [150798, 367581, 877944, 229458, 238219]
INJECTED = '=HYPERLINK("http://x")'
OPERATING_DEVIATION = "Avvik drift 2024"
OPERATING_TO_DATE = SplitGroup("operating", year_to_date=True)
OPERATING_YEAR = SplitGroup("operating", year_to_date=False)
INVESTMENT_TO_DATE = SplitGroup("investment", year_to_date=True)
INVESTMENT_DEVIATION = "Avvik investering 2024"


@pytest.fixture
def key():
    key = allocation_key(2024, KEY_2024, name="Nøkkel 2024")
    key.basis = "Innbyggertall"
    key.save()
    return key


@pytest.fixture
def splits(key):
    """Typed items, and the two deviations of January–February 2024."""
    for order, (name, amount) in enumerate(
        [(SOC, 1_864_000), ("Felles lisenser", 250_000), (INJECTED, 10_001)]
    ):
        CostItem.objects.create(year=2024, name=name, key=key, amount=amount, order=order)
    operating = BudgetLine.objects.create(
        year=2024, kind="operating", name="Drift", annual_budget=1_200_000
    )
    investment = BudgetLine.objects.create(
        year=2024, kind="investment", name="Investering", annual_budget=600_000
    )
    for month, (spent, invested) in enumerate([(103_001, 40_000), (110_000, 45_000)], 1):
        MonthlyActual.objects.create(line=operating, month=month, amount=spent)
        MonthlyActual.objects.create(line=investment, month=month, amount=invested)
    for order, (name, source) in enumerate(
        [
            (OPERATING_DEVIATION, "operating_deviation"),
            (INVESTMENT_DEVIATION, "investment_deviation"),
        ],
        10,
    ):
        CostItem.objects.create(year=2024, name=name, key=key, source=source, order=order)
    return period_splits(split_period(2024, 2))


@pytest.fixture
def molde(db):
    return Municipality.objects.get(slug="molde")


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data))


def rows_named(ws, name: str) -> list[int]:
    return [cell.row for cell in ws["A"] if cell.value == name]


def row_of(ws, name: str) -> int:
    (row,) = rows_named(ws, name)
    return row


def values(ws, row: int) -> list:
    return [cell.value for cell in ws[row]]


SHEETS = ["Overview", "To invoice", "Calculation", "Month by month", "Allocation keys"]


def test_filenames(molde):
    assert workbook_filename(2024) == "kostnadsfordeling-2024.xlsx"
    assert workbook_filename(2024, molde) == "kostnadsfordeling-2024-molde.xlsx"


def test_the_year_workbook_has_its_sheets_then_one_per_member(splits):
    workbook = load(year_workbook(splits))
    assert workbook.sheetnames == [*(gettext(name) for name in SHEETS), *MEMBERS]
    assert workbook.properties.language == "nb-NO"
    assert workbook.properties.creator == "ROR Portal"


def test_every_title_says_the_period(splits):
    assert splits.period.label == "januar–februar 2024"
    for ws in load(year_workbook(splits)).worksheets:
        assert "januar–februar 2024" in ws["A1"].value, ws.title
        assert "01.04.2024" in ws["A1"].value  # tall per of the April report, which shows them


def test_the_deviations_are_to_date_not_against_the_whole_years_budget(splits):
    operating = next(s for s in splits.items if s.item.name == OPERATING_DEVIATION)
    # 213 001 spent against two twelfths of 1 200 000
    assert operating.amount == 213_001 - 200_000
    assert [(m.month, m.budget, m.actual) for m in operating.months] == [
        (1, 100_000, 103_001),
        (2, 100_000, 110_000),
    ]
    investment = next(s for s in splits.items if s.item.name == INVESTMENT_DEVIATION)
    assert (investment.kind, investment.amount) == ("investment", 85_000 - 100_000)


@pytest.mark.database_independent
def test_the_calculation_traces_every_split_with_live_formulas(splits, tmp_path):
    data = year_workbook(splits)
    formulas = load(data)[gettext("Calculation")]
    computed = recomputed(data, tmp_path)[gettext("Calculation")]
    for split in splits.items:
        total_row = row_of(formulas, f"{split.item.name} ({kind_label(split.kind)})") + 1
        assert formulas.cell(total_row, 4).value == split.amount
        for offset, part in enumerate(split.parts, 1):
            row = total_row + offset
            share, exact, rounded, adjustment = (formulas.cell(row, c) for c in (2, 3, 4, 5))
            assert formulas.cell(row, 1).value == part.municipality.name
            assert share.value.startswith("='" + gettext("Allocation keys") + "'!")
            assert exact.value == f"=$D${total_row}*B{row}"
            assert adjustment.value == f"=ROUND(D{row}-C{row},4)"
            assert rounded.value == part.amount and rounded.data_type == "n"
            got = [computed.cell(row, c).value for c in (2, 3, 4, 5)]
            assert got[0] == pytest.approx(float(part.percent / 100))
            assert got[1] == pytest.approx(float(split.exact(part.municipality)))
            assert got[2] == part.amount
            assert got[3] == pytest.approx(float(split.adjustment(part.municipality)))
            assert abs(got[3]) < 1
        check = total_row + len(split.parts) + 1
        assert computed.cell(check, 2).value == gettext("OK")
        assert computed.cell(check, 4).value == split.amount
        assert computed.cell(check, 5).value == pytest.approx(0)


@pytest.mark.database_independent
def test_a_check_cell_says_so_when_the_rounded_parts_are_changed(splits, tmp_path):
    data = year_workbook(splits)
    workbook = load(data)
    ws = workbook[gettext("Calculation")]
    first_part = rows_named(ws, "Aukra")[0]
    ws.cell(first_part, 4).value += 1  # as a reader editing the sheet
    stream = BytesIO()
    workbook.save(stream)
    computed = recomputed(stream.getvalue(), tmp_path)[gettext("Calculation")]
    assert computed.cell(first_part + 5, 2).value == gettext("DOES NOT ADD UP")


@pytest.mark.database_independent
def test_the_overview_points_into_the_calculation_and_sums_each_kind_apart(splits, tmp_path):
    data = year_workbook(splits)
    formulas = load(data)[gettext("Overview")]
    ws = recomputed(data, tmp_path)[gettext("Overview")]
    assert values(ws, 2) == [
        gettext("Cost item"),
        gettext("Source"),
        gettext("Allocation key"),
        gettext("Amount"),
        *MEMBERS,
        gettext("Sum of the parts"),
    ]
    soc = row_of(ws, SOC)
    assert values(ws, soc)[3:10] == [1_864_000, *SOC_PARTS, 1_864_000]
    assert formulas.cell(soc, 7).value.startswith("='" + gettext("Calculation") + "'!D")
    assert {c.number_format for c in formulas[soc][3:10]} == {"#,##0"}
    labels = {
        OPERATING_TO_DATE: "Sum drift hittil i år (januar–februar 2024)",
        OPERATING_YEAR: "Sum drift for hele 2024",
        INVESTMENT_TO_DATE: gettext("Total investment"),  # investment has one span only
    }
    for group, label in labels.items():
        total = values(ws, row_of(ws, label))
        assert total[3] == splits.total(group)
        assert total[4:9] == [splits.total_for(m, group) for m in splits.municipalities]
    assert splits.total(OPERATING_TO_DATE) == 13_001
    assert splits.total(OPERATING_YEAR) == 1_864_000 + 250_000 + 10_001
    # nothing adds operating to investment, nor an amount to date to one of the year
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert splits.total(OPERATING_YEAR) + splits.total(INVESTMENT_TO_DATE) not in cells
    assert splits.total(OPERATING_YEAR) + splits.total(OPERATING_TO_DATE) not in cells
    with pytest.raises(ValueError, match="mix amounts to date and amounts of the whole year"):
        splits.total("operating")


@pytest.mark.database_independent
def test_to_invoice_lists_each_municipalitys_items_and_totals_per_kind(splits, molde, tmp_path):
    ws = recomputed(year_workbook(splits), tmp_path)[gettext("To invoice")]
    molde_rows = [values(ws, row) for row in rows_named(ws, "Molde")]
    items = {row[1]: row[3] for row in molde_rows}
    assert items[SOC] == 877944
    assert items["Sum drift for hele 2024"] == splits.total_for(molde, OPERATING_YEAR)
    assert items["Sum drift hittil i år (januar–februar 2024)"] == splits.total_for(
        molde, OPERATING_TO_DATE
    )
    assert items[gettext("Total investment")] == splits.total_for(molde, "investment")
    words = {row[1]: row[4] for row in molde_rows}
    assert words["Sum drift for hele 2024"] == gettext("To be invoiced")
    assert words[INVESTMENT_DEVIATION] == gettext("Set off against the investment grant")


@pytest.mark.database_independent
def test_month_by_month_each_months_parts_add_up_to_the_part_to_date(splits, tmp_path):
    ws = recomputed(year_workbook(splits), tmp_path)[gettext("Month by month")]
    assert values(ws, 2)[:4] == [gettext("Cost item"), "januar", "februar", gettext("To date")]
    operating = next(s for s in splits.items if s.item.name == OPERATING_DEVIATION)
    head = row_of(ws, f"{OPERATING_DEVIATION} (Nøkkel 2024)")
    assert values(ws, head + 1)[:4] == [gettext("Budget"), 100_000, 100_000, 200_000]
    assert values(ws, head + 2)[:4] == [gettext("Actual"), 103_001, 110_000, 213_001]
    assert values(ws, head + 3)[:4] == [gettext("Deviation"), 3_001, 10_000, 13_001]
    for offset, municipality in enumerate(splits.municipalities, 4):
        row = values(ws, head + offset)
        assert row[0].startswith(municipality.name)
        assert row[3] == row[1] + row[2] == operating.part(municipality)
    assert sum(values(ws, head + offset)[1] for offset in range(4, 9)) == 3_001
    assert row_of(ws, SOC)  # a yearly amount, listed apart


def test_the_keys_sheet_shows_how_a_computed_key_was_made_and_its_version(db):
    members = Municipality.objects.members_in_year(2024)
    for number, municipality in enumerate(members):
        Population.objects.create(
            municipality=municipality,
            year=2024,
            inhabitants=3_000 + 10_000 * number,
            source="SSB tabell 07459",
        )
    key = allocation_key_compute(year=2024, name="Beregnet 2024", equal_percent=Decimal(30))
    CostItem.objects.create(year=2024, name="Lisenser", key=key, amount=1000)
    ws = load(year_workbook(period_splits(split_period(2024))))[gettext("Allocation keys")]
    row = values(ws, rows_named(ws, "Beregnet 2024")[0])
    assert sum(row[3:8]) == pytest.approx(1)
    assert row[9] == 6  # the key and its five shares saved: version 6
    made = [values(ws, r) for r in rows_named(ws, "Beregnet 2024")][1]
    assert "30,00" in made[1] and "01.01.2024" in made[1]
    aukra = next(values(ws, r) for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Aukra")
    assert aukra[2:4] == [3_000, "SSB tabell 07459"]


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
    item = CostItem(year=2024, name=text, key=key, amount=5)
    odd = dataclasses.replace(
        splits, keys=[key], items=[dataclasses.replace(splits.items[0], item=item)]
    )
    workbook = load(year_workbook(odd))
    read_back = text  # openpyxl writes a carriage return escaped (with lxml, pikepdf's)
    cells = [
        cell
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == read_back
    ]
    # item and key names: overview, invoicing (each member), calculation, months, keys,
    # each member's sheet; the key's basis on the keys sheet
    assert len(cells) >= 2 + 5 + 1 + 2 + 2 * 5
    assert {(cell.data_type, cell.quotePrefix) for cell in cells} == {("s", True)}


@pytest.mark.database_independent
def test_the_municipality_workbook_traces_its_own_parts(splits, molde, tmp_path):
    data = municipality_workbook(splits, molde)
    assert load(data).sheetnames == ["Molde"]
    formulas = load(data)["Molde"]
    ws = recomputed(data, tmp_path)["Molde"]
    soc = row_of(ws, SOC)
    assert values(ws, soc) == [SOC, "Nøkkel 2024", 1_864_000, 0.471, 877944, 877944, 0]
    assert formulas.cell(soc, 5).value == f"=C{soc}*D{soc}"
    assert formulas.cell(soc, 7).value == f"=ROUND(F{soc}-E{soc},4)"
    for group, label in (
        (OPERATING_YEAR, "Sum drift for hele 2024"),
        (OPERATING_TO_DATE, "Sum drift hittil i år (januar–februar 2024)"),
    ):
        assert ws.cell(row_of(ws, label), 6).value == splits.total_for(molde, group)
    assert ws.cell(row_of(ws, gettext("Total investment")), 6).value == splits.total_for(
        molde, "investment"
    )


def test_the_municipality_sheet_is_the_same_in_both_workbooks(splits, molde):
    alone = load(municipality_workbook(splits, molde))["Molde"]
    in_year = load(year_workbook(splits))["Molde"]
    assert [[c.value for c in row] for row in alone.iter_rows()] == [
        [c.value for c in row] for row in in_year.iter_rows()
    ]


def test_negative_amounts_stay_numbers(splits, molde):
    ws = load(year_workbook(splits))["Molde"]
    amount = ws.cell(row_of(ws, INVESTMENT_DEVIATION), 6)
    assert amount.value == -7065  # 47,10 % of −15 000
    assert (amount.data_type, amount.quotePrefix) == ("n", False)


def test_a_sheet_title_excel_would_refuse_is_made_valid(splits):
    odd = Municipality(name="Molde/Kristiansund: en altfor lang kommune", slug="mk", pk=10_000)
    workbook = load(municipality_workbook(splits, odd))
    (title,) = workbook.sheetnames
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert title.startswith("MoldeKristiansund")


@pytest.mark.database_independent
def test_the_demo_2023_workbook_never_adds_the_overrun_to_the_underrun(tmp_path):
    from budget import demo

    demo.load()
    splits = period_splits(split_period(2023))
    assert (splits.total("operating"), splits.total("investment")) == (1_938_000, -3_380_000)
    workbook = recomputed(year_workbook(splits), tmp_path)
    everything = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert 1_938_000 in everything and -3_380_000 in everything
    assert -1_442_000 not in everything
    assert AllocationKey.objects.get(year=2023).locked_at is None
    assert splits.period.as_of == datetime.date(2024, 2, 1)  # the January 2024 report's date
