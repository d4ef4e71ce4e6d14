import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ror_portal.blocks import Period
from support import selectors
from support.models import Ticket

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def test_the_demo_gives_the_references_sla_table(demo_tickets):
    table = selectors.sla_compliance(JANUARY_2024)
    assert table.months == [
        datetime.date(2023, 11, 1),
        datetime.date(2023, 12, 1),
        datetime.date(2024, 1, 1),
    ]
    assert {row.label: [(c.ok, c.breach) for c in row.values] for row in table.rows} == {
        "Lav": [(1, 2), (8, 5), (4, 2)],
        "Medium": [(344, 96), (277, 78), (397, 50)],
        "Høy": [(4, 4), (6, 0), (3, 1)],
        "Kritisk": [(1, 0), (0, 0), (2, 1)],
    }


def test_the_demo_gives_the_references_resolution_times(demo_tickets):
    table = selectors.resolution_times(JANUARY_2024)
    d = Decimal
    assert {row.label: row.values for row in table.rows} == {
        "Lav": [d("4.6"), d("12.2"), d("28.7")],
        "Medium": [d("11.2"), d("11.8"), d("6.7")],
        "Høy": [d("179.8"), d("1.4"), d("129.8")],
        "Kritisk": [d("0.1"), None, d("1.4")],
    }


def test_the_demo_gives_the_references_open_tickets(demo_tickets):
    counts = selectors.open_counts(JANUARY_2024)
    assert len(counts) == 12
    last = counts[-1]
    assert last.day == datetime.date(2024, 1, 31)
    assert (last.incidents, last.requests, last.total) == (140, 455, 595)
    assert counts[0].day == datetime.date(2023, 2, 28)


def test_the_demo_names_the_critical_incidents(demo_tickets):
    tickets = selectors.critical_tickets(JANUARY_2024)
    by_subject = {t.subject.split(" –")[0]: t for t in tickets}
    assert by_subject["Sensio nede Vestnes"].municipality == "Vestnes"
    assert by_subject["Sensio nede Vestnes"].sla_held is True
    assert by_subject["Sensio nede Vestnes"].hours <= Decimal("0.5")
    kleive = by_subject["Kleive omsorgssenter manglet nettverk"]
    assert kleive.municipality == "Molde" and kleive.sla_held is False
    assert kleive.created.astimezone(OSLO).date() == kleive.resolved.astimezone(OSLO).date()


def test_new_tickets_shares_add_up(demo_tickets):
    for field in ("category", "municipality"):
        rows = selectors.new_tickets_by(JANUARY_2024, field)
        assert (
            sum(row.total for row in rows)
            == Ticket.objects.filter(
                created__gte=oslo(2024, 1, 1), created__lt=oslo(2024, 2, 1)
            ).count()
        )
        assert abs(sum(row.share for row in rows) - 100) <= Decimal("0.5")


def test_sla_per_municipality_adds_up_to_the_sla_table(demo_tickets):
    by_municipality = selectors.sla_by_municipality(JANUARY_2024)
    table = selectors.sla_compliance(JANUARY_2024)
    assert sum(r.count.ok for r in by_municipality) == sum(
        c.ok for row in table.rows for c in row.values
    )
    assert [r.municipality for r in by_municipality] == [
        "Aukra",
        "Hustadvika",
        "Molde",
        "Rauma",
        "Vestnes",
    ]
