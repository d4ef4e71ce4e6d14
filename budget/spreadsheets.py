"""The finance spreadsheets: a period's cost splits as XLSX, built with openpyxl.

The year's workbook: *Oversikt* (every item, operating and investment summed
apart), *Til fakturering* (what each municipality is invoiced or credited),
*Beregning* (each split traced: total, share, exact = total × share, rounded,
adjustment = rounded − exact, and a check that the rounded parts sum to the
total), *Måned for måned* (the accounts' months and each month's parts),
*Fordelingsnøkler* (each key's shares, how it was made and its version), then one
sheet per member. A municipality's workbook is its sheet alone, which traces its
own parts. Every other sheet's amounts are formulas that point into *Beregning*,
so a reader can follow any figure to the total and the key it came from.
"""

import re
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from budget.cost_sources import source_label
from budget.models import BudgetLine
from budget.splits import ItemSplit, KeyMaking, PeriodSplits, SplitGroup, keys_making
from ror_portal.formatting import format_date, format_datetime, format_percent, month_name
from ror_portal.models import Municipality
from ror_portal.spreadsheet_safety import starts_like_formula

# Excel's own codes: the thousands separator and decimal comma are the reader's
# locale, so "#,##0" shows 1 864 000 in Norwegian Excel.
AMOUNT = "#,##0"
EXACT = "#,##0.00##"  # a share of four decimals gives up to four øre decimals
PERCENT = "0.00%"
ZERO = Decimal(0)
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
BOLD = Font(bold=True)
# Characters Excel forbids in sheet titles.
NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def workbook_filename(
    year: int, municipality: Municipality | None = None, *, published: bool = True
) -> str:
    """ "kostnadsfordeling-2024-molde.xlsx"; a file of live figures the board has not been
    given says so in its name too, so a copy saved and sent on is never taken for the
    published one."""
    name = f"kostnadsfordeling-{year}" + (f"-{municipality.slug}" if municipality else "")
    return f"{name}.xlsx" if published else f"{name}-ikke-publisert.xlsx"


def kind_label(kind: str) -> str:
    return str(BudgetLine.Kind(kind).label)


def year_workbook(splits: PeriodSplits, *, published: bool = True) -> bytes:
    """Overview, invoicing, calculation, months, keys, then one sheet per member. Not
    ``published``: every sheet's title says «Ikke publisert»."""
    title = _marked(_year_title(splits), published)
    workbook = _workbook(title)
    names = [
        _("Overview"),
        _("To invoice"),
        _("Calculation"),
        _("Month by month"),
        _("Allocation keys"),
    ]
    overview, invoicing, calculation, months, keys = (
        _sheet(workbook, name, title) for name in names
    )
    shares = _keys_sheet(keys, splits)
    refs = _calculation_sheet(calculation, splits, shares)
    _overview_sheet(overview, splits, refs)
    _invoicing_sheet(invoicing, splits, refs)
    _months_sheet(months, splits)
    for municipality in splits.municipalities:
        _municipality_sheet(
            _sheet(
                workbook, municipality.name, _municipality_title(splits, municipality, published)
            ),
            splits,
            municipality,
        )
    return _saved(workbook)


def municipality_workbook(
    splits: PeriodSplits, municipality: Municipality, *, published: bool = True
) -> bytes:
    """The municipality's sheet of the year's workbook, alone: it traces its own parts."""
    title = _municipality_title(splits, municipality, published)
    workbook = _workbook(title)
    _municipality_sheet(_sheet(workbook, municipality.name, title), splits, municipality)
    return _saved(workbook)


# --- the sheets -----------------------------------------------------------------------


class Refs:
    """Where *Beregning* holds each item's total and each municipality's rounded part."""

    def __init__(self, sheet: str) -> None:
        self.sheet = quote_sheetname(sheet)
        self.totals: dict[int, str] = {}
        self.parts: dict[tuple[int, int], str] = {}

    def total(self, split: ItemSplit) -> str:
        return f"={self.sheet}!{self.totals[split.item.pk]}"

    def part(self, split: ItemSplit, municipality: Municipality) -> str | Decimal:
        ref = self.parts.get((split.item.pk, municipality.pk))
        return f"={self.sheet}!{ref}" if ref else ZERO  # a member the key leaves out


