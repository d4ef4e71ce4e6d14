"""The building projects' answers for a period: one query whatever the number of
projects or updates."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from projects.models import BuildingProject, StatusUpdate
from ror_portal.blocks import Period
from ror_portal.collation import norwegian
from ror_portal.reporting import ReportInfo


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


def carried_on(update: StatusUpdate | None, day: datetime.date) -> StatusUpdate | None:
    """The update a project's weekly row starts from on ``day``, given its latest update
    on or before the day: what the grid shows and what a saved row is compared with.

    A project finished on an earlier day is not carried on: re-saving its "Finished"
    would keep it in every later report."""
    if update is None or (update.status == StatusUpdate.Status.FINISHED and update.date < day):
        return None
    return update


def suggested_status_date(draft: ReportInfo | None) -> datetime.date:
    """The date the weekly grid starts at: the draft report's "tall per" date, or today
    when there is no draft. Of the days of that week it is the one sure to be in the
    report, which shows each project's latest update on or before that very date (a
    later day of the week would miss it)."""
    return draft.as_of if draft else timezone.localdate()
