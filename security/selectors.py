"""The agreement's costs: the tier a server count falls in, the yearly cost, the
split per municipality with the year's key, and the what-if of every tier."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.allocation import Part, split_by_key
from budget.cost_sources import SourceFigures, SplitPeriod
from budget.models import AllocationKey
from budget.periods import report_split_period
from budget.splits import ItemSplit, source_split
from ror_portal.blocks import Period
from ror_portal.formatting import format_date, format_money
from ror_portal.models import Municipality
from security.models import PriceTier, SecurityAgreement, ServerCount

ZERO = Decimal(0)
SOURCE = "security_agreement"


class TierError(ValueError):
    pass


def tier_for(tiers: list[PriceTier], servers: int) -> PriceTier:
    """The smallest tier that covers ``servers``; above the top tier is an error, not a guess."""
    for tier in sorted(tiers, key=lambda tier: tier.servers_up_to):
        if servers <= tier.servers_up_to:
            return tier
    top = max((tier.servers_up_to for tier in tiers), default=0)
    raise TierError(
        _("%(servers)s servers is more than the top price tier (%(top)s); agree a price first.")
        % {"servers": servers, "top": top}
    )


@dataclass(frozen=True)
class YearCost:
    year: int
    tier: PriceTier
    servers: int
    consultants: Decimal
    establishment: Decimal

    @property
    def monitoring(self) -> Decimal:
        return self.tier.yearly_price

    @property
    def total(self) -> Decimal:
        return self.monitoring + self.consultants + self.establishment


@dataclass(frozen=True)
class Costs:
    """Everything the case document and the blocks show, from one agreement."""

    agreement: SecurityAgreement
    tiers: list[PriceTier]
    server_count: ServerCount | None
    first_year_cost: YearCost  # the agreement's first year, establishment included
    next_year_cost: YearCost  # the year after, as every later year
    # the first year's cost as its cost item splits it (budget.splits), or None
    # while no cost item splits it: there is no fallback key
    item_split: ItemSplit | None

    @property
    def years(self) -> list[YearCost]:
        """The two years in order, for the tables that show both."""
        return [self.first_year_cost, self.next_year_cost]

    @property
    def key(self) -> AllocationKey | None:
        return self.item_split.item.key if self.item_split else None

    @property
    def shares(self) -> list[tuple[Municipality, Decimal]]:
        return [(p.municipality, p.percent) for p in self.split]

    @property
    def split(self) -> list[Part]:
        """The first year's total split by its cost item's key."""
        return self.item_split.parts if self.item_split else []

    def split_of(self, amount: Decimal) -> list[Part]:
        """A what-if ``amount`` split by the same key; without one there is no split."""
        return split_by_key(amount, self.shares) if self.shares else []

    def what_if(self) -> list[tuple[PriceTier, Decimal, list[Part]]]:
        """Each tier's cost in a year without establishment, and each member's part."""
        rows = []
        for tier in self.tiers:
            yearly = tier.yearly_price + self.agreement.consultants_per_year
            rows.append((tier, yearly, self.split_of(yearly)))
        return rows


def servers_on(agreement: SecurityAgreement, day: datetime.date) -> ServerCount | None:
    """The latest count on or before ``day``, else the first one known."""
    counts = list(agreement.server_counts.all())
    before = [c for c in counts if c.date <= day]
    return (
        max(before, key=lambda c: c.date)
        if before
        else min(counts, key=lambda c: c.date, default=None)
    )


def year_cost(agreement: SecurityAgreement, tiers, servers: int, year: int) -> YearCost:
    return YearCost(
        year=year,
        tier=tier_for(tiers, servers),
        servers=servers,
        consultants=agreement.consultants_per_year,
        establishment=agreement.establishment_cost if year == agreement.first_year else ZERO,
    )


def year_cost_on(
    agreement: SecurityAgreement, tiers: list[PriceTier], day: datetime.date, year: int
) -> tuple[ServerCount | None, YearCost]:
    """The SOC+ cost of ``year`` with the server count of ``day``: the one rule that
    the report's blocks, the case document and the finance splits all reckon with."""
    count = servers_on(agreement, day)
    return count, year_cost(agreement, tiers, count.count if count else 0, year)


def agreement_costs(agreement: SecurityAgreement, period: Period) -> Costs:
    """The agreement's costs at the report's *tall per*: its first year and the next,
    and the first year's split as finance invoices it for the same period."""
    tiers = list(agreement.tiers.all())
    count, first = year_cost_on(agreement, tiers, period.as_of, agreement.first_year)
    _count, following = year_cost_on(agreement, tiers, period.as_of, agreement.first_year + 1)
    split = source_split(report_split_period(period, agreement.first_year), SOURCE)
    return Costs(agreement, tiers, count, first, following, split)


def agreement_figures(period: SplitPeriod) -> SourceFigures:
    """The cost source of the agreement's cost items: the cost of the period's year at
    the period's date, with how it was reckoned."""
    agreement = SecurityAgreement.objects.in_force(period.year)
    if agreement is None:
        return SourceFigures(None)
    tiers = list(agreement.tiers.all())
    try:
        count, cost = year_cost_on(agreement, tiers, period.as_of, period.year)
    except TierError:  # more servers than the top tier: no price, so nothing to split
        return SourceFigures(None)
    if count is None:
        return SourceFigures(None)
    basis = _(
        "12 × %(price)s (up to %(tier)s servers; %(servers)s servers on %(date)s)"
        " + consultant hours %(consultants)s + establishment %(establishment)s"
    ) % {
        "price": format_money(cost.tier.monthly_price),
        "tier": cost.tier.servers_up_to,
        "servers": count.count,
        "date": format_date(count.date),
        "consultants": format_money(cost.consultants),
        "establishment": format_money(cost.establishment),
    }
    return SourceFigures(cost.total, basis=basis)
