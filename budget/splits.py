"""The one route from a cost to each municipality's part.

Every amount a municipality is shown or invoiced (the report's accounts and
security blocks, the case document, the finance page and its workbooks) is a
cost item's ``ItemSplit`` for a ``SplitPeriod``, made here: the item's amount
from its source for the period, split with ``split_by_key`` by the item's key.
A fixed number of queries, whatever the number of items or months.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from budget.allocation import Part, SplitError, split_by_key, whole_kroner
from budget.cost_sources import (
    TYPED,
    MonthFigures,
    SourceFigures,
    SplitPeriod,
    get_source,
)
from budget.models import AllocationKey, AllocationShare, BudgetLine, CostItem, Population
from ror_portal.models import Municipality

ZERO = Decimal(0)
HUNDRED = Decimal(100)
KINDS: list[str] = [BudgetLine.Kind.OPERATING, BudgetLine.Kind.INVESTMENT]


def key_shares(keys) -> dict[int, list[tuple[Municipality, Decimal]]]:
    """Each key's shares in Norwegian order of the municipalities, in one query."""
    result: dict[int, list[tuple[Municipality, Decimal]]] = {key.pk: [] for key in keys}
    shares = AllocationShare.objects.filter(key__in=list(result)).select_related("municipality")
    for share in shares:
        result[share.key_id].append((share.municipality, share.percent))
    return result


def cost_item_kind(item: CostItem) -> str:
    """Operating or investment: a source that gives one kind of amount (a deviation,
    the security agreement) decides it, otherwise the item says it."""
    source = get_source(item.source)
    return (source.kind if source else None) or item.kind


@dataclass(frozen=True)
class SplitGroup:
    """Cost items that may be summed together: of one kind (operating and investment are
    summed apart) and of one span. An amount to date (the accounts' deviation, January
    through the period's month) added to an amount of the whole year (the security
    agreement's yearly cost) would be a sum of no period at all, so they are two groups."""

    kind: str
    year_to_date: bool

    @property
    def slug(self) -> str:
        """Names the group's table in the page's sort parameters (``operating-sortering``,
        ``operating-to-date-sortering``)."""
        return f"{self.kind}-to-date" if self.year_to_date else self.kind

    def label(self, period: SplitPeriod) -> str:
        """ "Drift hittil i år (januar–februar 2024)", "Drift for hele 2024"."""
        kind = BudgetLine.Kind(self.kind).label
        if self.year_to_date:
            return _("%(kind)s year to date (%(months)s)") % {"kind": kind, "months": period.label}
        return _("%(kind)s for the whole of %(year)s") % {"kind": kind, "year": period.year}

    def total_label(self, period: SplitPeriod) -> str:
        """ "Sum drift hittil i år (januar–februar 2024)": the sum says its period too."""
        label = self.label(period)
        return _("Total %(kind)s") % {"kind": label[0].lower() + label[1:]}


