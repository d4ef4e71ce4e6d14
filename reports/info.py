"""The reports app's answers to ``ror_portal.reporting`` (for the domain apps)."""

import datetime

from django.urls import reverse

from reports.models import MonthlyReport
from ror_portal.reporting import ReportInfo


def _info(report: MonthlyReport | None) -> ReportInfo | None:
    if report is None:
        return None
    return ReportInfo(
        month=report.month,
        as_of=report.as_of,
        meeting_number=report.meeting.number,
        meeting_date=report.meeting.date,
        is_draft=report.status == MonthlyReport.Status.DRAFT,
        content_url=reverse("admin:reports_monthlyreport_content", args=[report.pk]),
    )


def draft_report() -> ReportInfo | None:
    drafts = MonthlyReport.objects.filter(status=MonthlyReport.Status.DRAFT)
    return _info(drafts.select_related("meeting").order_by("-month").first())


def report_for_month(month: datetime.date) -> ReportInfo | None:
    return _info(MonthlyReport.objects.select_related("meeting").filter(month=month).first())
