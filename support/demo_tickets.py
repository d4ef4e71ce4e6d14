"""A deterministic generator of the demo's support tickets.

It makes rows of the ITSM export (the same columns an administrator imports)
that give exactly the reference's figures for November 2023 – January 2024
when they go through the import and the statistics: SLA OK/breach and average
resolution time per priority per month, 140 open incidents and 455 open
service requests on 01.02.2024, and the critical incidents it names. Everything
else (categories, background volume since February 2023, the third critical
incident in January that the SLA table counts) is invented and seeded.
"""

import datetime
import random

from ror_portal.dates import OSLO, add_months, start_of_month
from support.importing import COLUMNS  # the export's columns, as the import reads them

SEED = 20240214
DAY, HOUR = 86400, 3600
AS_OF = datetime.datetime(2024, 2, 1, tzinfo=OSLO)
MONTHS = [(2023, 11), (2023, 12), (2024, 1)]
TARGET = {"Lav": 5 * DAY, "Medium": 3 * DAY, "Høy": 4 * HOUR, "Kritisk": 2 * HOUR}
UNIT = {"Lav": DAY, "Medium": DAY, "Høy": HOUR, "Kritisk": HOUR}
# (SLA OK, SLA breach, average resolution in days or hours) per month, from the reference
SLA: dict[str, list[tuple[int, int, str | None]]] = {
    "Lav": [(1, 2, "4.6"), (8, 5, "12.2"), (4, 2, "28.7")],
    "Medium": [(344, 96, "11.2"), (277, 78, "11.8"), (397, 50, "6.7")],
    "Høy": [(4, 4, "179.8"), (6, 0, "1.4"), (3, 1, "129.8")],
    "Kritisk": [(1, 0, "0.1"), (0, 0, None), (2, 1, "1.4")],
}
OPEN_INCIDENTS, OPEN_REQUESTS = 140, 455
MUNICIPALITIES = {"Aukra": 7, "Hustadvika": 26, "Molde": 43, "Rauma": 12, "Vestnes": 12}
CATEGORIES = {
    "Brukerstøtte": 22, "Tilgang og passord": 16, "PC og utstyr": 14, "Programvare": 12,
    "Fagsystemer": 11, "E-post og Teams": 8, "Nettverk": 6, "Telefoni og mobil": 6,
    "Skrivere": 5,
}  # fmt: skip
# The critical incidents of January 2024: (subject, municipality, created, minutes to resolve)
CRITICAL_JANUARY = [
    ("Telefoni nede på Rauma rådhus", "Rauma", datetime.datetime(2024, 1, 8, 13, 40), 33),
    ("Sensio nede Vestnes", "Vestnes", datetime.datetime(2024, 1, 16, 9, 12), 27),
    ("Kleive omsorgssenter manglet nettverk – fiberbrudd ved nye SNR, skjøtet samme dag",
     "Molde", datetime.datetime(2024, 1, 23, 8, 10), 192),
]  # fmt: skip


