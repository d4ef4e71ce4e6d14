"""The budget's answers for a period: accounts against budget, and cost splits.

All sums are made in the database; each function uses a fixed number of
queries whatever the number of lines or items.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from budget.allocation import Part, SplitError, split_by_key, whole_kroner
from budget.cost_sources import TYPED, get_source
from budget.models import AllocationKey, BudgetLine, CostItem, MonthlyActual, MonthlyBudget
from ror_portal.blocks import FiguresPeriod, Period
from ror_portal.dates import add_months
from ror_portal.models import Municipality

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if whole else None


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
        return percent_of(self.deviation, self.budget)


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

    @property
    def explained_lines(self) -> list[LineResult]:
        return [line for line in self.lines if line.explanation]

    @property
    def is_full_year(self) -> bool:
        return self.through_month == 12

    @property
    def period(self) -> FiguresPeriod:
        return accounts_period(self.year, self.through_month)

    @property
    def label(self) -> str:
        return accounts_label(self.period)

    @property
    def is_overspend(self) -> bool:
        return self.total.deviation > 0


def accounts_month(period: Period) -> tuple[int, int]:
    """The accounts a report shows, as (year, last month): see ``accounts_month_of``."""
    return accounts_month_of(period.month)


def accounts_month_of(report_month: datetime.date) -> tuple[int, int]:
    """The accounts lag a month: a report for month M shows them through M − 1,
    so the January report shows the whole previous year (as the board's documents do)."""
    accounts = add_months(report_month, -1)
    return accounts.year, accounts.month


def report_month_of(year: int, month: int) -> datetime.date:
    """The first report that shows the actuals of ``month``/``year``: the inverse of
    ``accounts_month_of`` (December's go to next year's January report)."""
    return add_months(datetime.date(year, month, 1), 1)


def accounts_period(year: int, through_month: int) -> FiguresPeriod:
    """What the accounts of a report add up: the year to date."""
    return FiguresPeriod(year, 1, through_month)


def accounts_label(period: FiguresPeriod) -> str:
    """ "Regnskap 2023" for a whole year, "Regnskap per februar 2024" for part of one."""
    if period.first_month == 1 and period.last_month == 12:
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


def _with_sums_to_date(lines, through_month: int):
    """Lines with their actual and own budget through ``through_month``, in one query."""
    return lines.annotate(
        actual=Coalesce(
            _monthly_sum(MonthlyActual, through_month), Value(ZERO), output_field=MONEY
        ),
        own_budget=_monthly_sum(MonthlyBudget, through_month),
        has_own_budget=Subquery(
            MonthlyBudget.objects.filter(line=OuterRef("pk")).values("line")[:1]
        ),
    )


def _budget_to_date(line, through_month: int) -> Decimal:
    """A line's own monthly budgets where it has them, otherwise twelfths of the year's."""
    if line.has_own_budget is not None:
        budget = line.own_budget or ZERO
    else:
        budget = line.annual_budget * through_month / 12
    return budget.quantize(Decimal("0.01"), ROUND_HALF_UP)  # as every amount: half up


def line_results(*, year: int, through_month: int, kind: str) -> list[LineResult]:
    lines = _with_sums_to_date(BudgetLine.objects.for_year(year).filter(kind=kind), through_month)
    return [
        LineResult(line.name, _budget_to_date(line, through_month), line.actual, line.explanation)
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
                ActualChange(record.history_date, record.history_user, record.month, before, after)
            )
    return changes[::-1]


def lines_total(lines: list[LineResult]) -> LineResult:
    return LineResult(
        "",
        sum((line.budget for line in lines), ZERO),
        sum((line.actual for line in lines), ZERO),
    )


def accounts_result(*, year: int, through_month: int, kind: str) -> AccountsResult:
    lines = line_results(year=year, through_month=through_month, kind=kind)
    total = lines_total(lines)
    item = (
        CostItem.objects.filter(year=year, source=DEVIATION_SOURCE[kind])
        .select_related("key")
        .first()
    )
    if item is None or not lines:
        return AccountsResult(year, through_month, kind, lines, total)
    split = split_by_key(total.deviation, key_shares([item.key])[item.key.pk])
    return AccountsResult(year, through_month, kind, lines, total, split, item.key)


def key_shares(keys) -> dict[int, list[tuple[Municipality, Decimal]]]:
    """Each key's shares in Norwegian order of the municipalities, in one query."""
    from budget.models import AllocationShare

    result: dict[int, list[tuple[Municipality, Decimal]]] = {key.pk: [] for key in keys}
    shares = AllocationShare.objects.filter(key__in=list(result)).select_related("municipality")
    for share in shares:
        result[share.key_id].append((share.municipality, share.percent))
    return result


# Deviations of a whole year are the amounts the deviation cost items split.
DEVIATION_SOURCE: dict[str, str] = {
    BudgetLine.Kind.OPERATING: "operating_deviation",
    BudgetLine.Kind.INVESTMENT: "investment_deviation",
}


def last_accounts_month(year: int) -> int | None:
    """The last month of ``year`` with an actual entered: a year in progress is
    reckoned through it."""
    return MonthlyActual.objects.filter(line__year=year).aggregate(last=Max("month"))["last"]


def yearly_deviations(kind: str, years: list[int]) -> dict[int, Decimal]:
    """Each year's deviation through its last month of accounts, against the budget of
    the same months, as the report's accounts block reckons it: never a whole year's
    budget against part of a year's accounts. A year without accounts has none."""
    deviations = {}
    for year in years:
        through_month = last_accounts_month(year)
        if through_month:
            lines = line_results(year=year, through_month=through_month, kind=kind)
            deviations[year] = whole_kroner(lines_total(lines).deviation)
    return deviations


@dataclass(frozen=True)
class CostSplit:
    item: CostItem
    amount: Decimal
    parts: dict[int, Decimal]  # municipality id → kroner, from split_by_key

    def part(self, municipality: Municipality) -> Decimal:
        return self.parts.get(municipality.pk, ZERO)


@dataclass(frozen=True)
class YearSplits:
    year: int
    municipalities: list[Municipality]
    keys: list[AllocationKey]
    shares: dict[int, list[tuple[Municipality, Decimal]]]
    items: list[CostSplit]
    problems: list[str] = field(default_factory=list)
    # the months of actuals that amounts computed from the accounts rest on
    accounts: FiguresPeriod | None = None

    def total_for(self, municipality: Municipality) -> Decimal:
        return sum((item.part(municipality) for item in self.items), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)

    @property
    def accounts_label(self) -> str:
        """ "Regnskap per februar 2024" where amounts are computed from the accounts."""
        return accounts_label(self.accounts) if self.accounts else ""


def cost_splits(year: int) -> YearSplits:
    """Every cost item of the year with its amount and its split per member."""
    items = list(CostItem.objects.filter(year=year).select_related("key"))
    keys = {item.key.pk: item.key for item in items}
    keys.update({key.pk: key for key in AllocationKey.objects.filter(year=year)})
    shares = key_shares(keys.values())
    amounts: dict[str, Decimal | None] = {}
    for source_name in {item.source for item in items} - {TYPED}:
        source = get_source(source_name)
        amounts[source_name] = source.amounts([year]).get(year) if source else None
    accounts = None
    if set(amounts) & set(DEVIATION_SOURCE.values()):
        last = last_accounts_month(year)
        accounts = accounts_period(year, last) if last else None

    splits, problems = [], []
    for item in items:
        amount = item.amount if item.source == TYPED else amounts.get(item.source)
        try:
            if amount is None:
                raise SplitError(f"no amount for {item.source}")
            parts = split_by_key(amount, shares[item.key.pk])
        except SplitError:
            problems.append(item.name)
            continue
        by_member = {part.municipality.pk: part.amount for part in parts}
        splits.append(CostSplit(item, whole_kroner(amount), by_member))  # the parts' total
    return YearSplits(
        year=year,
        municipalities=list(Municipality.objects.members_in_year(year)),
        keys=sorted(keys.values(), key=lambda key: key.name),
        shares=shares,
        items=splits,
        problems=problems,
        accounts=accounts,
    )


def years_with_cost_items() -> list[int]:
    return list(CostItem.objects.order_by("-year").values_list("year", flat=True).distinct())


def operating_deviation(years):
    return yearly_deviations(BudgetLine.Kind.OPERATING, years)


def investment_deviation(years):
    return yearly_deviations(BudgetLine.Kind.INVESTMENT, years)


KEY_SOURCE = "budget.allocation_key"


def key_sources(key: AllocationKey | None) -> dict[str, list[int]]:
    """A block's sources when its figures are split with ``key``: the key gets locked
    once a report that showed them is published (budget.services.allocation_keys_lock)."""
    return {KEY_SOURCE: [key.pk]} if key else {}
