"""The ticket sync from Pureservice (support/sync.py, support/pureservice.py and
`manage.py sync_tickets`) against a fake Pureservice over real HTTP on loopback."""

import datetime
import io
import urllib.error

import pytest
from django.core.management import CommandError, call_command

from ror_portal.blocks import Period
from support import admin_import, selectors, sync
from support.importing import import_tickets
from support.models import Category, Ticket, TicketImport
from support.pureservice import Client, PureserviceError
from tests.support.fake_pureservice import KEY, Scripted, address
from tests.support.messages import counts, message
from tests.support.ticket_files import csv_file, ticket

JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_tickets", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fetched(count: int) -> str:
    return message("Fetched %(count)s tickets from Pureservice.", count=count)


def nothing_saved() -> None:
    assert Ticket.objects.count() == 0
    assert Category.objects.count() == 0
    assert TicketImport.objects.count() == 0


@pytest.mark.django_db
def test_a_sync_reads_every_page_and_imports_the_tickets(pureservice):
    for number in range(1, 6):
        pureservice.put(number, modified=f"2024-01-2{number}T10:00:00.000Z")

    out, _ = run()

    assert out.splitlines() == [
        fetched(5),
        counts(5, 0, 0) + " " + message("New categories: %(names)s.", names="Nettverk"),
    ]
    assert [(r["start"], r["limit"]) for r in pureservice.requests] == [
        ("0", "2"), ("2", "2"), ("4", "2")
    ]  # fmt: skip
    assert pureservice.requests[0]["include"] == sync.INCLUDE
    molde = Ticket.objects.get(number="3")
    assert (molde.kind, molde.priority, molde.municipality.name, molde.category.name) == (
        "incident", "high", "Molde", "Nettverk"
    )  # fmt: skip
    assert molde.created == datetime.datetime(2024, 1, 15, 7, tzinfo=datetime.UTC)
    assert molde.resolution_seconds == 2.5 * 3600
    assert TicketImport.objects.get().fetched_until == datetime.datetime(
        2024, 1, 25, 10, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_a_dry_run_prints_the_check_and_saves_nothing(pureservice):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")

    out, _ = run("--dry-run")

    assert out.splitlines() == [
        fetched(1),
        counts(1, 0, 0) + " " + message("New categories: %(names)s.", names="Nettverk"),
        message("Nothing was saved (--dry-run)."),
    ]
    nothing_saved()


@pytest.mark.django_db
def test_a_value_that_cannot_be_mapped_is_the_check_error_of_its_row(pureservice):
    pureservice.put(1, modified="2024-01-22T10:00:00Z")
    pureservice.put(2, modified="2024-01-21T10:00:00Z", priority="Haster", company="Oslo kommune")

    with pytest.raises(CommandError) as refused:
        run()

    assert str(refused.value) == message(
        "The file was rejected and nothing was saved. Errors: %(count)s.", count=2
    )
    nothing_saved()


@pytest.mark.django_db
def test_without_the_settings_the_command_says_what_to_set(settings):
    settings.PURESERVICE_URL = ""

    with pytest.raises(CommandError) as refused:
        run()

    assert str(refused.value) == message(
        "Pureservice is not configured: set PURESERVICE_URL and PURESERVICE_API_KEY"
        " (or PURESERVICE_API_KEY_FILE)."
    )
    assert "PURESERVICE_URL" in str(refused.value) and "Pureservice er ikke" in str(refused.value)


def _fails_with(pureservice, expected: str) -> None:
    with pytest.raises(CommandError) as refused:
        run()
    assert str(refused.value) == expected
    nothing_saved()


@pytest.mark.django_db
def test_a_server_error_on_a_later_page_saves_nothing(pureservice):
    for number in range(1, 4):
        pureservice.put(number, modified=f"2024-01-2{number}T10:00:00Z")
    pureservice.script = [Scripted(), Scripted(status=500, body=b"Internal Server Error")]

    _fails_with(
        pureservice,
        message(
            "Pureservice answered with an error (HTTP %(status)s) to %(address)s.",
            status=500,
            address=address(pureservice, start=2),
        ),
    )


@pytest.mark.django_db
def test_a_timeout_saves_nothing(pureservice):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")
    pureservice.script = [Scripted(delay=1.5)]

    _fails_with(
        pureservice,
        message(
            "Pureservice did not answer within %(seconds)s seconds at %(address)s.",
            seconds="1",
            address=address(pureservice, start=0),
        ),
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>Innlogging</html>", None),
        (b'["not", "an", "object"]', None),
        (b'{"tickets": {"id": 1}}', "it has no list “tickets”"),
        (
            b'{"tickets": [{"id": [1], "requestNumber": 1}]}',
            "a ticket without “id” or “requestNumber”",
        ),
        (
            b'{"tickets": [{"id": 1, "requestNumber": 1, "modified": "yesterday"}]}',
            "ticket %(number)s has no readable “modified”",
        ),
        (b'{"tickets": [], "linked": {"statuses": 3}}', "“linked” is not lists of objects"),
    ],
)
@pytest.mark.django_db
def test_a_malformed_answer_saves_nothing(pureservice, body, reason):
    pureservice.script = [Scripted(body=body)]

    if reason is None:
        expected = message(
            "Pureservice's answer from %(address)s is not a JSON:API document.",
            address=address(pureservice, start=0),
        )
    else:
        expected = message(
            "Page %(page)s of the tickets from Pureservice is not in the form its API guide"
            " describes (%(reason)s). Nothing was saved.",
            page=1,
            reason=message(reason, number=1) if "%" in reason else message(reason),
        )
    _fails_with(pureservice, expected)


