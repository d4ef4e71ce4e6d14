"""The reckoning of periods: which months of accounts a report shows, the period a
report's blocks and finance's cost splits are reckoned for, and at which *tall per*.

A report for month M shows the accounts through M − 1 (``accounts_shown_in``), so
the January report shows the whole previous year.

Which period of the cost splits a user may see is decided here too, in one place:
finance, like everyone but administrators, sees what the board was given, the
accounts periods of published monthly reports, each with its figures as of that
report's *tall per*, never a month whose report is still a draft nor a server count
entered after it. Administrators may see any period live, marked as not published.
Every finance view and workbook download asks ``finance_period``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from budget.cost_sources import SplitPeriod
from budget.models import CostItem, MonthlyActual, PublishedPeriod
from ror_portal.blocks import FiguresPeriod, Period
from ror_portal.dates import add_months
from ror_portal.reporting import report_for_month
from ror_portal.roles import Role, roles_of


def accounts_shown_in(report_month: datetime.date) -> tuple[int, int]:
    """The accounts a report for ``report_month`` shows, as (year, last month). The
    accounts lag a month: a report for month M shows them through M − 1,
    so the January report shows the whole previous year (as the board's documents do)."""
    accounts = add_months(report_month, -1)
    return accounts.year, accounts.month


def report_month_of(year: int, month: int) -> datetime.date:
    """The first report that shows the actuals of ``month``/``year``: the inverse of
    ``accounts_shown_in`` (December's go to next year's January report)."""
    return add_months(datetime.date(year, month, 1), 1)


def accounts_period(year: int, through_month: int) -> FiguresPeriod:
    """What the accounts of a report add up: the year to date."""
    return FiguresPeriod(year, 1, through_month)


def last_accounts_month(year: int) -> int | None:
    """The last month of ``year`` with an actual entered."""
    return MonthlyActual.objects.filter(line__year=year).aggregate(last=Max("month"))["last"]


def accounts_as_of(year: int, through_month: int) -> datetime.date:
    """The date the figures of the accounts through ``through_month`` stand at: the
    *tall per* of the report that shows them, or, before it exists, the 1st of the
    month after that report's month (the date a new report starts with)."""
    report_month = report_month_of(year, through_month)
    report = report_for_month(report_month)
    return report.as_of if report else add_months(report_month, 1)


def split_period(
    year: int, through_month: int | None = None, as_of: datetime.date | None = None
) -> SplitPeriod:
    """The period finance reckons a year in: through the given month, else through the
    year's last month of accounts (the whole year when it has none yet)."""
    through = through_month or last_accounts_month(year) or 12
    return SplitPeriod(year, through, as_of or accounts_as_of(year, through))


def report_split_period(period: Period, year: int) -> SplitPeriod:
    """The period of ``year`` a report's blocks show: its accounts' months where the
    accounts are of ``year``, the whole year for an earlier year, January for a later
    one (the security agreement's first year in the January report), all at the
    report's *tall per*."""
    accounts_year, accounts_through = accounts_shown_in(period.month)
    through = accounts_through if year == accounts_year else 12 if year < accounts_year else 1
    return SplitPeriod(year, through, period.as_of)


def published_periods() -> list[SplitPeriod]:
    """The accounts period of each published report, newest first, each at its report's
    *tall per*: what the board was shown (one query)."""
    return [
        SplitPeriod(*accounts_shown_in(published.month), published.as_of)
        for published in PublishedPeriod.objects.all()
    ]


def latest_published_period() -> SplitPeriod | None:
    """The accounts period of the latest published report, as the board was shown it."""
    return next(iter(published_periods()), None)


def years_with_cost_items() -> list[int]:
    return list(CostItem.objects.order_by("-year").values_list("year", flat=True).distinct())


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
