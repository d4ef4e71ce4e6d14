"""What the meeting page shows besides the cases: who sits on the board, the notices,
the meeting book and the minutes."""

from meetings.models import BoardMember
from reports.models import BoardMeeting


def meeting_papers(meeting: BoardMeeting) -> dict:
    return {
        "members": list(
            BoardMember.objects.serving_on(meeting.date).select_related("municipality")
        ),
        "notices": list(meeting.notices.order_by("-queued_at")),
    }
