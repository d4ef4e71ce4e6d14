"""Where a cost item's amount comes from: typed in, or computed from the portal's
figures for a period. Apps that know a cost register a source here (the security
agreement does), so budget never imports them; every source is asked through
``budget.splits``, the one route from a cost to each municipality's part."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ror_portal.blocks import FiguresPeriod
from ror_portal.formatting import month_name

TYPED = "typed"
ZERO = Decimal(0)


@dataclass(frozen=True)
class SplitPeriod:
    """What finance invoices for: the accounts of ``year`` through ``through_month``
    (January to it), with every other figure (the server count of the security
    agreement) as it stood on ``as_of``, the date of the report that shows them."""

    year: int
    through_month: int
    as_of: datetime.date

    @property
    def figures(self) -> FiguresPeriod:
        return FiguresPeriod(self.year, 1, self.through_month)

    @property
    def label(self) -> str:
        """ "januar–februar 2024", "januar–desember 2023", "januar 2024": the months
        are named even for a whole year, so a reader never takes a year's part for it."""
        if self.through_month == 1:
            return f"{month_name(1)} {self.year}"
        return f"{month_name(1)}\u2013{month_name(self.through_month)} {self.year}"


@dataclass(frozen=True)
class MonthFigures:
    """One month of an amount computed from the accounts: its budget and its actual."""

    month: int
    budget: Decimal
    actual: Decimal
    entered: bool = True  # whether any actual of the month is entered

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.budget


@dataclass(frozen=True)
class SourceFigures:
    """A source's amount for a period, with what it is made of."""

    amount: Decimal | None  # None: the source has nothing for the period
    # month by month where the amount adds up months (the accounts' deviation)
    months: list[MonthFigures] = field(default_factory=list)
    # how the amount was computed, in words and figures, for the reader to check
    basis: str = ""


@dataclass(frozen=True)
class CostSource:
    name: str
    label: str | Promise  # registered at start-up, so a lazy translation
    # the source's figures for a period, in a fixed number of queries
    figures: Callable[[SplitPeriod], SourceFigures]
    # the kind of amount a source gives (operating or investment), None when the
    # cost item says it (typed amounts)
    kind: str | None = None
    # True for an amount of the months January through the period's (the accounts'
    # deviation); False for an amount of the whole year (the security agreement's cost,
    # a typed amount). The two are never added together (budget.splits.SplitGroup).
    year_to_date: bool = False


_sources: dict[str, CostSource] = {}


def register_source(
    name: str,
    label: str | Promise,
    figures: Callable[[SplitPeriod], SourceFigures],
    *,
    kind: str | None = None,
    year_to_date: bool = False,
) -> None:
    _sources[name] = CostSource(name, label, figures, kind, year_to_date)


def get_source(name: str) -> CostSource | None:
    return _sources.get(name)


def source_choices() -> list[tuple[str, str | Promise]]:
    return [(TYPED, _("Typed in"))] + [(s.name, s.label) for s in _sources.values()]


def source_label(name: str) -> str | Promise:
    return dict(source_choices()).get(name, name)
