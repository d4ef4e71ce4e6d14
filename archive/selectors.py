"""The archive: what a user may see of the meetings, by year."""

from itertools import groupby

from django.db.models import Prefetch

from reports.models import BoardMeeting
from reports.selectors import published_reports, visible_cases, visible_meetings


def meetings_by_year(user) -> list[tuple[int, list[BoardMeeting]]]:
    """Years newest first, each with its meetings (newest first), their published
    reports (``published``), the cases the user may see and their attachments; four
    queries, however many."""
    meetings = (
        visible_meetings(user)
        .order_by("-date")
        .prefetch_related(
            Prefetch("reports", published_reports(), to_attr="published"),
            Prefetch("cases", visible_cases(user).prefetch_related("attachments")),
        )
    )
    return [(year, list(group)) for year, group in groupby(meetings, lambda m: m.date.year)]
