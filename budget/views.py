from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from budget.cost_sources import SplitPeriod, source_label
from budget.selectors import latest_published_period, split_period, years_with_cost_items
from budget.splits import PeriodSplits, period_splits
from budget.spreadsheets import municipality_workbook, workbook_filename, year_workbook
from budget.tables import cost_split_table
from ror_portal.access import role_required
from ror_portal.downloads import as_download
from ror_portal.formatting import month_name
from ror_portal.models import Municipality
from ror_portal.roles import FINANCE_READERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: str | None, allowed) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if number not in allowed:
        raise Http404
    return number


def _period(request, years: list[int], year: int | None = None) -> SplitPeriod | None:
    """The period asked for (``?ar=2024&til=2``), by default the latest published
    report's, else the newest year's: every view of the page reckons with this."""
    year = year or _number(request.GET.get("ar"), years)
    through = _number(request.GET.get("til"), range(1, 13))
    if year is None and through is None:
        latest = latest_published_period()
        if latest and latest.year in years:
            return latest
    year = year or (years[0] if years else None)
    return split_period(year, through) if year else None


@role_required(FINANCE_READERS)
def finance(request):
    years = years_with_cost_items()
    period = _period(request, years)
    splits = period_splits(period) if period else None
    tables = []
    if splits:
        for group, _items in splits.groups:
            table = cost_split_table(splits, group)
            RequestConfig(request, paginate=False).configure(table)
            tables.append(table)
    return render(
        request,
        "budget/finance.html",
        {
            "years": years,
            "months": [(number, month_name(number)) for number in range(1, 13)],
            "period": period,
            "splits": splits,
            "tables": tables,
        },
    )


def _year_splits(request, year: int) -> PeriodSplits:
    """The splits of ``year`` for the period asked for; a year without cost items is 404."""
    years = years_with_cost_items()
    if year not in years:
        raise Http404
    period = _period(request, years, year)
    assert period is not None  # noqa: S101 - a year is given, so there is a period
    return period_splits(period)


@role_required(FINANCE_READERS)
def part_details(request, year, item, municipality):
    """How one municipality's part of one cost item was computed, for the period."""
    splits = _year_splits(request, year)
    period = splits.period
    split = splits.item(item)
    member = get_object_or_404(Municipality, slug=municipality)
    if split is None or split.part_of(member) is None:
        raise Http404
    monthly = [parts.get(member.pk) for _number, parts in split.monthly_parts()]
    return render(
        request,
        "budget/part_details.html",
        {
            "period": period,
            "split": split,
            "member": member,
            "part": split.part_of(member),
            "exact": split.exact(member),
            "adjustment": split.adjustment(member),
            "rows": [
                (p, split.exact(p.municipality), split.adjustment(p.municipality))
                for p in split.parts
            ],
            "source": source_label(split.item.source),
            "months": [
                (month, month_name(month.month), part)
                for month, part in zip(split.months, monthly, strict=True)
            ],
        },
    )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return as_download(HttpResponse(data, content_type=XLSX), filename)


@role_required(FINANCE_READERS)
def year_download(request, year):
    splits = _year_splits(request, year)
    return _xlsx_response(year_workbook(splits), workbook_filename(year))


@role_required(FINANCE_READERS)
def municipality_download(request, year, municipality):
    splits = _year_splits(request, year)
    member = get_object_or_404(Municipality, slug=municipality)
    if member not in splits.municipalities:
        raise Http404
    return _xlsx_response(municipality_workbook(splits, member), workbook_filename(year, member))
