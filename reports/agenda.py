"""A meeting's agenda (saksliste): its cases in the order of their numbers, and the
standing cases every new meeting starts with. Each of them can be changed or deleted."""

from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import BoardMeeting, Case
from ror_portal.dates import add_months
from ror_portal.formatting import format_date, month_label


def case_number(meeting: BoardMeeting, position: int) -> str:
    """2024/M1-004: the meeting's number and the case's place on the agenda."""
    return f"{meeting.number}-{position:03d}"


def next_case_number(meeting: BoardMeeting) -> str:
    """The number a case added to the meeting takes: after the last one."""
    numbers = [
        int(number.rsplit("-", 1)[1])
        for number in meeting.cases.values_list("number", flat=True)
        if number.rsplit("-", 1)[-1].isdigit()
    ]
    return case_number(meeting, max(numbers, default=0) + 1)


def previous_meeting(meeting: BoardMeeting) -> BoardMeeting | None:
    return (
        BoardMeeting.objects.filter(date__lt=meeting.date)
        .exclude(pk=meeting.pk)
        .order_by("-date")
        .first()
    )


def _handler(standing: str, previous: BoardMeeting | None) -> str:
    """Who handles a standing case: whoever handled it at the meeting before."""
    if previous is not None:
        before = previous.cases.filter(standing=standing).first()
        if before is not None:
            return before.handler
    return "ROR-IKT"


@transaction.atomic
def add_standing_cases(meeting: BoardMeeting, *, report_month=None) -> list[Case]:
    """The cases every meeting has, numbered from 001: approval of the notice and agenda,
    approval of the last meeting's minutes (linked to that meeting), the monthly report
    (by default of the month before the meeting's) and orientation matters. A meeting
    with cases already gets none."""
    if meeting.cases.exists():
        return []
    report_month = report_month or add_months(meeting.date.replace(day=1), -1)
    previous = previous_meeting(meeting)
    # standing, title, kind, proposed decision, other fields
    specs: list[tuple[str, str, str, str, dict]] = [
        (
            Case.Standing.NOTICE_APPROVAL,
            _("Approval of the notice and agenda"),
            Case.Kind.DECISION,
            _("The notice and the agenda are approved."),
            {},
        )
    ]
    if previous is not None:
        specs.append(
            (
                Case.Standing.MINUTES_APPROVAL,
                _("Approval of the minutes of %(date)s") % {"date": format_date(previous.date)},
                Case.Kind.DECISION,
                _("The minutes of the meeting of %(date)s are approved.")
                % {"date": format_date(previous.date)},
                {"minutes_of": previous},
            )
        )
    specs.append(
        (
            Case.Standing.MONTHLY_REPORT,
            _("Monthly report %(month)s") % {"month": month_label(report_month)},
            Case.Kind.ORIENTATION,
            _("The board takes the monthly report for information."),
            {},
        )
    )
    specs.append(
        (
            Case.Standing.ORIENTATION,
            _("Orientation matters"),
            Case.Kind.ORIENTATION,
            _("Samarbeidsrådet for ROR-IKT will be informed about the following matters:"),
            {},
        )
    )
    return [
        Case.objects.create(
            meeting=meeting,
            number=case_number(meeting, position),
            title=title,
            handler=_handler(standing, previous),
            kind=kind,
            standing=standing,
            proposed_decision=proposal,
            **extra,
        )
        for position, (standing, title, kind, proposal, extra) in enumerate(specs, start=1)
    ]
