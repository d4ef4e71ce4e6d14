import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from reports import selectors
from tests.factories import BoardMeetingFactory, MonthlyReportFactory, ReportVersionFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime.datetime(2024, 2, 12, 9, 30))


@pytest.fixture
def two_versions():
    meeting = BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    report = MonthlyReportFactory(meeting=meeting, month=datetime.date(2024, 1, 1))
    MonthlyReportFactory(
        meeting=meeting, month=datetime.date(2023, 12, 1), as_of=datetime.date(2024, 1, 5)
    )
    first = ReportVersionFactory(report=report, number=1, published_at=PUBLISHED)
    second = ReportVersionFactory(
        report=report, number=2, published_at=PUBLISHED + datetime.timedelta(days=1)
    )
    return first, second


def test_the_latest_version_comes_with_its_report_meeting_and_all_versions(
    two_versions, django_assert_num_queries
):
    second = two_versions[1]
    with django_assert_num_queries(1):
        found = selectors.published_version("2024-01")
        assert (found.pk, found.number, found.html.name) == (second.pk, 2, second.html.name)
        assert found.html_sha256 == second.html_sha256
        assert found.published_at == PUBLISHED + datetime.timedelta(days=1)
        assert [v.number for v in found.all_versions] == [2, 1]
        assert found.all_versions[1].published_at == PUBLISHED
        assert (found.report.pk, found.report.slug) == (second.report_id, "2024-01")
        assert found.report.meeting.number == "2024/M1"
        assert found.report.meeting.date == datetime.date(2024, 2, 14)
        assert found.report.meeting.get_absolute_url() == "/moter/2024-M1/"


def test_a_numbered_version_is_found_among_the_others(two_versions):
    found = selectors.published_version("2024-01", 1)
    assert (found.pk, [v.number for v in found.all_versions]) == (two_versions[0].pk, [2, 1])


def test_fields_the_lookup_leaves_out_load_when_read(two_versions):
    found = selectors.published_version("2024-01")
    assert found.report.as_of == datetime.date(2024, 2, 1)
    assert found.report.meeting.place == "Molde"
    assert found.block_data["3"]["rows"] == [["AD"]]


@pytest.mark.parametrize(
    ("slug", "number"), [("2023-12", None), ("2024-02", None), ("2024-01", 3), ("januar", None)]
)
def test_no_published_version_is_404(two_versions, slug, number):
    with pytest.raises(Http404):
        selectors.published_version(slug, number)
