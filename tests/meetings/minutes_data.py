"""A meeting to record minutes of: 2024/M1 on 14.02.2024 with two cases, Molde's member
and deputy and Aukra's member; and what the recording form posts for it."""

import datetime
from dataclasses import dataclass

from meetings.models import BoardMember
from reports.models import BoardMeeting, Case
from ror_portal.models import Municipality
from tests.factories import BoardMeetingFactory, CaseFactory

SERVING_FROM = datetime.date(2023, 1, 1)


@dataclass
class MinutesMeeting:
    meeting: BoardMeeting
    decision_case: Case
    orientation_case: Case
    molde_member: BoardMember
    molde_deputy: BoardMember
    aukra_member: BoardMember


def board_member(name: str, slug: str, role=BoardMember.Role.MEMBER) -> BoardMember:
    """The member, made the first time (a second meeting has the same board)."""
    member, _ = BoardMember.objects.get_or_create(
        name=name,
        defaults={
            "municipality": Municipality.objects.get(slug=slug),
            "role": role,
            "serves_from": SERVING_FROM,
        },
    )
    return member


def minutes_meeting(number="2024/M1", date=datetime.date(2024, 2, 14)) -> MinutesMeeting:
    meeting = BoardMeetingFactory(number=number, date=date, starts_at=datetime.time(10, 0))
    decision = CaseFactory(
        meeting=meeting,
        number=f"{number}-004",
        title="Sikkerhetspartner",
        proposed_decision="Samarbeidsrådet godkjenner avtalen med SOC-leverandøren.",
    )
    orientation = CaseFactory(
        meeting=meeting,
        number=f"{number}-005",
        title="Orienteringssaker",
        kind=Case.Kind.ORIENTATION,
        proposed_decision="Saken tas til orientering.",
    )
    return MinutesMeeting(
        meeting=meeting,
        decision_case=decision,
        orientation_case=orientation,
        molde_member=board_member("Mona Molde", "molde"),
        molde_deputy=board_member("Dag Varamann", "molde", BoardMember.Role.DEPUTY),
        aukra_member=board_member("Arne Aukra", "aukra"),
    )


def attendance_post(data: MinutesMeeting, **rows) -> dict[str, str]:
    """The form as posted: Molde's member absent (ill) with the deputy meeting for her,
    Aukra's member present, each case as saved (its proposal if no decision yet);
    ``rows`` overrides single fields ("member-7-status": …)."""
    molde, deputy, aukra = data.molde_member, data.molde_deputy, data.aukra_member
    post = {
        f"member-{molde.pk}-status": "absent",
        f"member-{molde.pk}-reason": "Sykdom",
        f"member-{deputy.pk}-status": "present",
        f"member-{deputy.pk}-reason": "",
        f"member-{deputy.pk}-deputy_for": str(molde.pk),
        f"member-{aukra.pk}-status": "present",
        f"member-{aukra.pk}-reason": "",
    }
    for case in Case.objects.filter(pk__in=[data.decision_case.pk, data.orientation_case.pk]):
        post.update(
            {
                f"case-{case.pk}-decision": case.decision or case.proposed_decision,
                f"case-{case.pk}-decision_remarks": case.decision_remarks,
                f"case-{case.pk}-responsible": case.responsible,
                f"case-{case.pk}-deadline": case.deadline.isoformat() if case.deadline else "",
            }
        )
    post.update(rows)
    return post


def minutes_url(meeting: BoardMeeting) -> str:
    return f"/admin/reports/boardmeeting/{meeting.pk}/protokoll/"
