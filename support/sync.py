"""The tickets changed in Pureservice since the last sync, fetched as an export file.

One rule, not two: the sync saves no ticket itself. It writes what it fetched as the
export an administrator would download (the columns of support.importing.TICKET_COLUMNS,
the values as the export words them), and that file goes through the same check, confirm
page and import as an uploaded one. A value the tables below cannot map is written as
Pureservice has it, so the check refuses that row as it would a bad row of a file.

"Changed since the last sync": the tickets are read newest change first
(``sort=modified desc``) and the reading stops at the first ticket changed before the
newest change the last imported sync fetched. The guide has no sample of a filter on
``modified``, so none is relied on. A ticket changed while the pages are read moves to
the first page and may be seen twice (kept once) or not at all (then it is newer than
everything fetched, and the next sync takes it).
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ror_portal.formatting import format_datetime
from support.importing import TICKET_COLUMNS
from support.models import Ticket, TicketImport
from support.pureservice import Client, PureserviceError

PAGE_SIZE = 500  # the most Pureservice gives in one request
# The related objects each page brings under "linked", and the names they come under.
INCLUDE = "ticketType,priority,status,category1,user,user.company"
# Where support.admin_import keeps uploads, so that its clean-up of files checked and
# never confirmed takes a sync's too.
FOLDER = "imports"

# Pureservice's ticket types and priorities as the export names them (casefolded keys).
TICKET_TYPES = {
    "feilmelding": "Feilmelding",
    "hendelse": "Feilmelding",
    "incident": "Feilmelding",
    "tjenesteforespørsel": "Tjenesteforespørsel",
    "forespørsel": "Tjenesteforespørsel",
    "bestilling": "Tjenesteforespørsel",
    "service request": "Tjenesteforespørsel",
}
PRIORITIES = {
    "lav": "Lav",
    "low": "Lav",
    "medium": "Medium",
    "normal": "Medium",
    "høy": "Høy",
    "high": "Høy",
    "kritisk": "Kritisk",
    "critical": "Kritisk",
}

# Told before each page: the page's number and the tickets fetched so far.
Told = Callable[[int, int], None]


@dataclass
class Fetched:
    file: IO[bytes]  # the export, CSV, at its start
    tickets: int
    newest: datetime.datetime | None  # the newest change fetched: where the next sync starts

    def file_name(self, at: datetime.datetime) -> str:
        return f"pureservice-{timezone.localtime(at):%Y%m%dT%H%M}.csv"


def last_fetched() -> datetime.datetime | None:
    """Where the next sync starts: the newest change an imported sync fetched."""
    return TicketImport.objects.aggregate(newest=Max("fetched_until"))["newest"]


def fetch_changed(
    client: Client,
    *,
    since: datetime.datetime | None,
    told: Told | None = None,
) -> Fetched:
    """The tickets changed at ``since`` or later (all of them without), as an export.
    Raises PureserviceError, with nothing kept, if a page cannot be had or read."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, open
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow([column.header for column in TICKET_COLUMNS])
    seen: set[Any] = set()
    newest: datetime.datetime | None = None
    start, page = 0, 0
    try:
        while True:
            page += 1
            if told:
                told(page, len(seen))
            document = client.get(
                "ticket",
                {"include": INCLUDE, "sort": "modified desc", "start": start,
                 "limit": PAGE_SIZE},
            )  # fmt: skip
            tickets = _tickets(document, page)
            linked = _Linked(document, page)
            reached_since = False
            rows = []
            for ticket in tickets:
                modified = _modified(ticket, page)
                if since is not None and modified < since:
                    reached_since = True
                    break
                newest = modified if newest is None else max(newest, modified)
                if ticket["id"] not in seen:
                    seen.add(ticket["id"])
                    rows.append(_row(ticket, linked))
            kept = _first_responses([row["number"] for row in rows])
            for row in rows:
                row["first_response"] = kept.get(row["number"], "")
                writer.writerow([row.get(column.field, "") for column in TICKET_COLUMNS])
            if reached_since or len(tickets) < PAGE_SIZE:
                break
            start += len(tickets)
        text.flush()
        text.detach()
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return Fetched(file=file, tickets=len(seen), newest=newest)


