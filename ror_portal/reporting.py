"""What a domain app may know of the monthly reports without importing ``reports``:
the draft being prepared, and the report of a month. The reports app answers
(``reports.apps``); the domain apps only ask, so dependencies still point down."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ror_portal.blocks import Period


@dataclass(frozen=True)
class ReportInfo:
    month: datetime.date  # the first day of the reported month
    as_of: datetime.date  # "tall per"
    meeting_number: str  # "2024/M3"
    meeting_date: datetime.date
    is_draft: bool
    content_url: str = ""  # its checklist and sections: "Innhold og publisering"

    @property
    def period(self) -> Period:
        return Period(month=self.month, as_of=self.as_of, meeting_date=self.meeting_date)


@dataclass
class _Answers:
    draft: Callable[[], ReportInfo | None] = lambda: None
    for_month: Callable[[datetime.date], ReportInfo | None] = lambda month: None


_answers = _Answers()


def provide(
    *,
    draft: Callable[[], ReportInfo | None],
    for_month: Callable[[datetime.date], ReportInfo | None],
) -> None:
    _answers.draft, _answers.for_month = draft, for_month


def draft_report() -> ReportInfo | None:
    """The draft being prepared, the month in progress: the newest month's unpublished
    report, if any. One query."""
    return _answers.draft()


def report_for_month(month: datetime.date) -> ReportInfo | None:
    """The report of the month ``month`` lies in, draft or published."""
    return _answers.for_month(month.replace(day=1))