class Generator:
    def __init__(self) -> None:
        self.random = random.Random(SEED)  # noqa: S311 - demo data, seeded on purpose
        self.tickets: list[dict] = []

    def pick(self, weights: dict[str, int]) -> str:
        return self.random.choices(list(weights), weights=list(weights.values()))[0]

    def moment_in(self, year: int, month: int) -> datetime.datetime:
        """A working-day moment in the month, Oslo time."""
        first = datetime.date(year, month, 1)
        start, end = start_of_month(first), start_of_month(add_months(first, 1))
        while True:
            day = start + datetime.timedelta(days=self.random.randrange((end - start).days))
            if day.weekday() < 5:
                return day.replace(
                    hour=self.random.randint(7, 15),
                    minute=self.random.randrange(60),
                    second=self.random.randrange(60),
                )

    def add(self, *, kind, priority, created, resolved, subject=None, municipality=None):
        response = after(created, self.random.randint(60, 1800))
        if resolved is not None and response > resolved:
            response = resolved
        self.tickets.append({
            "kind": kind, "priority": priority, "created": created, "resolved": resolved,
            "response": response, "municipality": municipality or self.pick(MUNICIPALITIES),
            "category": self.pick(CATEGORIES), "subject": subject or self.subject(kind),
        })  # fmt: skip

    def subject(self, kind: str) -> str:
        words = ["Får ikke logget inn", "Bestilling av PC", "Feil i fagsystem", "Ny bruker",
                 "Skriver virker ikke", "Tilgang til fellesområde", "Mobil må settes opp",
                 "Teams-møterom", "Treg maskin", "Passord utløpt"]  # fmt: skip
        return self.random.choice(words)

    def durations(self, ok: int, breach: int, target: int, total: int) -> list[tuple[int, bool]]:
        """``ok`` durations within the target and ``breach`` over it, summing to ``total``."""
        if breach == 0:
            share, rest = divmod(total, ok)
            values = [share] * ok
            values[-1] += rest
            for index in range(0, ok - 1, 2):  # spread, keeping the sum
                swing = self.random.randint(0, min(values[index] - 1, target - values[index + 1]))
                values[index] -= swing
                values[index + 1] += swing
            return [(value, True) for value in values]
        low = [self.random.randint(target // 10, target * 9 // 10) for _ in range(ok)]
        room = total - breach * (target + 60)
        if sum(low) > room:  # keep the breaches over the target
            low = [value * room // sum(low) for value in low]
        over = total - sum(low)
        weights = [self.random.random() + 0.2 for _ in range(breach)]
        high = [
            target + 60 + int((over - breach * (target + 60)) * w / sum(weights)) for w in weights
        ]
        high[-1] += over - sum(high)
        return [(value, True) for value in low] + [(value, False) for value in high]

    def sla_incidents(self) -> None:
        for priority, months in SLA.items():
            for (year, month), (ok, breach, average) in zip(MONTHS, months, strict=True):
                if ok + breach == 0 or average is None:  # no tickets, so no average
                    continue
                total = round(float(average) * UNIT[priority] * (ok + breach))
                if priority == "Kritisk" and (year, month) == (2024, 1):
                    self.critical_january()
                    continue
                for seconds, _ in self.durations(ok, breach, TARGET[priority], total):
                    resolved = self.moment_in(year, month)
                    created = before(resolved, seconds)
                    self.add(
                        kind="Feilmelding", priority=priority, created=created, resolved=resolved
                    )

    def critical_january(self) -> None:
        for subject, municipality, created, minutes in CRITICAL_JANUARY:
            start = created.replace(tzinfo=OSLO)
            self.add(
                kind="Feilmelding",
                priority="Kritisk",
                created=start,
                resolved=after(start, minutes * 60),
                subject=subject,
                municipality=municipality,
            )

    def requests_resolved(self) -> None:
        for year, month in MONTHS:
            for _ in range(self.random.randint(480, 560)):
                resolved = self.moment_in(year, month)
                seconds = self.random.randint(HOUR, 100 * DAY)
                self.add(
                    kind="Tjenesteforespørsel",
                    priority=self.pick({"Lav": 3, "Medium": 7}),
                    created=before(resolved, seconds),
                    resolved=resolved,
                )

    def still_open(self) -> None:
        for kind, count in [
            ("Feilmelding", OPEN_INCIDENTS),
            ("Tjenesteforespørsel", OPEN_REQUESTS),
        ]:
            for _ in range(count):
                year, month = self.random.choices(MONTHS, weights=[1, 2, 5])[0]
                self.add(
                    kind=kind,
                    priority=self.pick({"Lav": 2, "Medium": 7, "Høy": 1}),
                    created=self.moment_in(year, month),
                    resolved=None,
                )

    def background(self) -> None:
        """February – October 2023, all resolved before November: the open-tickets chart's past."""
        cutoff = datetime.datetime(2023, 10, 31, 15, 0, tzinfo=OSLO)
        for month in range(2, 11):
            for kind, count in [("Feilmelding", 420), ("Tjenesteforespørsel", 460)]:
                for _ in range(count + self.random.randint(-40, 40)):
                    created = self.moment_in(2023, month)
                    seconds = int(self.random.expovariate(1 / (9 * DAY))) + HOUR
                    resolved = min(after(created, seconds), cutoff)
                    self.add(
                        kind=kind,
                        priority=self.pick({"Lav": 2, "Medium": 8, "Høy": 1}),
                        created=created,
                        resolved=max(resolved, created),
                    )

    def rows(self) -> list[list[str]]:
        self.background()
        self.sla_incidents()
        self.requests_resolved()
        self.still_open()
        self.tickets.sort(key=lambda ticket: ticket["created"])
        return [
            [str(100_000 + number), t["kind"], t["category"], t["priority"], t["municipality"],
             _when(t["created"]), _when(t["response"]), _when(t["resolved"]),
             "Løst" if t["resolved"] else "Under arbeid", t["subject"]]
            for number, t in enumerate(self.tickets, start=1)
        ]  # fmt: skip


def before(moment: datetime.datetime, seconds: int) -> datetime.datetime:
    """``seconds`` of real time before ``moment`` (across a change to or from summer time)."""
    return (moment.astimezone(datetime.UTC) - datetime.timedelta(seconds=seconds)).astimezone(OSLO)


def after(moment: datetime.datetime, seconds: int) -> datetime.datetime:
    return (moment.astimezone(datetime.UTC) + datetime.timedelta(seconds=seconds)).astimezone(OSLO)


def _when(moment: datetime.datetime | None) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S") if moment else ""


def export_rows() -> list[list[str]]:
    """The demo export: a header and one row per ticket, always the same."""
    return [COLUMNS, *Generator().rows()]