def _keys_sheet(ws: Worksheet, splits: PeriodSplits) -> dict[tuple[int, int], str]:
    """The keys' shares (each key a row), their version, then how each was made.
    Returns where each (key, municipality) share is ("'Fordelingsnøkler'!D3"), for the
    calculation to point at."""
    members = splits.municipalities
    headers = [
        _("Allocation key"),
        _("Year"),
        _("Basis"),
        *(m.name for m in members),
        _("Total"),
        _("Version"),
        _("Last changed"),
        _("Locked"),
    ]
    _header(ws, headers, [28, 8, 50, *(_width(m.name) for m in members), 10, 10, 18, 18])
    first, last = 4, 3 + len(members)
    where: dict[tuple[int, int], str] = {}
    makings = keys_making(splits)
    for row, making in enumerate(makings, FIRST_ROW):
        key = making.key
        percents = _percents(splits, key.pk)
        _put(ws, row, 1, key.name)
        _put(ws, row, 2, key.year)
        _put(ws, row, 3, key.basis).alignment = Alignment(wrap_text=True, vertical="top")
        for column, municipality in enumerate(members, first):
            cell = _put(ws, row, column, _fraction(percents.get(municipality.pk, ZERO)), PERCENT)
            where[(key.pk, municipality.pk)] = f"{quote_sheetname(ws.title)}!{cell.coordinate}"
        # 100 % when the key is whole: a check the reader can see.
        _sum(ws, row, last + 1, (row, first), (row, last), PERCENT)
        _put(ws, row, last + 2, making.changes)
        _put(ws, row, last + 3, format_datetime(making.changed_at) if making.changed_at else "")
        _put(ws, row, last + 4, format_datetime(key.locked_at) if key.locked_at else "")
    row = FIRST_ROW + len(makings) + 1
    _put(ws, row, 1, _("How each key was made")).font = BOLD
    for making in makings:
        row = _key_making(ws, row + 1, making)
    return where


def _key_making(ws: Worksheet, row: int, making: KeyMaking) -> int:
    key = making.key
    _put(ws, row, 1, key.name).font = BOLD
    if not making.inhabitants:
        _put(ws, row, 2, _("Shares typed in: %(basis)s") % {"basis": key.basis or "–"})
        return row
    _put(
        ws,
        row,
        2,
        _("%(equal)s split equally, the rest by inhabitants on %(date)s")
        % {
            "equal": format_percent(key.equal_percent),
            "date": f"01.01.{key.population_year}",
        },
    )
    for count in making.inhabitants:
        row += 1
        _put(ws, row, 2, count.municipality.name)
        _put(ws, row, 3, count.inhabitants, AMOUNT)
        _put(ws, row, 4, count.source or _("source not given"))
    return row


def _calculation_sheet(
    ws: Worksheet, splits: PeriodSplits, shares: dict[tuple[int, int], str]
) -> Refs:
    """Each split traced, a block per cost item."""
    refs = Refs(ws.title)
    headers = [
        _("Municipality"),
        _("Share"),
        _("Exact (total × share)"),
        _("Rounded"),
        _("Rounding adjustment"),
    ]
    _header(ws, headers, [40, 12, 20, 16, 20])
    row = FIRST_ROW
    for split in splits.items:
        _put(ws, row, 1, f"{split.item.name} ({kind_label(split.kind)})").font = BOLD
        _put(ws, row, 2, split.basis or str(source_label(split.item.source)))
        row += 1
        total_row = row
        _put(ws, row, 1, _("Total to split"))
        total = _put(ws, row, 4, split.amount, AMOUNT)
        refs.totals[split.item.pk] = total.coordinate
        first = row + 1
        for part in split.parts:
            row += 1
            _put(ws, row, 1, part.municipality.name)
            where = shares.get((split.item.key.pk, part.municipality.pk))
            share = f"={where}" if where else _fraction(part.percent)
            _put_formula(ws, row, 2, share, PERCENT)
            _put_formula(ws, row, 3, f"=$D${total_row}*B{row}", EXACT)
            rounded = _put(ws, row, 4, part.amount, AMOUNT)
            refs.parts[(split.item.pk, part.municipality.pk)] = rounded.coordinate
            # to the øre, (its four decimals), so binary fractions never show as 0,40000000002
            _put_formula(ws, row, 5, f"=ROUND(D{row}-C{row},4)", EXACT)
        row += 1
        _put(ws, row, 1, _("Check: the rounded parts sum to the total")).font = BOLD
        _sum(ws, row, 3, (first, 3), (row - 1, 3), EXACT)
        _sum(ws, row, 4, (first, 4), (row - 1, 4), AMOUNT)
        _put_formula(ws, row, 5, f"=ROUND(SUM(E{first}:E{row - 1}),4)", EXACT)
        ok, wrong = _("OK"), _("DOES NOT ADD UP")
        _put_formula(ws, row, 2, f'=IF(D{row}=D{total_row},"{ok}","{wrong}")')
        row += 2
    return refs


