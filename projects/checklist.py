"""The building projects' part of the monthly checklist: the week's statuses."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import BuildingProject, StatusReview, StatusUpdate
from projects.selectors import project_statuses
from ror_portal.blocks import Period
from ror_portal.checklist import ChecklistItem, register
from ror_portal.formatting import format_date


@register("projects.week_statuses", order=30)
def week_statuses(period: Period) -> ChecklistItem:
    """Every project the report shows has its status from the week of the as-of date
    (the report shows each one's latest update by then), or the week's grid was saved
    on or before that date, which goes through them all; a finished one needs no more."""
    monday = period.as_of - datetime.timedelta(days=period.as_of.weekday())
    week = period.as_of.isocalendar().week
    shown = project_statuses(period)
    current = [s for s in shown if s.date >= monday or s.status == StatusUpdate.Status.FINISHED]
    # Active projects the report leaves out because they were finished before the month.
    dropped = (
        StatusUpdate.objects.latest_on(period.as_of)
        .filter(project__active=True, status=StatusUpdate.Status.FINISHED, date__lt=period.month)
        .count()
    )
    total = BuildingProject.objects.active().count() - dropped
    detail = _("%(current)s of %(total)s active projects have a status from week %(week)s.") % {
        "current": len(current),
        "total": total,
        "week": week,
    }
    review = (
        StatusReview.objects.filter(date__range=(monday, period.as_of))
        .select_related("reviewed_by")
        .first()
    )
    if review:
        detail += " " + _("The statuses were gone through for %(date)s by %(user)s.") % {
            "date": format_date(review.date),
            "user": review.reviewed_by or "–",
        }
    return ChecklistItem(
        label=_("Project statuses for week %(week)s") % {"week": week},
        ok=len(current) == total or review is not None,
        detail=detail,
        url=reverse("admin:projects_buildingproject_updates")
        + "?"
        + urlencode({"date": period.as_of.isoformat()}),
    )
