"""The month in progress, on the pages of the monthly work: the admin's front page shows
its checklist and next step, and every step's page links back to its checklist.

    {% load month_in_progress %}{% back_to_checklist %}        (the draft in progress)
    {% load month_in_progress %}{% back_to_checklist report.month %}   (that month's report)

The month in progress is ``ror_portal.reporting.draft_report`` (one query), so the pages
of the domain apps and the jobs link to the reports' content page without importing
``reports``."""

import datetime

from django import template

from ror_portal.checklist import checklist
from ror_portal.formatting import month_label
from ror_portal.reporting import draft_report, report_for_month

register = template.Library()

# The content page, where the checklist is, is open to those who may change reports
# (reports.admin.MonthlyReportAdmin), and the next month to those who may add them.
CHECKLIST_PERMISSION = "reports.change_monthlyreport"


def _may_see_checklist(context) -> bool:
    request = context.get("request")
    return bool(request and request.user.has_perm(CHECKLIST_PERMISSION))


@register.inclusion_tag("includes/back_to_checklist.html", takes_context=True)
def back_to_checklist(context, month: datetime.date | None = None) -> dict:
    """A link to the checklist of the month in progress, or of ``month``'s report."""
    if not _may_see_checklist(context):
        return {}
    report = report_for_month(month) if month else draft_report()
    if report is None:
        return {}
    return {"url": report.content_url + "#sjekkliste", "month": month_label(report.month)}


@register.inclusion_tag("admin/includes/month_in_progress.html", takes_context=True)
def month_in_progress(context) -> dict:
    """The admin's front page: the draft's checklist in a line and its first open point,
    or, with no draft, the way to start the next month. The checklist's functions are
    a few counts each, whatever the data."""
    if not _may_see_checklist(context):
        return {"shown": False}
    report = draft_report()
    if report is None:
        user = context["request"].user
        return {"shown": True, "may_start": user.has_perm("reports.add_monthlyreport")}
    items = checklist(report.period)
    return {
        "shown": True,
        "report": report,
        "month": month_label(report.month),
        "done": sum(item.ok for item in items),
        "total": len(items),
        "next_step": next((item for item in items if not item.ok), None),
    }
