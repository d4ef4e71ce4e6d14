"""A small ITSM export for browser journeys: tickets of a chosen month in the columns the
import reads (support.demo_tickets.COLUMNS), written as the ;-separated UTF-8 CSV
Pureservice gives."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from support.demo_tickets import COLUMNS


@dataclass(frozen=True)
class ExportTicket:
    number: str
    kind: str  # "Feilmelding" or "Tjenesteforespørsel"
    category: str
    priority: str  # Lav, Medium, Høy, Kritisk
    municipality: str
    created: datetime.datetime  # Oslo wall-clock time
    resolved: datetime.datetime | None
    subject: str

    @property
    def is_open(self) -> bool:
        return self.resolved is None


def _when(moment: datetime.datetime | None) -> str:
    return moment.strftime("%d.%m.%Y %H:%M:%S") if moment else ""


def write_ticket_export(path: Path, tickets: list[ExportTicket]) -> Path:
    """The export as the ITSM system writes it: header, then one row per ticket; the first
    response a quarter of an hour after creation (or at resolution, if that is sooner)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(COLUMNS)
        for ticket in tickets:
            response = ticket.created + datetime.timedelta(minutes=15)
            if ticket.resolved is not None:
                response = min(response, ticket.resolved)
            writer.writerow(
                [
                    ticket.number,
                    ticket.kind,
                    ticket.category,
                    ticket.priority,
                    ticket.municipality,
                    _when(ticket.created),
                    _when(response),
                    _when(ticket.resolved),
                    "Under arbeid" if ticket.is_open else "Løst",
                    ticket.subject,
                ]
            )
    return path


D = datetime.datetime
# February 2024: six tickets, three resolved in the month, three still open on 01.03.2024
# (two incidents, one request). One critical incident, resolved in 45 minutes.
FEBRUARY_2024 = [
    ExportTicket("200001", "Feilmelding", "Nettverk", "Kritisk", "Molde",
                 D(2024, 2, 6, 8, 15), D(2024, 2, 6, 9, 0), "Nettverk nede på Molde rådhus"),
    ExportTicket("200002", "Feilmelding", "Brukerstøtte", "Medium", "Aukra",
                 D(2024, 2, 12, 10, 0), D(2024, 2, 13, 10, 0), "Får ikke logget inn"),
    ExportTicket("200003", "Tjenesteforespørsel", "PC og utstyr", "Lav", "Rauma",
                 D(2024, 2, 14, 9, 30), D(2024, 2, 16, 12, 0), "Bestilling av PC"),
    ExportTicket("200004", "Feilmelding", "Programvare", "Høy", "Vestnes",
                 D(2024, 2, 20, 13, 0), None, "Fagsystem henger ved innlogging"),
    ExportTicket("200005", "Feilmelding", "Fagsystemer", "Medium", "Hustadvika",
                 D(2024, 2, 27, 11, 0), None, "Feil i fagsystem"),
    ExportTicket("200006", "Tjenesteforespørsel", "Tilgang og passord", "Medium", "Molde",
                 D(2024, 2, 28, 14, 0), None, "Tilgang til fellesområde"),
]  # fmt: skip
