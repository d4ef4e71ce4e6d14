"""The accounts against the budget for a period: each line's budget to date and actual,
their deviation, its split, and the deviation month by month.

All sums are made in the database; each function uses a fixed number of queries
whatever the number of lines, months or items. Which months a report's accounts
cover is reckoned in ``budget.periods``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from budget.allocation import Part
from budget.cost_sources import MonthFigures, SourceFigures, SplitPeriod
from budget.models import AllocationKey, BudgetLine, MonthlyActual
from budget.periods import accounts_period, split_period
from budget.splits import source_split
from ror_portal.blocks import FiguresPeriod
from ror_portal.formatting import format_money
from ror_portal.numbers import percent

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def to_the_ore(amount: Decimal) -> Decimal:
    """An amount to the øre, half up, as every amount is kept. A sum SQLite makes comes
    back as a float turned Decimal with 15 digits (956666.670000000), to be rounded."""
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


# Deviations in percent are shown to two decimals.
DEVIATION_DECIMALS = 2


@dataclass(frozen=True)
class LineResult:
    name: str
    budget: Decimal
    actual: Decimal
    explanation: str = ""

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.budget

    @property
    def deviation_percent(self) -> Decimal | None:
        return percent(self.deviation, self.budget, DEVIATION_DECIMALS)


@dataclass(frozen=True)
class AccountsResult:
    year: int
    through_month: int
    kind: str
    lines: list[LineResult]
    total: LineResult
    # the split of the deviation by the cost item that invoices it, if there is one
    split: list[Part] = field(default_factory=list)
    key: AllocationKey | None = None
    # False while the last month has no actuals of the kind: then there are no lines,
    # as a year's budget to date against one month fewer of accounts would be wrong
    entered: bool = True

    @property
    def explained_lines(self) -> list[LineResult]:
        return [line for line in self.lines if line.explanation]

    @property
    def is_full_year(self) -> bool:
        return self.period.is_full_year

    @property
    def period(self) -> FiguresPeriod:
        return accounts_period(self.year, self.through_month)

    @property
    def label(self) -> str:
        return accounts_label(self.period)

    @property
    def last_month_label(self) -> str:
        return FiguresPeriod(self.year, self.through_month, self.through_month).label

    @property
    def is_overspend(self) -> bool:
        return self.total.deviation > 0


def accounts_label(period: FiguresPeriod) -> str:
    """ "Regnskap 2023" for a whole year, "Regnskap per februar 2024" for part of one."""
    if period.is_full_year:
        return _("Accounts %(year)s") % {"year": period.year}
    month = FiguresPeriod(period.year, period.last_month, period.last_month).label
    return _("Accounts through %(month)s") % {"month": month}


def _monthly_sum(model, through_month: int):
    rows = (
        model.objects.filter(line=OuterRef("pk"), month__lte=through_month)
        .values("line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(rows, output_field=MONEY)


def _with_budgets_to_date(lines, months: Iterable[int]):
    """Lines with what ``_budget_to_date`` needs for each of ``months``: their own
    monthly budgets summed through the month, and how many they have (one query, one
    pass over the monthly budgets, whatever the number of lines and months)."""
    # Summing groups the rows, and Django then leaves the model's default ordering out
    # of the query: PostgreSQL would give the lines in any order. Keep theirs.
    ordering = lines.query.order_by or BudgetLine._meta.ordering or ()
    return lines.annotate(
        **{
            f"own_budget_{month}": Sum(
                "monthly_budgets__amount", filter=Q(monthly_budgets__month__lte=month)
            )
            for month in months
        },
        own_budgets=Count("monthly_budgets"),
    ).order_by(*ordering)


def _with_sums_to_date(lines, through_month: int):
    """Lines with their actual and budget through ``through_month``, in one query."""
    return _with_budgets_to_date(lines, [through_month]).annotate(
        actual=Coalesce(
            _monthly_sum(MonthlyActual, through_month), Value(ZERO), output_field=MONEY
        ),
    )


def budget_to_date(
    annual_budget: Decimal, own_budget: Decimal | None, through_month: int
) -> Decimal:
    """A line's budget January through ``through_month``: the sum of its own monthly
    budgets where it has any (``own_budget``, None where it has none), otherwise
    twelfths of the year's."""
    budget = annual_budget * through_month / 12 if own_budget is None else own_budget
    return to_the_ore(budget)


def _budget_to_date(line, through_month: int) -> Decimal:
    """``budget_to_date`` of a line annotated by ``_with_budgets_to_date``: the one way
    a budget to date is reckoned, for a line (the accounts) and a month (the deviation's
    months). A line with own budgets of later months only has none so far, not twelfths."""
    own_so_far = getattr(line, f"own_budget_{through_month}")
    own = (own_so_far or ZERO) if line.own_budgets else None
    return budget_to_date(line.annual_budget, own, through_month)


def line_results(*, year: int, through_month: int, kind: str) -> list[LineResult]:
    lines = _with_sums_to_date(BudgetLine.objects.for_year(year).filter(kind=kind), through_month)
    return [
        LineResult(
            line.name,
            _budget_to_date(line, through_month),
            to_the_ore(line.actual),
            line.explanation,
        )
        for line in lines
    ]


@dataclass(frozen=True)
class ActualsRow:
    """A line on the form for a month's actuals, with what the year holds so far."""

    line: BudgetLine
    budget_to_date: Decimal  # January through the month
    earlier: list[tuple[int, Decimal]]  # (month, actual) before the month

    @property
    def earlier_total(self) -> Decimal:
        return sum((amount for _month, amount in self.earlier), ZERO)


