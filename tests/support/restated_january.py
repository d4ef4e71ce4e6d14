"""January 2024 published with three incidents open, and an export that restates it: two
more incidents created in January and still open."""

import datetime

from reports.models import MonthlyReport
from reports.publishing import report_publish
from tests.factories import MonthlyReportFactory, SectionFactory, TicketFactory
from tests.support.ticket_files import ticket

UTC = datetime.UTC
MARK = "tallet for januar er endret etter publisering: 3 → 5"


def at(month, day, hour=8):
    return datetime.datetime(2024, month, day, hour, 0, tzinfo=UTC)


def stored(number, **fields):
    """A ticket as the export below writes it, so that only what a test changes differs."""
    values = {
        "created": at(1, 15),
        "first_response": None,
        "resolved": None,
        "status": "",
        "priority": "medium",
        "subject": "Får ikke logget inn",
        **fields,
    }
    return TicketFactory(number=number, **values)


def row(number, **changes):
    """The export's row of a ticket made by ``stored``, with ``changes``."""
    as_stored = {
        "Kategori": "Brukerstøtte",
        "Prioritet": "Medium",
        "Opprettet": "15.01.2024 09:00",
        "Første respons": "",
        "Løst": "",
        "Status": "",
        "Emne": "Får ikke logget inn",
    }
    return ticket(number, **{**as_stored, **changes})


def publish_january(administrator) -> MonthlyReport:
    """January published with three incidents open at its tall per, 01.02.2024."""
    for number in ("1", "2", "3"):
        stored(number)
    report = MonthlyReportFactory()
    SectionFactory(report=report, title="Åpne feilmeldinger", block="support.open_incidents")
    SectionFactory(report=report, title="Saker per kategori", block="support.by_category")
    report_publish(report=report, user=administrator, notify=False)
    return report


# Two more incidents created in January and still open: 3 → 5 open at 01.02.2024.
RESTATING = [row("1"), row("2"), row("3"), row("4", Opprettet="20.01.2024 10:00"),
             row("5", Opprettet="21.01.2024 10:00")]  # fmt: skip