def _overview_sheet(ws: Worksheet, splits: PeriodSplits, refs: Refs) -> None:
    members = splits.municipalities
    headers = [
        _("Cost item"),
        _("Source"),
        _("Allocation key"),
        _("Amount"),
        *(m.name for m in members),
        _("Sum of the parts"),
    ]
    _header(ws, headers, [40, 20, 28, 14, *(_width(m.name) for m in members), 16])
    first_part, last_part = 5, 4 + len(members)
    row = FIRST_ROW
    for group, items in splits.groups:
        _put(ws, row, 1, _group_label(splits, group)).font = BOLD
        row += 1
        first = row
        for split in items:
            _put(ws, row, 1, split.item.name)
            _put(ws, row, 2, str(source_label(split.item.source)))
            _put(ws, row, 3, split.item.key.name)
            _put_formula(ws, row, 4, refs.total(split), AMOUNT)
            for column, municipality in enumerate(members, first_part):
                _put_formula(ws, row, column, refs.part(split, municipality), AMOUNT)
            _sum(ws, row, last_part + 1, (row, first_part), (row, last_part), AMOUNT)
            row += 1
        _put(ws, row, 1, _group_total(splits, group)).font = BOLD
        for column in range(4, last_part + 2):
            _sum(ws, row, column, (first, column), (row - 1, column), AMOUNT).font = BOLD
        row += 2


def _invoicing_sheet(ws: Worksheet, splits: PeriodSplits, refs: Refs) -> None:
    """Per municipality: each item's part for the period, + invoiced, − credited, with a
    total per kind (operating is invoiced; investment is set off against the grants)."""
    headers = [_("Municipality"), _("Cost item"), _("Kind"), _("Amount"), _("Invoice or credit")]
    _header(ws, headers, [16, 50, 12, 14, 30])
    row = FIRST_ROW
    for municipality in splits.municipalities:
        for group, items in splits.groups:
            kind = group.kind
            first = row
            for split in items:
                _put(ws, row, 1, municipality.name)
                _put(ws, row, 2, split.item.name)
                _put(ws, row, 3, kind_label(kind))
                _put_formula(ws, row, 4, refs.part(split, municipality), AMOUNT)
                _put(ws, row, 5, _invoice_word(split.part(municipality), kind))
                row += 1
            total = splits.total_for(municipality, group)
            _put(ws, row, 1, municipality.name).font = BOLD
            _put(ws, row, 2, _group_total(splits, group)).font = BOLD
            _sum(ws, row, 4, (first, 4), (row - 1, 4), AMOUNT).font = BOLD
            _put(ws, row, 5, _invoice_word(total, kind)).font = BOLD
            row += 2


def _months_sheet(ws: Worksheet, splits: PeriodSplits) -> None:
    """Each amount computed from the accounts, month by month: budget, actual and
    deviation, and what each month added to each municipality's part."""
    months = range(1, splits.period.through_month + 1)
    headers = [_("Cost item"), *(month_name(m) for m in months), _("To date")]
    _header(ws, headers, [40, *(12 for _m in months), 14])
    last = 1 + len(months)
    row = FIRST_ROW
    for split in splits.items:
        if not split.months:
            continue
        _put(ws, row, 1, f"{split.item.name} ({split.item.key.name})").font = BOLD
        budget_row, actual_row = row + 1, row + 2
        for offset, (label, values) in enumerate(
            [
                (_("Budget"), [m.budget for m in split.months]),
                (_("Actual"), [m.actual for m in split.months]),
            ],
            1,
        ):
            _put(ws, row + offset, 1, label)
            for column, value in enumerate(values, 2):
                _put(ws, row + offset, column, value, EXACT)
            _sum(ws, row + offset, last + 1, (row + offset, 2), (row + offset, last), EXACT)
        row += 3
        _put(ws, row, 1, _("Deviation")).font = BOLD
        for column in range(2, last + 2):
            letter = get_column_letter(column)
            _put_formula(ws, row, column, f"={letter}{actual_row}-{letter}{budget_row}", EXACT)
        monthly = split.monthly_parts()
        for municipality in splits.municipalities:
            row += 1
            _put(ws, row, 1, f"{municipality.name} ({format_percent(split.share(municipality))})")
            for column, (_month, parts) in enumerate(monthly, 2):
                _put(ws, row, column, parts.get(municipality.pk, ZERO), AMOUNT)
            _sum(ws, row, last + 1, (row, 2), (row, last), AMOUNT)
        row += 2
    yearly = [split for split in splits.items if not split.months]
    if yearly:
        _put(ws, row, 1, _("Amounts for the whole year (not by month)")).font = BOLD
        for split in yearly:
            row += 1
            _put(ws, row, 1, split.item.name)
            _put(ws, row, last + 1, split.amount, AMOUNT)


