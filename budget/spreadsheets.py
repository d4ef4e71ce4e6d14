"""The finance spreadsheets: a year's cost splits as XLSX, built with openpyxl.

The whole year (overview, keys, one sheet per member) or one member's sheet
alone; both come from the same sheet builders, so they always agree. Every
sheet has a title row, a bold header row that stays frozen on screen and is
repeated on each printed page, and sums as live formulas so that finance can
add a line in Excel and see the totals follow.
"""

import re
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budget.cost_sources import source_label
from budget.selectors import YearSplits
from ror_portal.models import Municipality
from ror_portal.spreadsheet_safety import starts_like_formula

# Excel's own codes: the thousands separator and decimal comma are the reader's
# locale, so "#,##0" shows 1 864 000 in Norwegian Excel.
AMOUNT = "#,##0"
PERCENT = "0.00%"
ZERO = Decimal(0)
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
BOLD = Font(bold=True)
# Characters Excel forbids in sheet titles.
NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def workbook_filename(year: int, municipality: Municipality | None = None) -> str:
    if municipality is None:
        return f"kostnadsfordeling-{year}.xlsx"
    return f"kostnadsfordeling-{year}-{municipality.slug}.xlsx"


def year_workbook(splits: YearSplits) -> bytes:
    """Overview, keys, then one sheet per member municipality."""
    workbook = _workbook(_year_title(splits.year))
    _overview_sheet(workbook, splits)
    _keys_sheet(workbook, splits)
    for municipality in splits.municipalities:
        _municipality_sheet(workbook, splits, municipality)
    return _saved(workbook)


def municipality_workbook(splits: YearSplits, municipality: Municipality) -> bytes:
    """The municipality's sheet of the year's workbook, alone."""
    workbook = _workbook(_municipality_title(splits.year, municipality))
    _municipality_sheet(workbook, splits, municipality)
    return _saved(workbook)


def _overview_sheet(workbook: Workbook, splits: YearSplits) -> None:
    members = splits.municipalities
    headers = [_("Cost item"), _("Source"), _("Allocation key"), *(m.name for m in members)]
    ws = _sheet(workbook, _("Overview"), _with_accounts(splits, _year_title(splits.year)))
    _header(ws, [*headers, _("Total")], [40, 20, 28, *(_width(m.name) for m in members), 14])
    first_part, last_part = 4, 3 + len(members)  # the municipality columns
    row = FIRST_ROW
    for split in splits.items:
        _put(ws, row, 1, split.item.name)
        _put(ws, row, 2, str(source_label(split.item.source)))
        _put(ws, row, 3, split.item.key.name)
        for column, municipality in enumerate(members, first_part):
            _put(ws, row, column, split.part(municipality), AMOUNT)
        _sum(ws, row, last_part + 1, (row, first_part), (row, last_part), AMOUNT)
        row += 1
    _total_row(ws, row, range(first_part, last_part + 2), AMOUNT)


def _keys_sheet(workbook: Workbook, splits: YearSplits) -> None:
    members = splits.municipalities
    ws = _sheet(workbook, _("Allocation keys"), _with_accounts(splits, _year_title(splits.year)))
    headers = [_("Allocation key"), _("Year"), _("Basis"), *(m.name for m in members), _("Total")]
    _header(ws, headers, [28, 8, 50, *(_width(m.name) for m in members), 10])
    first_share, last_share = 4, 3 + len(members)
    for row, key in enumerate(splits.keys, FIRST_ROW):
        percents = _percents(splits, key.pk)
        _put(ws, row, 1, key.name)
        _put(ws, row, 2, key.year)
        _put(ws, row, 3, key.basis).alignment = Alignment(wrap_text=True, vertical="top")
        for column, municipality in enumerate(members, first_share):
            _put(ws, row, column, _fraction(percents.get(municipality.pk, ZERO)), PERCENT)
        # 100 % when the key is whole: a check the reader can see.
        _sum(ws, row, last_share + 1, (row, first_share), (row, last_share), PERCENT)