def not_configured() -> str:
    return _(
        "Pureservice is not configured: set PURESERVICE_URL and PURESERVICE_API_KEY"
        " (or PURESERVICE_API_KEY_FILE)."
    )


def nothing_changed(since: datetime.datetime | None) -> str:
    if since is None:
        return _("Pureservice has no tickets.")
    return _("No ticket has changed in Pureservice since %(time)s.") % {
        "time": format_datetime(since)
    }


def municipality_name(company: str) -> str:
    """The municipality of a company in Pureservice: "Molde kommune" is Molde."""
    words = company.split()
    if len(words) > 1 and words[-1].casefold() == "kommune":
        words.pop()
    return " ".join(words)


def _row(ticket: dict[str, Any], linked: "_Linked") -> dict[str, str]:
    """The ticket as the export's row, by the field each column fills."""
    user = linked.get("users", ticket.get("userId"))
    company = linked.name("companies", user.get("companyId"))
    kind = linked.name("tickettypes", ticket.get("ticketTypeId"))
    priority = linked.name("priorities", ticket.get("priorityId"))
    return {
        "number": _text(ticket.get("requestNumber")),
        "kind": TICKET_TYPES.get(kind.casefold(), kind),
        "category": linked.name("categories", ticket.get("category1Id")),
        "priority": PRIORITIES.get(priority.casefold(), priority),
        "municipality": municipality_name(company),
        "created": _time_text(ticket.get("created")),
        "resolved": _time_text(ticket.get("closed")),
        "status": linked.name("statuses", ticket.get("statusId")),
        "subject": _text(ticket.get("subject")),
    }


def _first_responses(numbers: list[str]) -> dict[str, str]:
    """The first responses the portal has of these tickets. The guide names no field for
    it, so a sync keeps what a file import brought rather than emptying it; a ticket the
    portal has none of gets none."""
    stored = Ticket.objects.filter(number__in=numbers).values_list("number", "first_response")
    return {number: moment.isoformat() for number, moment in stored if moment is not None}


class _Linked:
    """A page's related objects by kind (casefolded: "tickettypes") and id."""

    def __init__(self, document: dict[str, Any], page: int) -> None:
        linked = document.get("linked", {})
        if not isinstance(linked, dict) or not all(
            isinstance(items, list) for items in linked.values()
        ):
            raise _malformed(page, _("“linked” is not lists of objects"))
        self.objects = {
            kind.casefold(): {item.get("id"): item for item in items if isinstance(item, dict)}
            for kind, items in linked.items()
        }

    def get(self, kind: str, pk: Any) -> dict[str, Any]:
        return self.objects.get(kind, {}).get(pk, {})

    def name(self, kind: str, pk: Any) -> str:
        return _text(self.get(kind, pk).get("name"))


def _tickets(document: dict[str, Any], page: int) -> list[dict[str, Any]]:
    tickets = document.get("tickets")
    if not isinstance(tickets, list):
        raise _malformed(page, _("it has no list “tickets”"))
    for ticket in tickets:
        if (
            not isinstance(ticket, dict)
            or not isinstance(ticket.get("id"), int | str)
            or "requestNumber" not in ticket
        ):
            raise _malformed(page, _("a ticket without “id” or “requestNumber”"))
    return tickets


def _modified(ticket: dict[str, Any], page: int) -> datetime.datetime:
    modified = _time(ticket.get("modified"))
    if modified is None:
        raise _malformed(
            page,
            _("ticket %(number)s has no readable “modified”") % {"number": ticket["requestNumber"]},
        )
    return modified


def _time(value: Any) -> datetime.datetime | None:
    """An API time; one without an offset is UTC, as the API gives its times."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _time_text(value: Any) -> str:
    """A time as the import reads it (ISO 8601 with its offset); one that cannot be read
    is written as it came, for the check to refuse with its row."""
    moment = _time(value)
    return moment.isoformat() if moment else _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _malformed(page: int, reason: str) -> PureserviceError:
    return PureserviceError(
        _(
            "Page %(page)s of the tickets from Pureservice is not in the form its API guide"
            " describes (%(reason)s). Nothing was saved."
        )
        % {"page": page, "reason": reason}
    )
