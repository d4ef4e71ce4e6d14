"""Starting the next month: a new draft with last month's sections and texts, each copied
text flagged until it is edited or confirmed as still true (reports.review)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.agenda import add_standing_cases
from reports.models import (
    BoardMeeting,
    MonthlyReport,
    Section,
)
from reports.tree import numbered
from ror_portal.dates import add_months
from ror_portal.formatting import month_label


def latest_report() -> MonthlyReport | None:
    """The report the next month starts from: the newest month's."""
    return MonthlyReport.objects.select_related("meeting").order_by("-month").first()


MEETING_NUMBER = re.compile(r"^(\d{4})/M(\d+)$")


def suggested_meeting_number(month: datetime.date) -> str:
    """The next meeting number of the year the month's report is presented in.

    A month's report goes to a meeting in the following month (January's to February's
    meeting, December's to one in January of the next year), so 2024/M2 follows 2024/M1
    and December 2024's report goes to 2025/M1 if there is none yet."""
    year = add_months(month, 1).year
    numbers = [
        int(match.group(2))
        for number in BoardMeeting.objects.filter(number__startswith=f"{year}/M").values_list(
            "number", flat=True
        )
        if (match := MEETING_NUMBER.match(number))
    ]
    return f"{year}/M{max(numbers, default=0) + 1}"


@transaction.atomic
def report_copy_to_next_month(
    *, report: MonthlyReport, meeting: BoardMeeting, as_of: datetime.date | None = None
) -> MonthlyReport:
    """A new draft for the following month with this report's sections and texts.

    The figures stand as of ``as_of`` (by default the 1st of the month after). Every
    copied text is flagged as unchanged since last month until it is edited or
    confirmed as still true."""
    month = add_months(report.month, 1)
    if MonthlyReport.objects.filter(month=month).exists():
        raise ValidationError(
            _("There is already a report for %(month)s.") % {"month": month_label(month)}
        )
    if meeting.date < month:
        raise ValidationError(_("The meeting is before the month the report covers."))
    new_report = MonthlyReport.objects.create(
        meeting=meeting, month=month, as_of=as_of or add_months(month, 1)
    )
    copies: dict[int, Section] = {}
    # Parents before children: copy in tree order.
    for item in numbered(report.sections.all()):
        old = item.section
        copies[old.pk] = Section.objects.create(
            report=new_report,
            parent=copies.get(old.parent_id) if old.parent_id is not None else None,
            position=old.position,
            title=old.title,
            body=old.body,
            block=old.block,
            body_after_block=old.body_after_block,
            unchanged_since_copy=old.can_go_stale,
        )
    return new_report


@transaction.atomic
def report_start_next_month(
    *,
    meeting: BoardMeeting,
    as_of: datetime.date,
    report: MonthlyReport | None = None,
) -> MonthlyReport:
    """Start the month after the latest report: the meeting (saved here if it is new),
    the copied sections and the dates, all or nothing."""
    report = report or latest_report()
    if report is None:
        raise ValidationError(_("There is no report to start from. Add the first report."))
    month = add_months(report.month, 1)
    if meeting.date < month:
        raise ValidationError(_("The meeting is before the month the report covers."))
    if as_of < month:
        raise ValidationError(
            _("The figures cannot stand before the month the report covers (%(month)s).")
            % {"month": month_label(month)}
        )
    if meeting.pk is None:
        meeting.full_clean()
        meeting.save()
        add_standing_cases(meeting, report_month=month)
    return report_copy_to_next_month(report=report, meeting=meeting, as_of=as_of)
