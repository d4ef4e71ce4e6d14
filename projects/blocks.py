"""The building projects' block in the report (section 2.4.1)."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import StatusUpdate
from projects.origin import status_origin
from projects.selectors import ProjectStatus, project_statuses
from ror_portal.blocks import BlockData, KeyFigure, Period, register

Status = StatusUpdate.Status

# The mark beside each status (the text is always there too); each colour has at
# least 4.5:1 contrast against white.
STATUS_COLOURS = {
    Status.ON_PLAN: "#1e7b34",
    Status.MINOR_DELAYS: "#b36200",
    Status.POSTPONED: "#b3261e",
    Status.UNCLEAR: "#5f6b76",
    Status.FINISHED: "#0b5394",
}


@dataclass(frozen=True)
class StatusRow:
    title: str
    status: str
    status_label: str
    colour: str
    comment: str
    week: int
    municipality: str


def status_row(status: ProjectStatus) -> StatusRow:
    municipality = status.project.municipality
    return StatusRow(
        title=status.project.title,
        status=status.status.value,
        status_label=str(status.status.label),
        colour=STATUS_COLOURS[status.status],
        comment=status.comment,
        week=status.week,
        municipality=municipality.name if municipality else _("All"),
    )


def projects_per_status(columns, rows) -> list[KeyFigure]:
    """How many projects stand at each overall status (the week numbers are not figures)."""
    counts = Counter(row[1] for row in rows)
    return [
        KeyFigure(f"{columns[1]}: {status}", Decimal(count)) for status, count in counts.items()
    ]


@register(
    "projects.status_table",
    key_figures=projects_per_status,
    title=gettext_lazy("Status of ongoing building projects"),
    template="projects/blocks/status_table.html",
    origin=status_origin,
)
def status_table(period: Period) -> BlockData:
    statuses = project_statuses(period)
    shared_week = statuses[0].week if len({s.iso_week for s in statuses}) == 1 else None
    comment_header = (
        _("Comment week %(week)s") % {"week": shared_week} if shared_week else _("Comment")
    )
    rows = [status_row(status) for status in statuses]
    return BlockData(
        columns=[_("Title"), _("Overall status"), comment_header, _("Week"), _("Municipality")],
        rows=[[r.title, r.status_label, r.comment, r.week, r.municipality] for r in rows],
        context={"projects": rows, "shared_week": shared_week, "comment_header": comment_header},
    )
