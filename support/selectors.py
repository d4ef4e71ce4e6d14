"""The support desk's figures for a report's period, computed from the tickets.

Every function makes a fixed number of queries (one, or two with the SLA
targets) whatever the number of tickets: counting, grouping and averaging
happen in the database.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise

from ror_portal.blocks import Period, once_per_rendering
from ror_portal.dates import OSLO, add_months, start_of_day, start_of_month
from ror_portal.numbers import percent
from support.models import Kind, Priority, SlaTarget, Ticket

# Priorities shown in days; the others in hours (as the board is used to).
IN_DAYS = {Priority.LOW, Priority.MEDIUM}
DAY, HOUR = 86400, 3600
PRIORITIES = [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL]


def month_span(
    first: datetime.date, last: datetime.date | None = None
) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments from ``first``'s month to the end of ``last``'s (or ``first``'s own),
    as a ``…_between(start, end)`` filter takes them."""
    return start_of_month(first), start_of_month(add_months(last or first, 1))


def last_months(period: Period, count: int) -> list[datetime.date]:
    """The first days of the ``count`` months up to and including the report's month."""
    return [add_months(period.month, offset) for offset in range(1 - count, 1)]


# Ticket shares are shown to one decimal.
SHARE_DECIMALS = 1


# New tickets in the report's month -------------------------------------------------------


@dataclass(frozen=True)
class NewTickets:
    label: str
    incidents: int
    requests: int
    share: Decimal | None  # of all new tickets in the month, in percent

    @property
    def total(self) -> int:
        return self.incidents + self.requests


def new_tickets_by(period: Period, field: str) -> list[NewTickets]:
    """New tickets of the month per category or municipality (``field``), by kind."""
    rows = (
        Ticket.objects.created_between(*month_span(period.month))
        .values(f"{field}__name")
        .annotate(
            incidents=Count("pk", filter=Q(kind=Kind.INCIDENT)),
            requests=Count("pk", filter=Q(kind=Kind.REQUEST)),
        )
    )
    counted = [(row[f"{field}__name"], row["incidents"], row["requests"]) for row in rows]
    total = sum(incidents + requests for _, incidents, requests in counted)
    result = [
        NewTickets(label, incidents, requests, percent(incidents + requests, total, SHARE_DECIMALS))
        for label, incidents, requests in counted
    ]
    return sorted(result, key=lambda row: (-row.total, row.label))


# Open tickets over time ------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCount:
    moment: datetime.datetime
    incidents: int
    requests: int

    @property
    def total(self) -> int:
        return self.incidents + self.requests

    @property
    def day(self) -> datetime.date:
        """The date the count is "per": the last day of a month for a month-end."""
        local = self.moment.astimezone(OSLO)
        return (
            (local - datetime.timedelta(days=1)).date()
            if local.time() == datetime.time(0)
            else local.date()
        )


def open_counts(period: Period) -> list[OpenCount]:
    """Open incidents and requests at each month-end of the last 12 months and at
    the as-of date, in one query (once for all the blocks of one report)."""
    return once_per_rendering(("support.open_counts", period), lambda: _open_counts(period))


def _open_counts(period: Period) -> list[OpenCount]:
    moments = [start_of_month(add_months(month, 1)) for month in last_months(period, 12)]
    as_of = start_of_day(period.as_of)
    if as_of not in moments:
        moments.append(as_of)
    moments.sort()
    aggregates = {}
    for index, moment in enumerate(moments):
        is_open = Q(created__lte=moment) & (Q(resolved__isnull=True) | Q(resolved__gt=moment))
        aggregates[f"i{index}"] = Count("pk", filter=is_open & Q(kind=Kind.INCIDENT))
        aggregates[f"r{index}"] = Count("pk", filter=is_open & Q(kind=Kind.REQUEST))
    # Only tickets that can be open at some of the moments need to be counted.
    counts = (
        Ticket.objects.filter(created__lte=moments[-1])
        .filter(Q(resolved__isnull=True) | Q(resolved__gt=moments[0]))
        .aggregate(**aggregates)
    )
    return [
        OpenCount(moment, counts[f"i{index}"], counts[f"r{index}"])
        for index, moment in enumerate(moments)
    ]


# SLA -------------------------------------------------------------------------------------


def sla_targets() -> dict[str, SlaTarget]:
    return {target.priority: target for target in SlaTarget.objects.all()}


def sla_counts() -> dict[str, Count]:
    """Aggregates of tickets ``with_sla``: within the SLA (``ok``) and not (``breach``)."""
    return {
        "ok": Count("pk", filter=Q(sla_breached=False)),
        "breach": Count("pk", filter=Q(sla_breached=True)),
    }


