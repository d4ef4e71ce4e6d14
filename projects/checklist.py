"""The building projects' part of the monthly checklist: the week's statuses."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import BuildingProject, StatusReview, StatusUpdate
from projects.selectors import latest_updates
from ror_portal.blocks import Period
from ror_portal.checklist import ChecklistItem, register
from ror_portal.formatting import format_date


@register("projects.week_statuses", order=30)
def week_statuses(period: Period) -> ChecklistItem:
    """Every active project has its status from the week of the as-of date (its latest
    update by then is from that week), or the week's grid was saved on or before that
    date, which goes through them all. A project finished before the week is not asked
    for: it is done, and the weekly grid no longer carries its status on."""
    monday = period.as_of - datetime.timedelta(days=period.as_of.weekday())
    week = period.as_of.isocalendar().week
    latest = latest_updates(period.as_of)
    asked: list[BuildingProject] = []
    missing: list[BuildingProject] = []
    for project in BuildingProject.objects.active():
        update = latest.get(project.pk)
        if update and update.status == StatusUpdate.Status.FINISHED and update.date < monday:
            continue
        asked.append(project)
        if update is None or update.date < monday:
            missing.append(project)
    detail = _("%(current)s of %(total)s active projects have a status from week %(week)s.") % {
        "current": len(asked) - len(missing),
        "total": len(asked),
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
    elif missing:
        detail += " " + _("Missing a status for: %(projects)s.") % {
            "projects": ", ".join(project.title for project in missing)
        }
    return ChecklistItem(
        label=_("Project statuses for week %(week)s") % {"week": week},
        ok=not missing or review is not None,
        detail=detail,
        url=reverse("admin:projects_buildingproject_updates")
        + "?"
        + urlencode({"date": period.as_of.isoformat()}),
    )