@dataclass(frozen=True)
class ItemSplit:
    """A cost item's amount for a period and each municipality's part of it."""

    item: CostItem
    kind: str
    amount: Decimal  # whole kroner: the parts add up to it exactly
    parts: list[Part]  # split_by_key's, in the key's order
    months: list[MonthFigures] = field(default_factory=list)  # where the amount adds up months
    basis: str = ""  # how the amount was computed
    year_to_date: bool = False  # the amount is of January through the period's month

    @property
    def group(self) -> SplitGroup:
        return SplitGroup(self.kind, self.year_to_date)

    def part_of(self, municipality: Municipality) -> Part | None:
        return next((p for p in self.parts if p.municipality.pk == municipality.pk), None)

    def part(self, municipality: Municipality) -> Decimal:
        found = self.part_of(municipality)
        return found.amount if found else ZERO

    def share(self, municipality: Municipality) -> Decimal:
        found = self.part_of(municipality)
        return found.percent if found else ZERO

    def exact(self, municipality: Municipality) -> Decimal:
        """The municipality's part before rounding: total × share."""
        return self.amount * self.share(municipality) / HUNDRED

    def adjustment(self, municipality: Municipality) -> Decimal:
        """What the rounding to whole kroner added (+) or took (−): rounded − exact."""
        return self.part(municipality) - self.exact(municipality)

    @property
    def budget(self) -> Decimal:
        return sum((month.budget for month in self.months), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((month.actual for month in self.months), ZERO)

    def monthly_parts(self) -> list[tuple[int, dict[int, Decimal]]]:
        """What each month added to each municipality's part (by id) of the year to
        date: the split through the month less the split through the month before.
        So a municipality's months add up to its part exactly, and each month's parts
        to the month's whole kroner."""
        shares = [(p.municipality, p.percent) for p in self.parts]
        result, running = [], ZERO
        before = {p.municipality.pk: ZERO for p in self.parts}
        for month in self.months:
            running += month.deviation
            to_date = {p.municipality.pk: p.amount for p in split_by_key(running, shares)}
            result.append((month.month, {pk: to_date[pk] - before[pk] for pk in to_date}))
            before = to_date
        return result


@dataclass(frozen=True)
class KeyMaking:
    """How a key was made and which version of it a split used."""

    key: AllocationKey
    changes: int  # saved changes to the key and its shares: its version number
    changed_at: datetime.datetime | None
    inhabitants: list[Population]  # where the key was computed from them


@dataclass(frozen=True)
class PeriodSplits:
    period: SplitPeriod
    municipalities: list[Municipality]
    keys: list[AllocationKey]
    shares: dict[int, list[tuple[Municipality, Decimal]]]
    items: list[ItemSplit]
    problems: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.period.year

    def of_kind(self, kind: str) -> list[ItemSplit]:
        return [item for item in self.items if item.kind == kind]

    @property
    def groups(self) -> list[tuple[SplitGroup, list[ItemSplit]]]:
        """Operating, then investment; within each the amounts to date, then those of the
        whole year: what may be summed, each group apart (``SplitGroup``)."""
        groups = [SplitGroup(kind, to_date) for kind in KINDS for to_date in (True, False)]
        return [
            (group, items)
            for group in groups
            if (items := [item for item in self.items if item.group == group])
        ]

    def _of(self, group: SplitGroup | str) -> list[ItemSplit]:
        """The items of a group, or of a kind whose items are all of one span: a sum
        over both spans is refused, never made."""
        if isinstance(group, SplitGroup):
            return [item for item in self.items if item.group == group]
        items = self.of_kind(group)
        if len({item.year_to_date for item in items}) > 1:
            raise ValueError(
                f"The {group} items mix amounts to date and amounts of the whole year: "
                "sum each SplitGroup apart."
            )
        return items

    def total_for(self, municipality: Municipality, group: SplitGroup | str) -> Decimal:
        return sum((item.part(municipality) for item in self._of(group)), ZERO)

    def total(self, group: SplitGroup | str) -> Decimal:
        return sum((item.amount for item in self._of(group)), ZERO)

    def item(self, pk: int) -> ItemSplit | None:
        return next((split for split in self.items if split.item.pk == pk), None)


def period_splits(period: SplitPeriod, *, source: str | None = None) -> PeriodSplits:
    """Every cost item of the period's year (or only those of ``source``) with its
    amount for the period and its split per member."""
    of_year = CostItem.objects.filter(year=period.year).select_related("key")
    items = list(of_year if source is None else of_year.filter(source=source))
    keys = {item.key.pk: item.key for item in items}
    if source is None:
        keys.update({key.pk: key for key in AllocationKey.objects.filter(year=period.year)})
    shares = key_shares(keys.values())
    figures: dict[str, SourceFigures] = {}
    for name in {item.source for item in items} - {TYPED}:
        registered = get_source(name)
        figures[name] = registered.figures(period) if registered else SourceFigures(None)

    splits, problems = [], []
    for item in items:
        registered = get_source(item.source)
        given = SourceFigures(item.amount) if item.source == TYPED else figures[item.source]
        try:
            if given.amount is None:
                raise SplitError(f"no amount for {item.source}")
            parts = split_by_key(given.amount, shares[item.key.pk])
        except SplitError:
            problems.append(item.name)
            continue
        amount = whole_kroner(given.amount)  # the parts' total
        to_date = registered is not None and registered.year_to_date
        splits.append(
            ItemSplit(item, cost_item_kind(item), amount, parts, given.months, given.basis, to_date)
        )
    splits.sort(key=lambda split: KINDS.index(split.kind))  # stable: the items' order within
    return PeriodSplits(
        period=period,
        municipalities=list(Municipality.objects.members_in_year(period.year)),
        keys=sorted(keys.values(), key=lambda key: key.name),
        shares=shares,
        items=splits,
        problems=problems,
    )


def source_split(period: SplitPeriod, source: str) -> ItemSplit | None:
    """The split of the cost item that takes its amount from ``source``: what a report
    block shows of it is this, so it is what finance invoices."""
    splits = period_splits(period, source=source).items
    return splits[0] if splits else None


def keys_making(splits: PeriodSplits) -> list[KeyMaking]:
    """How each key of the splits was made, in three queries."""
    keys = splits.keys
    counts: dict[int, int] = {}
    latest: dict[int, datetime.datetime] = {}
    for model, field_name in ((AllocationKey, "id"), (AllocationShare, "key_id")):
        history = model.history.filter(**{f"{field_name}__in": [k.pk for k in keys]})
        for row in history.values(field_name).annotate(n=Count("pk"), last=Max("history_date")):
            pk = row[field_name]
            counts[pk] = counts.get(pk, 0) + row["n"]
            latest[pk] = max(filter(None, [latest.get(pk), row["last"]]))
    years = {key.population_year for key in keys if key.population_year}
    population: dict[int, list[Population]] = {}
    for count in Population.objects.filter(year__in=years).select_related("municipality"):
        population.setdefault(count.year, []).append(count)
    return [
        KeyMaking(
            key,
            counts.get(key.pk, 0),
            latest.get(key.pk),
            population.get(key.population_year, []) if key.population_year else [],
        )
        for key in keys
    ]