def _resolved_incidents(period: Period, months: int):
    """Incidents resolved in the last ``months`` months."""
    first = last_months(period, months)[0]
    return Ticket.objects.filter(kind=Kind.INCIDENT).resolved_between(
        *month_span(first, period.month)
    )


@dataclass(frozen=True)
class SlaCount:
    ok: int
    breach: int

    @property
    def percent_ok(self) -> Decimal | None:
        """The share within the SLA as every block, chart and key figure gives it."""
        return percent(self.ok, self.ok + self.breach, SHARE_DECIMALS)


@dataclass(frozen=True)
class PriorityMonths:
    """A priority's figures for each of the months of a table."""

    priority: str
    target: SlaTarget | None
    values: list

    @property
    def label(self) -> str | Promise:
        return Priority(self.priority).label


@dataclass(frozen=True)
class SlaTable:
    months: list[datetime.date]
    rows: list[PriorityMonths]  # values: SlaCount per month


def sla_compliance(period: Period) -> SlaTable:
    """SLA OK and breach per priority for each of the last three months, counted
    by the month the incident was resolved."""
    targets = sla_targets()
    months = last_months(period, 3)
    rows = (
        _resolved_incidents(period, 3)
        .with_sla(targets)
        .annotate(month=TruncMonth("resolved", tzinfo=OSLO))
        .values("month", "priority")
        .annotate(**sla_counts())
    )
    found = {
        (_month_of(row["month"]), row["priority"]): SlaCount(row["ok"], row["breach"])
        for row in rows
    }
    return SlaTable(
        months,
        [
            PriorityMonths(p, targets.get(p), [found.get((m, p), SlaCount(0, 0)) for m in months])
            for p in PRIORITIES
        ],
    )


def _month_of(value) -> datetime.date:
    return value.date().replace(day=1) if isinstance(value, datetime.datetime) else value


@dataclass(frozen=True)
class ResolutionTable:
    months: list[datetime.date]
    rows: list[PriorityMonths]  # values: average in days or hours, one decimal, or None


def in_days(priority: str) -> bool:
    return priority in IN_DAYS


def in_unit(priority: str, seconds) -> Decimal:
    """A duration in the priority's unit (days or hours), to one decimal."""
    unit = DAY if in_days(priority) else HOUR
    return (Decimal(str(seconds)) / unit).quantize(Decimal("0.1"), ROUND_HALF_UP)


def resolution_times(period: Period) -> ResolutionTable:
    """Average resolution time of incidents per priority and month: days for Lav and
    Medium, hours for Høy and Kritisk, one decimal; None where none was resolved."""
    targets = sla_targets()
    months = last_months(period, 3)
    rows = (
        _resolved_incidents(period, 3)
        .annotate(month=TruncMonth("resolved", tzinfo=OSLO))
        .values("month", "priority")
        .annotate(average=Avg("resolution_seconds"))
    )
    found = {(_month_of(row["month"]), row["priority"]): row["average"] for row in rows}

    def shown(priority, seconds):
        return None if seconds is None else in_unit(priority, seconds)

    return ResolutionTable(
        months,
        [
            PriorityMonths(p, targets.get(p), [shown(p, found.get((m, p))) for m in months])
            for p in PRIORITIES
        ],
    )


@dataclass(frozen=True)
class CriticalTicket:
    number: str
    subject: str
    municipality: str
    created: datetime.datetime
    resolved: datetime.datetime | None
    hours: Decimal | None
    sla_held: bool | None


def critical_tickets(period: Period) -> list[CriticalTicket]:
    """Critical tickets created or resolved in the report's month."""
    span = month_span(period.month)
    critical = Ticket.objects.filter(priority=Priority.CRITICAL)
    tickets = (
        (critical.created_between(*span) | critical.resolved_between(*span))
        .with_sla(sla_targets())
        .select_related("municipality")
        .order_by("created")
    )
    return [
        CriticalTicket(
            ticket.number,
            ticket.subject,
            ticket.municipality.name,
            ticket.created,
            ticket.resolved,
            None
            if ticket.resolution_seconds is None
            else in_unit(Priority.CRITICAL, ticket.resolution_seconds),
            None if ticket.sla_breached is None else not ticket.sla_breached,
        )
        for ticket in tickets
    ]


@dataclass(frozen=True)
class MunicipalitySla:
    municipality: str
    count: SlaCount


def sla_by_municipality(period: Period) -> list[MunicipalitySla]:
    """SLA OK and breach per municipality over the last three months."""
    rows = (
        _resolved_incidents(period, 3)
        .with_sla(sla_targets())
        .values("municipality__name")
        .annotate(**sla_counts())
        .order_by("municipality__name")
    )
    return [
        MunicipalitySla(row["municipality__name"], SlaCount(row["ok"], row["breach"]))
        for row in rows
    ]
