"""The SLA rule is written once (``TicketQuerySet.with_sla``) and the share within the
SLA is rounded once, half up: 49 of 400 incidents (12.25 %) read 12,3 % in the block,
its CSV and on the changes page."""

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db.models import BooleanField, Value
from django.urls import reverse

from reports.models import ReportVersion
from reports.next_month import report_copy_to_next_month
from reports.publishing import report_publish
from ror_portal.blocks import Period, get_block, to_csv
from ror_portal.roles import Role
from support import selectors
from support.models import Ticket, TicketQuerySet
from tests.factories import CategoryFactory, MonthlyReportFactory, SectionFactory, TicketFactory

UTC = datetime.UTC
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


def at(month, day, hour=8):
    return datetime.datetime(2024, month, day, hour, 0, tzinfo=UTC)


def medium_incidents(ok: int, breach: int, month: int) -> None:
    """Medium incidents (target three days) resolved in ``month``: ``ok`` in a day,
    ``breach`` in a week."""
    category = CategoryFactory()
    for resolved in [at(month, 2)] * ok + [at(month, 8)] * breach:
        TicketFactory(category=category, created=at(month, 1), resolved=resolved)


@pytest.fixture
def one_in_eight(db):
    medium_incidents(ok=49, breach=351, month=1)


@pytest.fixture
def two_published_reports(one_in_eight, next_meeting, administrator):
    """January's report (49 OK, 351 breaches) and February's (one OK), both published."""
    january = MonthlyReportFactory()
    SectionFactory(report=january, title="SLA", block="support.sla_compliance")
    report_publish(report=january, user=administrator, notify=False)
    medium_incidents(ok=1, breach=0, month=2)
    february = report_copy_to_next_month(report=january, meeting=next_meeting)
    report_publish(report=february, user=administrator, notify=False)
    return february


def medium_share(data) -> Decimal:
    [medium] = [row for row in data.context["table"].rows if row.priority == "medium"]
    return medium.values[-1].percent_ok


def test_both_sla_blocks_and_their_key_figures_give_12_25_percent_as_12_3(one_in_eight):
    data = get_block("support.sla_compliance").function(JANUARY_2024)
    by_municipality = get_block("support.sla_by_municipality").function(JANUARY_2024)

    assert medium_share(data) == Decimal("12.3")
    [medium] = get_block("support.sla_compliance").key_figures(data.columns, data.rows)
    assert (medium.label, medium.value, medium.unit) == ("Medium – SLA OK", Decimal("12.3"), "%")
    assert by_municipality.rows == [["Molde", 49, 351, Decimal("12.3")]]
    assert to_csv(by_municipality).splitlines()[1] == "Molde;49;351;12,3"


def test_the_changes_page_shows_the_blocks_12_3(client_for, two_published_reports):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")

    page = BeautifulSoup(response.content, "html.parser")
    table = next(t for t in page.select("section table") if t.caption.text.startswith("1 SLA"))
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in table.tbody.select("tr")
    }
    assert rows["Medium – SLA OK"] == ["12,3\xa0%", "100,0\xa0%", "+87,7\xa0prosentpoeng"]


def test_the_share_is_kept_with_the_version_and_read_from_it(
    client_for, two_published_reports, monkeypatch
):
    """Computed once, when the version is published: a later change to the block's rule
    (or its rounding) does not change what a published version said."""
    from ror_portal import blocks

    stored = ReportVersion.objects.filter(report__month=datetime.date(2024, 1, 1)).get()
    [sla] = [b for b in stored.block_data.values() if b["block"] == "support.sla_compliance"]
    assert {"label": "Medium – SLA OK", "value": "12.3", "unit": "%"} in sla["key_figures"]

    block = blocks.get_block("support.sla_compliance")
    changed = dataclasses.replace(block, key_figures=lambda columns, rows: [])
    monkeypatch.setitem(blocks._registry, block.name, changed)
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")
    assert "12,3\xa0%" in response.content.decode()


def test_the_rule_marks_open_tickets_neither_ok_nor_breached(db):
    created = at(1, 10)
    TicketFactory(number="open", created=created)
    TicketFactory(number="at", created=created, resolved=created + datetime.timedelta(days=3))
    TicketFactory(
        number="late", created=created, resolved=created + datetime.timedelta(days=3, seconds=1)
    )

    breached = dict(
        Ticket.objects.with_sla(selectors.sla_targets()).values_list("number", "sla_breached")
    )

    assert breached == {"open": None, "at": False, "late": True}


def test_every_reader_follows_the_one_rule(monkeypatch, client_for):
    """A new rule (here: every ticket breached) changes the counts, the critical list
    and the admin's ticket list together, through with_sla alone."""
    created = at(1, 10)
    TicketFactory(number="1", priority="critical", created=created, resolved=at(1, 10, 9))

    def every_ticket_breached(self, targets):
        return self.annotate(sla_breached=Value(True, output_field=BooleanField()))

    monkeypatch.setattr(TicketQuerySet, "with_sla", every_ticket_breached)

    [*_, critical] = selectors.sla_compliance(JANUARY_2024).rows
    assert (critical.values[-1].ok, critical.values[-1].breach) == (0, 1)
    [molde] = selectors.sla_by_municipality(JANUARY_2024)
    assert (molde.count.ok, molde.count.breach) == (0, 1)
    [ticket] = selectors.critical_tickets(JANUARY_2024)
    assert ticket.sla_held is False
    listed = client_for(Role.ADMINISTRATOR).get(
        reverse("admin:support_ticket_changelist"), {"breached": "true"}
    )
    assert re.findall(r'<td class="ticket-number">(\w+)</td>', listed.text) == ["1"]
