"""The reports app's own blocks: the glossary, and what came of earlier decisions."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.models import Case, DecisionFollowUp, Term
from ror_portal.blocks import BlockData, KeyFigure, Period, register

FollowUpStatus = DecisionFollowUp.Status


def term_count(columns, rows) -> list[KeyFigure]:
    return [KeyFigure(gettext("Terms in the glossary"), Decimal(len(rows)))]


@register(
    "reports.glossary",
    key_figures=term_count,
    title=_("Glossary"),
    template="reports/blocks/glossary.html",
)
def glossary(period: Period) -> BlockData:
    return BlockData(
        columns=[gettext("Term"), gettext("Definition")],
        rows=list(Term.objects.values_list("term", "definition")),
    )


@dataclass(frozen=True)
class DecisionRow:
    number: str
    url: str
    title: str
    meeting_date: datetime.date
    status_label: str
    month: datetime.date | None  # of the latest follow-up; None when there is none yet
    comment: str
    # As the minutes recorded them with the decision, so nobody types them again.
    responsible: str = ""
    deadline: datetime.date | None = None


def followed_up_decisions(period: Period) -> list[DecisionRow]:
    """The decisions of meetings before the report's, each with its latest follow-up by the
    report's month: those still open, and those done in that very month, shown closed once.
    A decision without a follow-up is not started. One query, whatever the counts."""
    in_time = DecisionFollowUp.objects.filter(case=OuterRef("pk"), month__lte=period.month)
    latest = in_time.order_by("-month")
    cases = (
        Case.objects.filter(kind=Case.Kind.DECISION, meeting__date__lt=period.meeting_date)
        .annotate(
            follow_up_status=Coalesce(
                Subquery(latest.values("status")[:1]), Value(FollowUpStatus.NOT_STARTED)
            ),
            follow_up_month=Subquery(latest.values("month")[:1]),
            follow_up_comment=Subquery(latest.values("comment")[:1]),
        )
        .filter(~Q(follow_up_status=FollowUpStatus.DONE) | Q(follow_up_month=period.month))
        .select_related("meeting")
        .order_by("meeting__date", "number")
    )
    return [
        DecisionRow(
            number=case.number,
            url=reverse("reports:case", args=[case.slug]),
            title=case.title,
            meeting_date=case.meeting.date,
            status_label=str(FollowUpStatus(case.follow_up_status).label),
            month=case.follow_up_month,
            comment=case.follow_up_comment or "",
            responsible=case.responsible,
            deadline=case.deadline,
        )
        for case in cases
    ]


def decisions_per_status(columns, rows) -> list[KeyFigure]:
    """How many decisions stand at each status (dates and comments are not figures)."""
    counts = Counter(row[3] for row in rows)
    return [
        KeyFigure(f"{columns[3]}: {status}", Decimal(count)) for status, count in counts.items()
    ]


@register(
    "reports.decisions",
    key_figures=decisions_per_status,
    title=_("Follow-up of earlier decisions"),
    template="reports/blocks/decisions.html",
)
def decisions(period: Period) -> BlockData:
    rows = followed_up_decisions(period)
    return BlockData(
        columns=[
            gettext("Case"),
            gettext("Title"),
            gettext("Meeting date"),
            gettext("Status"),
            gettext("Follow-up month"),
            gettext("Comment"),
            gettext("Responsible"),
            gettext("Deadline"),
        ],
        rows=[
            [
                r.number,
                r.title,
                r.meeting_date,
                r.status_label,
                r.month,
                r.comment,
                r.responsible,
                r.deadline,
            ]
            for r in rows
        ],
        context={"decisions": rows},
    )