def _municipality_sheet(ws: Worksheet, splits: PeriodSplits, municipality: Municipality) -> None:
    headers = [
        _("Cost item"),
        _("Allocation key"),
        _("Total to split"),
        _("Share"),
        _("Exact (total × share)"),
        _("Amount"),
        _("Rounding adjustment"),
    ]
    _header(ws, headers, [40, 28, 16, 10, 20, 14, 20])
    row = FIRST_ROW
    for group, items in splits.groups:
        _put(ws, row, 1, _group_label(splits, group)).font = BOLD
        row += 1
        first = row
        for split in items:
            _put(ws, row, 1, split.item.name)
            _put(ws, row, 2, split.item.key.name)
            _put(ws, row, 3, split.amount, AMOUNT)
            _put(ws, row, 4, _fraction(split.share(municipality)), PERCENT)
            _put_formula(ws, row, 5, f"=C{row}*D{row}", EXACT)
            _put(ws, row, 6, split.part(municipality), AMOUNT)
            _put_formula(ws, row, 7, f"=ROUND(F{row}-E{row},4)", EXACT)
            row += 1
        _put(ws, row, 1, _group_total(splits, group)).font = BOLD
        _sum(ws, row, 6, (first, 6), (row - 1, 6), AMOUNT).font = BOLD
        row += 2


# --- building blocks shared by every sheet -------------------------------------------


def _split_spans(splits: PeriodSplits, group: SplitGroup) -> bool:
    """Whether the group's kind has amounts both to date and of the whole year: then
    each group's heading and sum name its span, as they are summed apart."""
    return sum(1 for other, _items in splits.groups if other.kind == group.kind) > 1


def _group_label(splits: PeriodSplits, group: SplitGroup) -> str:
    if _split_spans(splits, group):
        return group.label(splits.period)
    return kind_label(group.kind)


def _group_total(splits: PeriodSplits, group: SplitGroup) -> str:
    if _split_spans(splits, group):
        return group.total_label(splits.period)
    return _kind_total(group.kind)


def _kind_total(kind: str) -> str:
    return _("Total operating") if kind == BudgetLine.Kind.OPERATING else _("Total investment")


def _invoice_word(amount: Decimal, kind: str) -> str:
    if kind == BudgetLine.Kind.INVESTMENT:
        return _("Set off against the investment grant")
    if amount > 0:
        return _("To be invoiced")
    return _("To be credited") if amount < 0 else ""


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


def _put_formula(
    ws: Worksheet, row: int, column: int, formula, number_format: str | None = None
) -> Cell:
    """Our own formula (built here from cell references, never from user text); a
    number where there is nothing to point at."""
    if not isinstance(formula, str):
        return _put(ws, row, column, formula, number_format)
    cell = ws.cell(row, column, formula)
    if number_format:
        cell.number_format = number_format
    return cell


def _sum(
    ws: Worksheet, row: int, column: int, first: tuple, last: tuple, number_format: str
) -> Cell:
    first_cell, last_cell = ws.cell(*first).coordinate, ws.cell(*last).coordinate
    return _put_formula(ws, row, column, f"=SUM({first_cell}:{last_cell})", number_format)


def _saved(workbook: Workbook) -> bytes:
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _percents(splits: PeriodSplits, key_pk: int) -> dict[int, Decimal]:
    """A key's shares by municipality id; a member the key leaves out has none."""
    return {municipality.pk: percent for municipality, percent in splits.shares[key_pk]}


def _fraction(percent: Decimal) -> Decimal:
    """8.09 (%) → 0.0809, which the percent format shows as 8,09 %."""
    return percent / 100


def _year_title(splits: PeriodSplits) -> str:
    """ "Kostnadsfordeling 2024 – januar–februar 2024 (tall per 01.03.2024)"."""
    return _("Cost split %(year)s – %(period)s (figures as of %(date)s)") % {
        "year": splits.year,
        "period": splits.period.label,
        "date": format_date(splits.period.as_of),
    }


def _municipality_title(splits: PeriodSplits, municipality: Municipality, published: bool) -> str:
    return _marked(f"{_year_title(splits)} \u2013 {municipality.name}", published)


def _marked(title: str, published: bool) -> str:
    """A title, with « – Ikke publisert» after it for live figures no published report
    has shown (an administrator's download)."""
    return title if published else f"{title} \u2013 {_('Not published')}"


def _sheet_title(name: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet title."""
    return NOT_IN_SHEET_TITLE.sub("", name).strip("'")[:31] or "-"


def _width(text: str) -> int:
    return max(12, len(text) + 2)