def actuals_grid(*, year: int, month: int) -> list[ActualsRow]:
    """Every line of the year with its budget to date and earlier months' actuals
    (two queries)."""
    lines = _with_sums_to_date(BudgetLine.objects.for_year(year), month)
    earlier: dict[int, list[tuple[int, Decimal]]] = {}
    for line_id, earlier_month, amount in (
        MonthlyActual.objects.filter(line__year=year, month__lt=month)
        .order_by("month")
        .values_list("line", "month", "amount")
    ):
        earlier.setdefault(line_id, []).append((earlier_month, amount))
    return [
        ActualsRow(line, _budget_to_date(line, month), earlier.get(line.pk, [])) for line in lines
    ]


@dataclass(frozen=True)
class ActualChange:
    """One change to a line's actual for a month, as the history kept it."""

    when: datetime.datetime
    user: object
    month: int
    before: Decimal | None
    after: Decimal | None
    reason: str = ""  # the ledger file that made the change; empty where typed


def actual_changes(line_id: int) -> list[ActualChange]:
    """The changes to a line's monthly actuals, newest first, in one query: each
    figure before and after, who and when."""
    records = (
        MonthlyActual.history.filter(line_id=line_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    last: dict[int, Decimal | None] = {}
    changes = []
    for record in records:
        before = last.get(record.month)
        after = None if record.history_type == "-" else record.amount
        last[record.month] = after
        if before != after:
            changes.append(
                ActualChange(
                    record.history_date,
                    record.history_user,
                    record.month,
                    before,
                    after,
                    record.history_change_reason or "",
                )
            )
    return changes[::-1]


def lines_total(lines: list[LineResult]) -> LineResult:
    return LineResult(
        "",
        sum((line.budget for line in lines), ZERO),
        sum((line.actual for line in lines), ZERO),
    )


def accounts_result(
    *, year: int, through_month: int, kind: str, as_of: datetime.date | None = None
) -> AccountsResult:
    """The year's lines of ``kind`` through ``through_month``, and the split of the
    deviation as the cost item that invoices it splits it (``budget.splits``)."""
    lines = line_results(year=year, through_month=through_month, kind=kind)
    total = lines_total(lines)
    if not lines:
        return AccountsResult(year, through_month, kind, lines, total)
    if through_month not in _actuals_by_month(year=year, through_month=through_month, kind=kind):
        return AccountsResult(year, through_month, kind, [], lines_total([]), entered=False)
    period = split_period(year, through_month, as_of)
    split = source_split(period, DEVIATION_SOURCE[kind])
    if split is None:
        return AccountsResult(year, through_month, kind, lines, total)
    return AccountsResult(year, through_month, kind, lines, total, split.parts, split.item.key)


# Deviations to date are the amounts the deviation cost items split.
DEVIATION_SOURCE: dict[str, str] = {
    BudgetLine.Kind.OPERATING: "operating_deviation",
    BudgetLine.Kind.INVESTMENT: "investment_deviation",
}


def accounts_by_month(*, year: int, through_month: int, kind: str) -> list[MonthFigures]:
    """Each month's budget and actual of the year's lines of ``kind``, January to
    ``through_month``, in two queries (lines with their budgets to date, actuals). A
    month's budget is what it adds to the budget to date (``_budget_to_date``, as the
    accounts block reckons it), so the months add up to the block's figures to the øre."""
    through = range(1, through_month + 1)
    lines = list(
        _with_budgets_to_date(BudgetLine.objects.for_year(year).filter(kind=kind), through)
    )
    actuals = _actuals_by_month(year=year, through_month=through_month, kind=kind)
    months, before = [], ZERO
    for month in through:
        to_date = sum((_budget_to_date(line, month) for line in lines), ZERO)
        actual = to_the_ore(actuals.get(month, ZERO))
        months.append(MonthFigures(month, to_date - before, actual, month in actuals))
        before = to_date
    return months


def _actuals_by_month(*, year: int, through_month: int, kind: str) -> dict[int, Decimal]:
    """The actuals of the year's lines of ``kind`` summed by month, January to
    ``through_month``, for the months entered: a month is entered when any line of the
    kind has an actual for it (one query)."""
    return dict(
        MonthlyActual.objects.filter(line__year=year, line__kind=kind, month__lte=through_month)
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )


def deviation_figures(kind: str, period: SplitPeriod) -> SourceFigures:
    """The deviation of ``kind`` to date: the year's actuals through the period's month
    against the budget of the same months, never a whole year's budget against part
    of a year's accounts. None while the period's last month has no actuals yet."""
    months = accounts_by_month(year=period.year, through_month=period.through_month, kind=kind)
    if not months or not months[-1].entered:
        return SourceFigures(None)
    budget = sum((month.budget for month in months), ZERO)
    actual = sum((month.actual for month in months), ZERO)
    basis = _("Actual %(actual)s less budget %(budget)s, %(months)s") % {
        "actual": format_money(actual, 2),
        "budget": format_money(budget, 2),
        "months": period.label,
    }
    return SourceFigures(actual - budget, months, basis)


def operating_deviation(period: SplitPeriod) -> SourceFigures:
    return deviation_figures(BudgetLine.Kind.OPERATING, period)


def investment_deviation(period: SplitPeriod) -> SourceFigures:
    return deviation_figures(BudgetLine.Kind.INVESTMENT, period)
