"""Which period of the cost splits a user may see: the one place that decides.

Finance, like everyone but administrators, sees what the board was given: the
accounts periods of published monthly reports, each with its figures as of that
report's *tall per*, never a month whose report is still a draft nor a server count
entered after it. Administrators may see any period live, marked as not published.
Every finance view and workbook download asks ``finance_period``.
"""

from dataclasses import dataclass

from budget.cost_sources import SplitPeriod
from budget.selectors import (
    published_periods,
    report_month_of,
    split_period,
    years_with_cost_items,
)
from ror_portal.blocks import FiguresPeriod
from ror_portal.roles import Role, roles_of


@dataclass(frozen=True)
class FinancePeriod:
    """The period a user is shown, and what they may pick instead."""

    period: SplitPeriod
    # False: live figures the board has not been given (administrators only)
    published: bool
    years: list[int]  # the years the user may pick, newest first
    months: list[int]  # the months of ``period.year`` the user may pick

    @property
    def report_label(self) -> str:
        """ "mars 2024": the report that shows (or will show) the period's accounts."""
        month = report_month_of(self.period.year, self.period.through_month)
        return FiguresPeriod(month.year, month.month, month.month).label


def finance_period(
    user, year: int | None = None, through: int | None = None
) -> FinancePeriod | None:
    """The period ``user`` sees when asking for the accounts of ``year`` through
    ``through`` (either may be left out); None where there is none to see (404).

    Nothing asked for: the latest published report's period, for everyone.
    Others than administrators see published periods only: a year later than the
    latest published one answers with the latest published period; within a year,
    the latest published period through ``through`` or earlier, else the year's
    earliest (the nearest the user may see); a year with no published period, None.
    Administrators see the period asked for, live (a year must have cost items or a
    published period); it is published when a published report showed it, and then
    at that report's *tall per*."""
    published = published_periods()
    if Role.ADMINISTRATOR in roles_of(user):
        return _live(published, year, through)
    if not published:
        return None
    latest = published[0]
    if year is None:
        year = latest.year
    if year > latest.year:
        return _shown(latest, published)
    in_year = [period for period in published if period.year == year]  # newest first
    if not in_year:
        return None
    earlier = [p for p in in_year if through is None or p.through_month <= through]
    return _shown(earlier[0] if earlier else in_year[-1], published)


def _shown(period: SplitPeriod, published: list[SplitPeriod]) -> FinancePeriod:
    """A published period, with the published ones to pick from."""
    return FinancePeriod(
        period,
        published=True,
        years=sorted({p.year for p in published}, reverse=True),
        months=sorted(p.through_month for p in published if p.year == period.year),
    )


def _live(
    published: list[SplitPeriod], year: int | None, through: int | None
) -> FinancePeriod | None:
    """Any period of a year with cost items or a published period, live."""
    years = sorted(set(years_with_cost_items()) | {p.year for p in published}, reverse=True)
    if year is None and through is None and published:
        period = published[0]
    else:
        year = year or (years[0] if years else None)
        if year is None or year not in years:
            return None
        period = split_period(year, through)
        # a published period is shown as the board was given it: at its tall per
        period = next(
            (p for p in published if (p.year, p.through_month) == (year, period.through_month)),
            period,
        )
    return FinancePeriod(
        period, published=period in published, years=years, months=list(range(1, 13))
    )
