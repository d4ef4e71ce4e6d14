"""The building projects' answers for a period: one query whatever the number of
projects or updates."""

import datetime
from dataclasses import dataclass

from projects.models import BuildingProject, StatusUpdate
from ror_portal.blocks import Period
from ror_portal.collation import norwegian


@dataclass(frozen=True)
class ProjectStatus:
    project: BuildingProject
    date: datetime.date
    status: StatusUpdate.Status
    comment: str

    @property
    def week(self) -> int:
        return self.date.isocalendar().week

    @property
    def iso_week(self) -> tuple[int, int]:
        """Year and week: week 1 of two years is not the same week."""
        return self.date.isocalendar()[:2]


def project_statuses(period: Period) -> list[ProjectStatus]:
    """Each active project's latest update on or before the report's as-of date.

    A project finished before the report's month has dropped out: it is shown in
    the report of the month it was finished, not after. A project with no update
    by then is not shown.
    """
    updates = (
        StatusUpdate.objects.latest_on(period.as_of)
        .filter(project__active=True)
        .exclude(status=StatusUpdate.Status.FINISHED, date__lt=period.month)
        .select_related("project__municipality")
        .order_by("project__order", norwegian("project__title"), "project__pk")
    )
    return [
        ProjectStatus(
            project=update.project,
            date=update.date,
            status=StatusUpdate.Status(update.status),
            comment=update.comment,
        )
        for update in updates
    ]


def latest_updates(day: datetime.date) -> dict[int, StatusUpdate]:
    """Each project's latest update on or before ``day``, by project id."""
    return {update.project_id: update for update in StatusUpdate.objects.latest_on(day)}
