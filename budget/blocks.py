from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.accounts import AccountsResult, accounts_result
from budget.models import BudgetLine
from budget.origin import accounts_origin
from budget.periods import accounts_shown_in
from budget.selectors import key_sources
from ror_portal.blocks import BlockData, Period, register, table_key_figures
from ror_portal.formatting import format_percent


def accounts_block(period: Period, kind: str) -> BlockData:
    year, through_month = accounts_shown_in(period.month)
    result = accounts_result(year=year, through_month=through_month, kind=kind, as_of=period.as_of)
    return BlockData(
        columns=[_("Item"), _("Budget"), _("Actual"), _("Deviation"), _("Deviation %")],
        rows=accounts_rows(result),
        context={"result": result},
        sources=key_sources(result.key),
        period=result.period,
    )


def accounts_rows(result: AccountsResult) -> list[list]:
    if not result.lines:  # no budget yet, or the last month's actuals not entered
        return []
    rows = [
        [line.name, line.budget, line.actual, line.deviation, line.deviation_percent]
        for line in [*result.lines]
    ]
    total = result.total
    rows.append([_("Total"), total.budget, total.actual, total.deviation, total.deviation_percent])
    rows += [
        [
            _("Split to %(municipality)s (%(share)s)")
            % {"municipality": part.municipality.name, "share": format_percent(part.percent)},
            None,
            None,
            part.amount,
            None,
        ]
        for part in result.split
    ]
    return rows


@register(
    "budget.operating_result",
    key_figures=partial(table_key_figures, money_columns=(1, 2, 3)),  # budget, accounts, deviation
    title=gettext_lazy("Operating result against budget"),
    template="budget/blocks/accounts_result.html",
    origin=accounts_origin,
)
def operating_result(period: Period) -> BlockData:
    return accounts_block(period, BudgetLine.Kind.OPERATING)


@register(
    "budget.investment_result",
    key_figures=partial(table_key_figures, money_columns=(1, 2, 3)),  # budget, accounts, deviation
    title=gettext_lazy("Investments against budget"),
    template="budget/blocks/accounts_result.html",
    origin=accounts_origin,
)
def investment_result(period: Period) -> BlockData:
    return accounts_block(period, BudgetLine.Kind.INVESTMENT)
