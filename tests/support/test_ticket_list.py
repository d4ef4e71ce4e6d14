import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ror_portal.models import Municipality
from ror_portal.roles import Role
from support.filters import month_choices
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
LIST = "/admin/support/ticket/"


@pytest.fixture
def tickets():
    created = datetime.datetime(2024, 1, 10, 8, tzinfo=OSLO)
    TicketFactory(
        number="1",
        priority="high",
        subject="Brudd",
        created=created,
        resolved=created + datetime.timedelta(hours=6),
    )
    TicketFactory(
        number="2",
        priority="high",
        subject="Innenfor",
        created=created,
        resolved=created + datetime.timedelta(hours=1),
    )
    TicketFactory(
        number="3",
        kind="request",
        priority="low",
        subject="Ny PC",
        municipality=Municipality.objects.get(slug="aukra"),
        created=datetime.datetime(2023, 12, 5, 9, tzinfo=OSLO),
        resolved=None,
    )


def numbers(html: str) -> list[str]:
    import re

    return re.findall(r'<td class="ticket-number">(\w+)</td>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["1", "2", "3"]),
        ("?breached=true", ["1"]),
        ("?breached=false", ["2"]),
        ("?municipality={aukra}", ["3"]),
        ("?priority=high", ["1", "2"]),
        ("?kind=request", ["3"]),
        ("?month=2023-12", ["3"]),
        ("?month=2024-01&priority=high&breached=true", ["1"]),
    ],
)
def test_the_ticket_list_filters(client_for, tickets, query, expected):
    query = query.format(aukra=Municipality.objects.get(slug="aukra").pk)
    html = client_for(Role.ADMINISTRATOR).get(LIST + query).content.decode()
    assert sorted(numbers(html)) == expected


def test_the_ticket_list_sorts(client_for, tickets):
    client = client_for(Role.ADMINISTRATOR)
    assert numbers(client.get(LIST + "?sortering=subject").content.decode()) == ["1", "2", "3"]
    assert numbers(client.get(LIST + "?sortering=-subject").content.decode()) == ["3", "2", "1"]


def test_the_list_shows_resolution_in_days_or_hours_and_breach(client_for, tickets):
    html = client_for(Role.ADMINISTRATOR).get(LIST).content.decode()
    assert "6,0 timer" in html
    assert reverse("admin:support_ticket_import") in html


def test_the_list_takes_the_same_queries_for_more_tickets(client_for, tickets):
    client = client_for(Role.ADMINISTRATOR)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    client.get("/")  # the session's renewal happens on the first request, not counted
    few = count()
    for number in range(80):
        TicketFactory(number=f"x{number}")
    assert count() == few


def test_board_members_have_no_ticket_list(client_for, tickets):
    assert client_for(Role.BOARD_MEMBER).get(LIST).status_code == 403


def test_the_month_filter_reaches_back_to_the_first_ticket_by_month_name(client_for):
    TicketFactory(number="9", created=datetime.datetime(2021, 3, 1, 0, 30, tzinfo=OSLO))
    TicketFactory(number="10", created=datetime.datetime(2021, 4, 1, 0, 30, tzinfo=OSLO))
    choices = month_choices()
    assert choices[-1] == ("2021-03", "mars 2021")  # Oslo time: 1 March, not 28 February
    assert ("2023-12", "desember 2023") in choices
    assert choices[0][0] == datetime.date.today().strftime("%Y-%m")
    html = client_for(Role.ADMINISTRATOR).get(LIST + "?month=2021-03").content.decode()
    assert numbers(html) == ["9"]


def test_a_breach_reads_red_with_words_and_a_ticket_within_its_target_green(client_for, tickets):
    """The list showed a green ✔ for a breach and a red ✘ for none."""
    import re

    html = client_for(Role.ADMINISTRATOR).get(LIST).content.decode()
    rows = html[html.index("<tbody") : html.index("</tbody>")].split("<tr")[1:]
    cells = {
        re.search(r'<td class="ticket-number">(\w+)</td>', row)[1]: row.rsplit("<td", 1)[1]
        for row in rows
    }
    assert 'src="/static/admin/img/icon-no.svg" alt="Brutt"' in cells["1"]  # red cross
    assert 'src="/static/admin/img/icon-yes.svg" alt="Ikke brutt"' in cells["2"]  # green tick
    assert "Ikke avgjort (åpen eller uten mål)" in cells["3"]  # open: neither
    assert "✔" not in html and "✘" not in html
