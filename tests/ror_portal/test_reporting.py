import datetime

import pytest

from reports.models import MonthlyReport
from ror_portal.reporting import draft_report, report_for_month
from tests.factories import BoardMeetingFactory, MonthlyReportFactory

pytestmark = pytest.mark.django_db


def test_nothing_is_answered_without_reports():
    assert draft_report() is None
    assert report_for_month(datetime.date(2024, 2, 1)) is None


def test_the_draft_is_the_newest_unpublished_report():
    m2 = BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    m3 = BoardMeetingFactory(number="2024/M3", date=datetime.date(2024, 4, 10))
    MonthlyReportFactory(
        meeting=m2, month=datetime.date(2024, 2, 1), status=MonthlyReport.Status.PUBLISHED
    )
    MonthlyReportFactory(
        meeting=m3, month=datetime.date(2024, 3, 1), as_of=datetime.date(2024, 4, 1)
    )

    draft = draft_report()
    assert (draft.month, draft.as_of, draft.meeting_number, draft.is_draft) == (
        datetime.date(2024, 3, 1),
        datetime.date(2024, 4, 1),
        "2024/M3",
        True,
    )
    february = report_for_month(datetime.date(2024, 2, 17))
    assert (february.meeting_number, february.is_draft) == ("2024/M2", False)
