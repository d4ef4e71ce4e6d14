import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ror_portal.blocks import Period
from support import selectors
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def test_a_ticket_resolved_exactly_at_the_target_is_ok():
    created = oslo(2024, 1, 10, 8, 0)
    TicketFactory(priority="high", created=created, resolved=created + datetime.timedelta(hours=4))
    TicketFactory(
        priority="high", created=created, resolved=created + datetime.timedelta(hours=4, seconds=1)
    )
    [_, _, high, _] = selectors.sla_compliance(JANUARY_2024).rows
    assert (high.values[-1].ok, high.values[-1].breach) == (1, 1)


def test_the_month_is_the_month_in_oslo():
    # 31.01.2024 23:30 in Oslo is 22:30 UTC: January. 01.02.2024 00:30 Oslo: February.
    TicketFactory(
        priority="low", created=oslo(2024, 1, 31, 20, 0), resolved=oslo(2024, 1, 31, 23, 30)
    )
    TicketFactory(
        priority="low", created=oslo(2024, 1, 31, 20, 0), resolved=oslo(2024, 2, 1, 0, 30)
    )
    [low, *_] = selectors.sla_compliance(JANUARY_2024).rows
    assert low.values[-1].ok == 1


def test_service_requests_are_not_in_the_sla_tables():
    created = oslo(2024, 1, 10, 8, 0)
    TicketFactory(
        kind="request",
        priority="low",
        created=created,
        resolved=created + datetime.timedelta(days=9),
    )
    [low, *_] = selectors.sla_compliance(JANUARY_2024).rows
    assert (low.values[-1].ok, low.values[-1].breach) == (0, 0)


def test_open_means_created_and_not_yet_resolved_at_the_moment():
    TicketFactory(created=oslo(2024, 1, 5, 9), resolved=None)
    TicketFactory(created=oslo(2024, 1, 5, 9), resolved=oslo(2024, 2, 3, 9))  # open on 01.02
    TicketFactory(created=oslo(2024, 1, 5, 9), resolved=oslo(2024, 1, 20, 9))
    TicketFactory(created=oslo(2024, 2, 2, 9), resolved=None)  # after the as-of date
    last = selectors.open_counts(JANUARY_2024)[-1]
    assert last.incidents == 2


def test_the_statistics_take_the_same_queries_for_few_and_many_tickets():
    def queries():
        with CaptureQueriesContext(connection) as captured:
            for function in (
                selectors.sla_compliance,
                selectors.resolution_times,
                selectors.open_counts,
                selectors.critical_tickets,
                selectors.sla_by_municipality,
            ):
                function(JANUARY_2024)
            selectors.new_tickets_by(JANUARY_2024, "category")
            selectors.new_tickets_by(JANUARY_2024, "municipality")
        return len(captured)

    created = oslo(2024, 1, 10, 8, 0)
    for hours in range(10):
        TicketFactory(
            priority="critical", created=created, resolved=created + datetime.timedelta(hours=hours)
        )
    few = queries()
    for hours in range(300):
        TicketFactory(
            priority=["low", "medium", "high", "critical"][hours % 4],
            created=created,
            resolved=created + datetime.timedelta(hours=hours % 50),
        )
    assert queries() == few <= 12