@pytest.mark.django_db
def test_a_429_is_waited_out_by_its_retry_after(pureservice):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")
    pureservice.script = [Scripted(status=429, body=b"", headers={"Retry-After": "7"})]
    waits: list[float] = []
    client = Client(pureservice.url, KEY, interval=0, timeout=1, max_retry_after=10,
                    sleep=waits.append)  # fmt: skip

    document = client.get("ticket", {"sort": "modified desc", "start": 0, "limit": 2})

    assert waits == [7]
    assert [t["requestNumber"] for t in document["tickets"]] == [1]
    assert len(pureservice.requests) == 2


@pytest.mark.django_db
def test_a_retry_after_longer_than_the_limit_gives_up_and_saves_nothing(pureservice, settings):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")
    pureservice.script = [Scripted(status=429, body=b"", headers={"Retry-After": "3600"})]

    _fails_with(
        pureservice,
        message(
            "Pureservice asks to wait %(seconds)s seconds before the next request,"
            " longer than the %(limit)s the sync waits. Try again later.",
            seconds=3600,
            limit=settings.PURESERVICE_MAX_RETRY_AFTER,
        ),
    )


def test_requests_are_spaced_to_the_rate_pureservice_allows():
    waits: list[float] = []
    client = Client("http://127.0.0.1:9", KEY, interval=0.6, timeout=1, max_retry_after=10,
                    sleep=waits.append)  # fmt: skip
    with pytest.raises(PureserviceError):
        client.get("ticket", {})
    with pytest.raises(PureserviceError):
        client.get("ticket", {})

    assert len(waits) == 1 and 0.5 < waits[0] <= 0.6


