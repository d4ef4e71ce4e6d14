from functools import wraps

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from budget.cost_sources import SplitPeriod, source_label
from budget.periods import FinancePeriod, finance_period
from budget.splits import PeriodSplits, period_splits
from budget.spreadsheets import municipality_workbook, workbook_filename, year_workbook
from budget.tables import cost_split_table
from ror_portal.access import role_required
from ror_portal.downloads import as_download
from ror_portal.formatting import month_name
from ror_portal.models import Municipality
from ror_portal.roles import FINANCE_READERS, Role, roles_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS = range(1, 13)


def _number(value: str | None, allowed=None) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if allowed is not None and number not in allowed:
        raise Http404
    return number


def _to_period(request, period: SplitPeriod, *, year_in_query: bool) -> HttpResponseRedirect:
    """The same page for the period the user may see instead of the one asked for."""
    query = request.GET.copy()
    if year_in_query:
        query["ar"] = str(period.year)
    query["til"] = str(period.through_month)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


@role_required(FINANCE_READERS)
def finance(request):
    """The cost splits of a period (``?ar=2024&til=2``), by default the latest published
    report's; a period the user may not see goes to the one ``finance_period`` gives."""
    year = _number(request.GET.get("ar"))
    through = _number(request.GET.get("til"), MONTHS)
    shown = finance_period(request.user, year, through)
    if shown is None and (year is not None or through is not None):
        raise Http404
    period = shown.period if shown else None
    if period and (year not in (None, period.year) or through not in (None, period.through_month)):
        return _to_period(request, period, year_in_query=True)
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
            "shown": shown,
            "months": [(number, month_name(number)) for number in shown.months] if shown else [],
            "period": period,
            "splits": splits,
            "tables": tables,
            # with nothing to show, why: no published report yet, for all but administrators
            "published_only": Role.ADMINISTRATOR not in roles_of(request.user),
        },
    )


def _year_period(view):
    """A view of one year's splits (the year in the path, the month in ``?til=``): a
    year the user may not see is 404, a month they may not see goes to the one
    ``finance_period`` gives."""

    @wraps(view)
    def with_period(request, year, **kwargs):
        through = _number(request.GET.get("til"), MONTHS)
        shown = finance_period(request.user, year, through)
        if shown is None or shown.period.year != year:
            raise Http404
        if through not in (None, shown.period.through_month):
            return _to_period(request, shown.period, year_in_query=False)
        return view(request, shown, period_splits(shown.period), **kwargs)

    return with_period


@role_required(FINANCE_READERS)
@_year_period
def part_details(request, shown: FinancePeriod, splits: PeriodSplits, item, municipality):
    """How one municipality's part of one cost item was computed, for the period."""
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
            "shown": shown,
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
@_year_period
def year_download(request, shown: FinancePeriod, splits: PeriodSplits):
    return _xlsx_response(
        year_workbook(splits, published=shown.published),
        workbook_filename(splits.year, published=shown.published),
    )


@role_required(FINANCE_READERS)
@_year_period
def municipality_download(request, shown: FinancePeriod, splits: PeriodSplits, municipality):
    member = get_object_or_404(Municipality, slug=municipality)
    if member not in splits.municipalities:
        raise Http404
    return _xlsx_response(
        municipality_workbook(splits, member, published=shown.published),
        workbook_filename(splits.year, member, published=shown.published),
    )