def _municipality_sheet(workbook: Workbook, splits: YearSplits, municipality: Municipality) -> None:
    title = _with_accounts(splits, _municipality_title(splits.year, municipality))
    ws = _sheet(workbook, municipality.name, title)
    _header(ws, [_("Cost item"), _("Allocation key"), _("Share"), _("Amount")], [40, 28, 10, 14])
    row = FIRST_ROW
    for split in splits.items:
        percents = _percents(splits, split.item.key.pk)
        _put(ws, row, 1, split.item.name)
        _put(ws, row, 2, split.item.key.name)
        _put(ws, row, 3, _fraction(percents.get(municipality.pk, ZERO)), PERCENT)
        _put(ws, row, 4, split.part(municipality), AMOUNT)
        row += 1
    _total_row(ws, row, [4], AMOUNT)


# --- building blocks shared by every sheet -------------------------------------------


def _workbook(title: str) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)  # the empty default sheet
    properties = workbook.properties
    properties.title = title
    properties.subject = _("Cost split per municipality")
    properties.creator = properties.lastModifiedBy = "ROR Portal"
    properties.language = "nb-NO"
    return workbook


def _sheet(workbook: Workbook, name: str, title: str) -> Worksheet:
    """A sheet printed landscape on A4, as wide as the page, title and header on every page."""
    ws = workbook.create_sheet(_sheet_title(name))
    _put(ws, TITLE_ROW, 1, title).font = Font(bold=True, size=14)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1).coordinate
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # 0: as many pages as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        _put(ws, HEADER_ROW, column, header).font = BOLD
        ws.column_dimensions[get_column_letter(column)].width = width


def _total_row(ws: Worksheet, row: int, columns, number_format: str) -> None:
    """A bold "Total" row summing each of ``columns`` over the data rows above it."""
    _put(ws, row, 1, _("Total")).font = BOLD
    for column in columns:
        _sum(ws, row, column, (FIRST_ROW, column), (row - 1, column), number_format).font = BOLD


def _put(ws: Worksheet, row: int, column: int, value, number_format: str | None = None) -> Cell:
    """Write a value as data, never as a formula: names come from users."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)  # whole kroner are integers in Excel, not 1864000.00
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl refuses control characters
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        # openpyxl makes "=…" a formula; force text, and quote-prefix it so that
        # Excel keeps it text even when the cell is edited.
        cell.data_type = "s"
        if starts_like_formula(value):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def _sum(
    ws: Worksheet, row: int, column: int, first: tuple, last: tuple, number_format: str
) -> Cell:
    """Our own formula, the one place a cell is written as one."""
    first_cell, last_cell = ws.cell(*first).coordinate, ws.cell(*last).coordinate
    cell = ws.cell(row, column, f"=SUM({first_cell}:{last_cell})")
    cell.number_format = number_format
    return cell


def _saved(workbook: Workbook) -> bytes:
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _percents(splits: YearSplits, key_pk: int) -> dict[int, Decimal]:
    """A key's shares by municipality id; a member the key leaves out has none."""
    return {municipality.pk: percent for municipality, percent in splits.shares[key_pk]}


def _fraction(percent: Decimal) -> Decimal:
    """8.09 (%) → 0.0809, which the percent format shows as 8,09 %."""
    return percent / 100


def _year_title(year: int) -> str:
    return _("Cost split %(year)s") % {"year": year}


def _municipality_title(year: int, municipality: Municipality) -> str:
    return _("Cost split %(year)s – %(municipality)s") % {
        "year": year,
        "municipality": municipality.name,
    }


def _with_accounts(splits: YearSplits, title: str) -> str:
    """The title with the months of accounts that the computed amounts rest on:
    "Kostnadsfordeling 2024 – Regnskap per februar 2024"."""
    return f"{title} \u2013 {splits.accounts_label}" if splits.accounts else title


def _sheet_title(name: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet title."""
    return NOT_IN_SHEET_TITLE.sub("", name).strip("'")[:31] or "-"


def _width(text: str) -> int:
    return max(12, len(text) + 2)