def test_many_429s_in_a_row_give_up(monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.HTTPError("x", 429, "Too Many Requests", {"Retry-After": "1"}, None)

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    waits: list[float] = []
    client = Client("http://127.0.0.1:9", KEY, interval=0, timeout=1, max_retry_after=10,
                    sleep=waits.append)  # fmt: skip

    with pytest.raises(PureserviceError) as refused:
        client.get("ticket", {})
    assert str(refused.value) == message(
        "Pureservice kept refusing requests as too many (HTTP 429). Try again later."
    )
    assert waits == [1, 1, 1, 1]


def test_a_company_is_its_municipality():
    assert sync.municipality_name("Molde kommune") == "Molde"
    assert sync.municipality_name("Hustadvika  Kommune") == "Hustadvika"
    assert sync.municipality_name("Kommune") == "Kommune"
    assert sync.municipality_name("ROR-IKT") == "ROR-IKT"


def test_a_sync_is_kept_where_uploads_are_so_their_clean_up_takes_it():
    assert sync.FOLDER == admin_import.FOLDER


# The test: two syncs give the statistics of the same tickets from a file -------


def statistics() -> dict:
    return {
        "by_category": selectors.new_tickets_by(JANUARY_2024, "category"),
        "by_municipality": selectors.new_tickets_by(JANUARY_2024, "municipality"),
        "open": selectors.open_counts(JANUARY_2024),
        "sla": selectors.sla_compliance(JANUARY_2024),
        "resolution": selectors.resolution_times(JANUARY_2024),
        "critical": selectors.critical_tickets(JANUARY_2024),
        "sla_by_municipality": selectors.sla_by_municipality(JANUARY_2024),
    }


def stored_tickets() -> list[tuple]:
    return list(
        Ticket.objects.order_by("number").values_list(
            "number", "kind", "category__name", "priority", "municipality__name", "created",
            "first_response", "resolved", "status", "subject", "resolution_seconds",
        )
    )  # fmt: skip


def exported(number: str, **cells: str) -> dict[str, str]:
    """A row of the export; the API gives no first response (see support/sync.py)."""
    return ticket(number, **{"Første respons": ""}, **cells)


# Each ticket once as Pureservice's API gives it and once as its export does.
FIRST = [
    (1, dict(created="2024-01-08T07:00:00Z", closed="2024-01-08T09:00:00Z"),
     exported("1", Opprettet="08.01.2024 08:00", Løst="08.01.2024 10:00")),
    (2, dict(priority="Medium", company="Vestnes kommune", created="2024-01-10T12:00:00Z",
             closed=None, status="Under arbeid", category="Skrivere"),
     exported("2", Prioritet="Medium", Kommune="Vestnes", Opprettet="10.01.2024 13:00", Løst="",
            Status="Under arbeid", Kategori="Skrivere")),
    (3, dict(ticket_type="Tjenesteforespørsel", priority="Lav", company="Rauma kommune",
             created="2024-01-11T08:00:00Z", closed=None, status="Venter - sluttbruker"),
     exported("3", Type="Tjenesteforespørsel", Prioritet="Lav", Kommune="Rauma",
            Opprettet="11.01.2024 09:00", Løst="", Status="Venter - sluttbruker")),
    (4, dict(priority="Kritisk", created="2024-01-20T22:30:00Z", closed="2024-01-21T03:30:00Z",
             subject="Sensio nede i Vestnes"),
     exported("4", Prioritet="Kritisk", Opprettet="20.01.2024 23:30", Løst="21.01.2024 04:30",
            Emne="Sensio nede i Vestnes")),
]  # fmt: skip
# The second sync: ticket 2 is resolved, ticket 5 is new.
CHANGED_2 = (
    dict(priority="Medium", company="Vestnes kommune", created="2024-01-10T12:00:00Z",
         closed="2024-01-16T12:00:00Z", category="Skrivere"),
    exported("2", Prioritet="Medium", Kommune="Vestnes", Opprettet="10.01.2024 13:00",
           Løst="16.01.2024 13:00", Kategori="Skrivere"),
)  # fmt: skip
NEW_5 = (
    dict(ticket_type="Hendelse", priority="High", company="Aukra kommune",
         created="2024-01-30T23:15:00Z", closed=None, status="Ny"),
    exported("5", Kommune="Aukra", Opprettet="31.01.2024 00:15", Løst="", Status="Ny"),
)  # fmt: skip


@pytest.mark.django_db
def test_two_syncs_give_the_statistics_of_the_same_tickets_from_a_file(pureservice):
    for number, api, _row in FIRST:
        pureservice.put(number, modified=f"2024-01-2{number}T10:00:00Z", **api)
    out, _ = run()
    assert out.splitlines()[0] == fetched(4)

    pureservice.put(2, modified="2024-02-01T08:00:00Z", **CHANGED_2[0])
    pureservice.put(5, modified="2024-02-01T09:00:00Z", **NEW_5[0])
    pureservice.requests.clear()
    out, _ = run()

    # Only the changed tickets, and the last sync's newest again (its change time is where
    # this one stops): the first page has the two changed, the second stops at an older one.
    assert out.splitlines() == [fetched(3), counts(1, 1, 1)]
    assert [r["start"] for r in pureservice.requests] == ["0", "2"]
    assert TicketImport.objects.order_by("imported_at", "pk").last().fetched_until == (
        datetime.datetime(2024, 2, 1, 9, tzinfo=datetime.UTC)
    )
    out, _ = run()  # nothing more has changed
    assert out.splitlines() == [fetched(1), counts(0, 0, 1)]  # the newest is fetched again
    synced, synced_tickets = statistics(), stored_tickets()

    Ticket.objects.all().delete()
    Category.objects.all().delete()
    rows = [row for _n, _api, row in FIRST if row["Saksnr"] != "2"] + [CHANGED_2[1], NEW_5[1]]
    assert import_tickets(csv_file(rows), "eksport.csv").ok

    assert stored_tickets() == synced_tickets
    assert statistics() == synced
    assert synced["open"][-1].incidents == 1  # ticket 5, open at 01.02.2024
    assert synced["open"][-1].requests == 1  # ticket 3


@pytest.mark.django_db
def test_a_sync_keeps_the_first_response_a_file_brought(pureservice):
    """The API gives no first response: a ticket imported from a file keeps its own."""
    row = exported("1", Opprettet="08.01.2024 08:00", Løst="08.01.2024 10:00")
    assert import_tickets(csv_file([{**row, "Første respons": "08.01.2024 08:20"}]), "e.csv").ok
    pureservice.put(1, modified="2024-01-09T10:00:00Z", created="2024-01-08T07:00:00Z",
                    closed="2024-01-08T09:30:00Z")  # fmt: skip

    out, _ = run()

    assert out.splitlines() == [fetched(1), counts(0, 1, 0)]
    ticket = Ticket.objects.get(number="1")
    assert ticket.first_response == datetime.datetime(2024, 1, 8, 7, 20, tzinfo=datetime.UTC)
    assert ticket.resolved == datetime.datetime(2024, 1, 8, 9, 30, tzinfo=datetime.UTC)
