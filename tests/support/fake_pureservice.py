"""A Pureservice instance for the tests: a real HTTP server on loopback that answers
``GET /agent/api/ticket/`` in the shape the API guide describes (the tickets under
``tickets``, the related objects asked for with ``include`` under ``linked``), pages by
``start`` and ``limit`` and sorts by ``modified desc``. Answers can be scripted in front
of the normal ones: a 429 with Retry-After, a 500, a slow answer, a body that is not
JSON:API."""

import datetime
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from support import sync

KEY = "test-key"


@dataclass
class Scripted:
    status: int = 200
    body: bytes | None = None  # None: the normal page
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakePureservice:
    def __init__(self) -> None:
        self.tickets: dict[int, dict[str, Any]] = {}
        self.names: dict[str, dict[str, int]] = {}  # kind: name → id
        self.users: dict[str, int] = {}  # company name → the user of that company
        self.requests: list[dict[str, str]] = []  # the query of each request
        self.script: list[Scripted] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> "FakePureservice":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def put(
        self,
        number: int,
        *,
        modified: str,
        ticket_type: str = "Feilmelding",
        priority: str = "Høy",
        category: str = "Nettverk",
        company: str = "Molde kommune",
        status: str = "Løst",
        created: str = "2024-01-15T07:00:00.000Z",
        closed: str | None = "2024-01-15T09:30:00.000Z",
        subject: str = "Nettet er nede på rådhuset",
    ) -> None:
        """Make or change the ticket with request number ``number`` (its id is the same)."""
        self.tickets[number] = {
            "id": number,
            "requestNumber": number,
            "subject": subject,
            "ticketTypeId": self._id("tickettypes", ticket_type),
            "priorityId": self._id("priorities", priority),
            "statusId": self._id("statuses", status),
            "category1Id": self._id("categories", category),
            "category2Id": None,
            "userId": self._user(company),
            "created": created,
            "modified": modified,
            "closed": closed,
        }

    def _id(self, kind: str, name: str) -> int:
        ids = self.names.setdefault(kind, {})
        return ids.setdefault(name, len(ids) + 1)

    def _user(self, company: str) -> int:
        self._id("companies", company)
        return self.users.setdefault(company, len(self.users) + 1)

    def page(self, query: dict[str, str]) -> dict[str, Any]:
        start, limit = int(query["start"]), int(query["limit"])
        newest_first = sorted(
            self.tickets.values(),
            key=lambda ticket: datetime.datetime.fromisoformat(ticket["modified"]),
            reverse=True,
        )
        tickets = newest_first[start : start + limit]
        return {"tickets": tickets, "linked": self._linked(tickets)}

    def _linked(self, tickets: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """The related objects of the page's tickets, as ``include`` asks for them."""
        used = {
            "tickettypes": {t["ticketTypeId"] for t in tickets},
            "priorities": {t["priorityId"] for t in tickets},
            "statuses": {t["statusId"] for t in tickets},
            "categories": {t["category1Id"] for t in tickets},
        }
        linked = {
            kind: [{"id": pk, "name": name} for name, pk in self.names.get(kind, {}).items()
                   if pk in used[kind]]
            for kind in used
        }  # fmt: skip
        users = {t["userId"] for t in tickets}
        companies = self.names.get("companies", {})
        linked["users"] = [
            {"id": pk, "firstName": "Kari", "companyId": companies[company]}
            for company, pk in self.users.items()
            if pk in users
        ]
        company_ids = {user["companyId"] for user in linked["users"]}
        linked["companies"] = [
            {"id": pk, "name": name} for name, pk in companies.items() if pk in company_ids
        ]
        return linked

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                address = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(address.query))
                fake.requests.append(query)
                if self.headers.get("X-Authorization-Key") != KEY:
                    return self._answer(401, b'{"errors": [{"title": "Unauthorized"}]}')
                if address.path != "/agent/api/ticket/" or int(query.get("limit", 0)) > 500:
                    return self._answer(400, b'{"errors": [{"title": "Bad request"}]}')
                if self.headers.get("Accept") != "application/vnd.api+json":
                    return self._answer(406, b"")
                scripted = fake.script.pop(0) if fake.script else Scripted()
                time.sleep(scripted.delay)
                body = scripted.body
                if body is None:
                    assert query["sort"] == "modified desc"
                    body = json.dumps(fake.page(query)).encode()
                self._answer(scripted.status, body, scripted.headers)

            def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/vnd.api+json")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args) -> None:
                pass

        return Handler


def address(pureservice, *, start: int) -> str:
    """Where the sync asks for the page from ``start`` (of two tickets)."""
    return (
        f"{pureservice.url}/agent/api/ticket/?include={sync.INCLUDE.replace(',', '%2C')}"
        f"&sort=modified+desc&start={start}&limit=2"
    )
