"""A year of generated data for the monthly cycle from January 2024 to January 2025.

Everything is drawn from one seeded random generator, so a failure reproduces. The
data are plain Python values (the tests compute their expectations from them); the
``save_*`` helpers put them into the portal the way the monthly cycle does: budget
lines and keys as typed in the admin, actuals through ``budget.services.actuals_save``,
tickets through the ITSM export import, project statuses through
``projects.services.status_updates_save``.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC
SEED = 20240201
MUNICIPALITIES = ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
KEYS = {
    2023: {"Aukra": "8.15", "Hustadvika": "19.60", "Molde": "47.25", "Rauma": "12.20",
           "Vestnes": "12.80"},
    2024: {"Aukra": "8.09", "Hustadvika": "19.72", "Molde": "47.10", "Rauma": "12.31",
           "Vestnes": "12.78"},
}  # fmt: skip
SLA_SECONDS = {"low": 5 * 86400, "medium": 3 * 86400, "high": 4 * 3600, "critical": 2 * 3600}
PRIORITY_NAMES = {"low": "Lav", "medium": "Medium", "high": "Høy", "critical": "Kritisk"}
KIND_NAMES = {"incident": "Feilmelding", "request": "Tjenesteforespørsel"}
CATEGORIES = ["Brukerstøtte", "Nettverk", "Fagsystemer", "Tilgang"]
STATUSES = ["on_plan", "minor_delays", "postponed", "unclear"]
# The nights summer time starts and ends: wall-clock times there are skipped or twice.
DST_DAYS = {datetime.date(2024, 3, 31), datetime.date(2024, 10, 27), datetime.date(2023, 10, 29)}


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def report_months() -> list[datetime.date]:
    """January 2024 to January 2025: the thirteen reports of the cycle."""
    return [month_start(2024, month) for month in range(1, 14)]


def oslo_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=OSLO).astimezone(UTC)


# Budget --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    year: int
    kind: str  # "operating" or "investment"
    name: str
    order: int
    annual: Decimal
    monthly: tuple[Decimal, ...] | None  # own monthly budgets (twelve), or twelfths


@dataclass(frozen=True)
class ActualsEntry:
    """Actuals typed before the report of ``before_report`` was published."""

    before_report: datetime.date
    year: int
    month: int
    amounts: dict[str, Decimal]  # line name → amount


LINE_NAMES = {
    "operating": ["Lønn og sosiale kostnader", "Lisenser", "Konsulenttjenester", "Drift av nett"],
    "investment": ["Utskifting av klienter", "Nytt lagringssystem"],
}


def _lines(rng: random.Random, year: int) -> list[Line]:
    lines = []
    for kind, names in LINE_NAMES.items():
        for order, name in enumerate(names):
            annual = Decimal(rng.randrange(1_200, 60_000) * 1_000)
            monthly = None
            # every other line has its own monthly budgets (seasons, one-off purchases)
            if order % 2 == 1:
                weights = [rng.randint(1, 9) for _ in range(12)]
                parts = [annual * w // sum(weights) for w in weights]
                parts[-1] += annual - sum(parts)
                monthly = tuple(Decimal(p) for p in parts)
            lines.append(Line(year, kind, name, order, annual, monthly))
    return lines


def _monthly_actual(rng: random.Random, line: Line, month: int) -> Decimal:
    planned = line.monthly[month - 1] if line.monthly else line.annual / 12
    ore = int(planned * 100 * Decimal(rng.uniform(0.7, 1.35)))
    return Decimal(ore) / 100


def _actuals_entries(rng: random.Random, lines: list[Line]) -> list[ActualsEntry]:
    """2023 typed before the January report; then each report's accounts month before
    it, with a preliminary figure for the month after (which the report must not show)
    and now and then a correction of a month already reported."""
    entries = []
    by_year = {year: [line for line in lines if line.year == year] for year in (2023, 2024)}
    january = report_months()[0]
    for month in range(1, 13):
        entries.append(
            ActualsEntry(
                january,
                2023,
                month,
                {line.name: _monthly_actual(rng, line, month) for line in by_year[2023]},
            )
        )
    for report in report_months()[1:]:
        accounts = report.month - 1 or 12
        year = report.year if report.month > 1 else report.year - 1
        entries.append(
            ActualsEntry(
                report,
                year,
                accounts,
                {line.name: _monthly_actual(rng, line, accounts) for line in by_year[year]},
            )
        )
        if report.month in (5, 10) and report.year == 2024:
            corrected = by_year[2024][0]
            entries.append(
                ActualsEntry(
                    report,
                    2024,
                    accounts - 2,
                    {corrected.name: _monthly_actual(rng, corrected, accounts - 2)},
                )
            )
        if report.year == 2024 and report.month < 12:
            early = by_year[2024][2]
            entries.append(
                ActualsEntry(
                    report,
                    2024,
                    report.month,
                    {early.name: _monthly_actual(rng, early, report.month)},
                )
            )
    return entries


# Support -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenTicket:
    number: str
    kind: str
    category: str
    municipality: str
    priority: str
    created: datetime.datetime  # UTC
    resolved: datetime.datetime | None  # UTC; None: still open at the end of the data


def _resolution(rng: random.Random, priority: str) -> datetime.timedelta | None:
    target = SLA_SECONDS[priority]
    draw = rng.random()
    if draw < 0.06:
        return None  # never resolved within the data
    if draw < 0.10:
        return datetime.timedelta(seconds=target)  # exactly at the target: within the SLA
    if draw < 0.30:
        return datetime.timedelta(seconds=int(target * rng.uniform(1.01, 4)) // 60 * 60)
    return datetime.timedelta(seconds=int(target * rng.uniform(0.05, 0.99)) // 60 * 60)


def _tickets(rng: random.Random) -> list[GenTicket]:
    tickets = []
    day = datetime.date(2023, 11, 1)
    number = 400_000
    priorities = ["low"] * 5 + ["medium"] * 6 + ["high"] * 2 + ["critical"]
    while day <= datetime.date(2025, 1, 31):
        for _ in range(rng.choice([0, 1, 1, 2, 3]) if day.weekday() < 5 else rng.choice([0, 0, 1])):
            number += 1
            local = datetime.datetime(
                day.year, day.month, day.day, rng.randint(6, 21), rng.randint(0, 59), tzinfo=OSLO
            )
            created = local.astimezone(UTC)
            priority = rng.choice(priorities)
            duration = _resolution(rng, priority)
            resolved = None
            if duration is not None:
                resolved = created + duration
                shown = resolved.astimezone(OSLO)
                # No ambiguous wall-clock time in the export, and never exactly midnight
                # (a month end): the moments the figures stand at.
                if shown.date() in DST_DAYS and 1 <= shown.hour <= 3:
                    resolved += datetime.timedelta(hours=3)
                if resolved.astimezone(OSLO).time().replace(second=0) == datetime.time(0):
                    resolved += datetime.timedelta(minutes=1)
            tickets.append(
                GenTicket(
                    str(number),
                    "incident" if rng.random() < 0.6 else "request",
                    rng.choice(CATEGORIES),
                    rng.choice(MUNICIPALITIES),
                    priority,
                    created,
                    resolved,
                )
            )
        day += datetime.timedelta(days=1)
    return tickets


def _export_time(moment: datetime.datetime | None) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M") if moment else ""


def ticket_export(tickets: list[GenTicket], as_of: datetime.date) -> bytes:
    """The ITSM export as it stands at ``as_of`` (midnight, Oslo): every ticket created
    by then, resolved only if it was resolved by then."""
    moment = oslo_midnight(as_of)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Saksnr", "Type", "Kategori", "Prioritet", "Kommune", "Opprettet",
                     "Første respons", "Løst", "Status", "Emne"])  # fmt: skip
    for ticket in tickets:
        if ticket.created >= moment:
            continue
        resolved = ticket.resolved if ticket.resolved and ticket.resolved < moment else None
        writer.writerow(
            [
                ticket.number,
                KIND_NAMES[ticket.kind],
                ticket.category,
                PRIORITY_NAMES[ticket.priority],
                ticket.municipality,
                _export_time(ticket.created),
                "",
                _export_time(resolved),
                "Løst" if resolved else "Under arbeid",
                f"Sak {ticket.number}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


# Projects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenProject:
    title: str
    municipality: str | None  # None: all the municipalities
    order: int
    updates: list[tuple[datetime.date, str, str]] = field(default_factory=list)


FINISHED_ON = datetime.date(2024, 6, 17)
STARTED_ON = datetime.date(2024, 3, 4)
# Summer: nobody goes through the statuses in the week of the June report's *tall per*
# (Monday 01.07.2024), so that report's checklist point stays open.
NO_STATUS_WEEK = datetime.date(2024, 7, 1)


def _projects(rng: random.Random) -> list[GenProject]:
    specs = [
        ("Nytt nettverk på rådhuset", "Molde", 1, datetime.date(2023, 12, 4), None),
        ("Felles sak- og arkivsystem", None, 2, datetime.date(2023, 12, 4), None),
        ("Skolenett Rauma", "Rauma", 3, datetime.date(2023, 12, 4), FINISHED_ON),
        ("Velferdsteknologi", "Hustadvika", 4, STARTED_ON, None),
        ("Trådløst nett på helsesenteret", "Vestnes", 5, datetime.date(2023, 12, 4), None),
    ]
    projects = []
    for title, municipality, order, first, finished in specs:
        updates = []
        day = first
        while day <= datetime.date(2025, 2, 10):
            if finished and day == finished:
                updates.append((day, "finished", "Levert og tatt i bruk."))
                break
            # now and then a week without an update: the latest one then is older
            if day != NO_STATUS_WEEK and (day == first or rng.random() < 0.8):
                week = day.isocalendar().week
                updates.append((day, rng.choice(STATUSES), f"Uke {week}: {rng.randint(1, 99)} %"))
            day += datetime.timedelta(days=7)
        projects.append(GenProject(title, municipality, order, updates))
    return projects


# The year ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearData:
    lines: list[Line]
    actuals: list[ActualsEntry]
    tickets: list[GenTicket]
    projects: list[GenProject]


def generate(seed: int = SEED) -> YearData:
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by its seed
    lines = _lines(rng, 2023) + _lines(rng, 2024)
    return YearData(lines, _actuals_entries(rng, lines), _tickets(rng), _projects(rng))


# Into the portal -----------------------------------------------------------------------


def save_budget(data: YearData) -> dict[tuple[int, str], int]:
    """Lines, own monthly budgets, the keys of 2023 and 2024 and the deviation cost items,
    as typed in the admin. Returns the line ids by (year, name)."""
    from budget.models import AllocationKey, AllocationShare, BudgetLine, CostItem, MonthlyBudget
    from ror_portal.models import Municipality

    ids = {}
    for line in data.lines:
        saved = BudgetLine.objects.create(
            year=line.year,
            kind=line.kind,
            name=line.name,
            order=line.order,
            annual_budget=line.annual,
        )
        ids[line.year, line.name] = saved.pk
        for month, amount in enumerate(line.monthly or (), start=1):
            MonthlyBudget.objects.create(line=saved, month=month, amount=amount)
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for year, shares in KEYS.items():
        key = AllocationKey.objects.create(year=year, name=f"Fordelingsnøkkel {year}")
        for name, percent in shares.items():
            AllocationShare.objects.create(
                key=key, municipality=municipalities[name], percent=Decimal(percent)
            )
        for order, source in enumerate(["operating_deviation", "investment_deviation"]):
            CostItem.objects.create(
                year=year, name=f"Avvik {source} {year}", key=key, source=source, order=order
            )
    return ids


def save_actuals(entry: ActualsEntry, line_ids: dict[tuple[int, str], int]) -> None:
    from budget.services import actuals_save

    actuals_save(
        year=entry.year,
        month=entry.month,
        amounts={line_ids[entry.year, name]: amount for name, amount in entry.amounts.items()},
    )


def save_projects(data: YearData) -> dict[str, int]:
    from projects.models import BuildingProject
    from ror_portal.models import Municipality

    ids = {}
    for project in data.projects:
        municipality = (
            Municipality.objects.get(name=project.municipality) if project.municipality else None
        )
        ids[project.title] = BuildingProject.objects.create(
            title=project.title, municipality=municipality, order=project.order
        ).pk
    return ids


def save_status_updates(
    data: YearData, ids: dict[str, int], after: datetime.date | None, through: datetime.date
) -> None:
    """The weekly statuses dated after ``after`` and up to ``through``, one date at a time."""
    from projects.services import status_updates_save

    by_date: dict[datetime.date, dict[int, tuple[str, str]]] = {}
    for project in data.projects:
        for day, status, comment in project.updates:
            if (after is None or day > after) and day <= through:
                by_date.setdefault(day, {})[ids[project.title]] = (status, comment)
    for day in sorted(by_date):
        status_updates_save(date=day, updates=by_date[day])
