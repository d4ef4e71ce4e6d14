"""The agreement's costs: the tier a server count falls in, the yearly cost, the
split per municipality with the year's key, and the what-if of every tier."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.allocation import Part, split_by_key
from budget.models import AllocationKey, CostItem
from budget.selectors import key_shares
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
        return 12 * self.tier.monthly_price

    @property
    def total(self) -> Decimal:
        return self.monitoring + self.consultants + self.establishment


@dataclass(frozen=True)
class Costs:
    """Everything the case document and the blocks show, from one agreement."""

    agreement: SecurityAgreement
    tiers: list[PriceTier]
    server_count: ServerCount | None
    years: list[YearCost]
    key: AllocationKey | None
    shares: list[tuple[Municipality, Decimal]]

    @property
    def first(self) -> YearCost:
        return self.years[0]

    @property
    def split(self) -> list[Part]:
        """The first year's total split by the key."""
        return self.split_of(self.first.total)

    def split_of(self, amount: Decimal) -> list[Part]:
        """``amount`` split by the key; without a key there is no split to show."""
        return split_by_key(amount, self.shares) if self.shares else []

    def what_if(self) -> list[tuple[PriceTier, Decimal, list[Part]]]:
        """Each tier's cost in a year without establishment, and each member's part."""
        rows = []
        for tier in self.tiers:
            yearly = 12 * tier.monthly_price + self.agreement.consultants_per_year
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


def year_key(year: int) -> AllocationKey | None:
    """The key that splits the agreement's cost: its cost item's, else the year's only key."""
    item = CostItem.objects.filter(year=year, source=SOURCE).select_related("key").first()
    if item:
        return item.key
    keys = list(AllocationKey.objects.filter(year=year)[:2])
    return keys[0] if len(keys) == 1 else None


def agreement_costs(agreement: SecurityAgreement, day: datetime.date) -> Costs:
    """The agreement's costs with the server count of ``day``: its first year and the next."""
    tiers = list(agreement.tiers.all())
    count = servers_on(agreement, day)
    servers = count.count if count else 0
    years = [year_cost(agreement, tiers, servers, agreement.first_year + n) for n in (0, 1)]
    key = year_key(agreement.first_year)
    shares = key_shares([key])[key.pk] if key else []
    return Costs(agreement, tiers, count, years, key, shares)


def current_agreement(day: datetime.date) -> SecurityAgreement | None:
    return SecurityAgreement.objects.filter(first_year__lte=day.year + 1).first()


def yearly_amounts(years: list[int]) -> dict[int, Decimal]:
    """The agreement's yearly cost for cost items (first year with establishment)."""
    amounts: dict[int, Decimal] = {}
    for agreement in SecurityAgreement.objects.filter(first_year__lte=max(years)):
        tiers = list(agreement.tiers.all())
        for year in years:
            if year < agreement.first_year:
                continue
            count = servers_on(agreement, datetime.date(year, 12, 31))
            if count is not None:
                cost = year_cost(agreement, tiers, count.count, year)
                amounts[year] = amounts.get(year, ZERO) + cost.total
    return amounts
