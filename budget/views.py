from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from budget.selectors import cost_splits, years_with_cost_items
from budget.spreadsheets import municipality_workbook, workbook_filename, year_workbook
from budget.tables import cost_split_table
from ror_portal.access import role_required
from ror_portal.downloads import as_download
from ror_portal.models import Municipality
from ror_portal.roles import FINANCE_READERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(FINANCE_READERS)
def finance(request):
    years = years_with_cost_items()
    try:
        year = int(request.GET.get("ar") or (years[0] if years else 0))
    except ValueError:
        raise Http404 from None
    splits = cost_splits(year) if year in years else None
    table = None
    if splits:
        table = cost_split_table(splits)
        RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "budget/finance.html",
        {"years": years, "year": year, "splits": splits, "table": table},
    )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return as_download(HttpResponse(data, content_type=XLSX), filename)


@role_required(FINANCE_READERS)
def year_download(request, year):
    if year not in years_with_cost_items():
        raise Http404
    return _xlsx_response(year_workbook(cost_splits(year)), workbook_filename(year))


@role_required(FINANCE_READERS)
def municipality_download(request, year, municipality):
    if year not in years_with_cost_items():
        raise Http404
    splits = cost_splits(year)
    member = get_object_or_404(Municipality, slug=municipality)
    if member not in splits.municipalities:
        raise Http404
    return _xlsx_response(municipality_workbook(splits, member), workbook_filename(year, member))
