"""The ticket point of the checklist on the demo's tickets, imported on today's clock:
the data says which month they reach, not the day they were imported."""

import datetime

import pytest

from ror_portal.blocks import Period
from ror_portal.checklist import checklist
from support.checklist import newest_activity
from support.models import TicketImport

pytestmark = pytest.mark.django_db


def ticket_point(month: datetime.date, as_of: datetime.date):
    period = Period(month=month, as_of=as_of, meeting_date=as_of + datetime.timedelta(days=14))
    return next(item for item in checklist(period) if item.label.startswith("Saker importert"))


def test_the_demo_reaches_january_and_no_further(demo_tickets):
    assert TicketImport.objects.get().imported_at.date() > datetime.date(2024, 3, 1)
    assert newest_activity() == datetime.date(2024, 1, 31)
    january = ticket_point(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    assert january.ok
    february = ticket_point(datetime.date(2024, 2, 1), datetime.date(2024, 3, 1))
    assert not february.ok
    assert february.detail == (
        "Nyeste aktivitet i importerte saker: 31.01.2024; trenger 29.02.2024 eller senere."
    )
