"""What the meeting page shows besides the cases: who sits on the board, the notices,
the meeting book and the minutes."""

from meetings.book import latest_book
from meetings.minutes import approval_of, attendance_summary, latest_minutes
from meetings.models import BoardMember
from reports.models import BoardMeeting, Case


def meeting_papers(meeting: BoardMeeting) -> dict:
    minutes = latest_minutes(meeting)  # published; a draft is the administrators' alone
    has_published_case = Case.objects.published().filter(meeting=meeting).exists()
    return {
        "members": list(
            BoardMember.objects.serving_on(meeting.date).select_related("municipality")
        ),
        "minutes": minutes,
        "minutes_attendance": attendance_summary(meeting) if minutes else None,
        "minutes_approved": approval_of(meeting) if minutes else None,
        "notices": list(meeting.notices.order_by("-queued_at")),
        # A meeting the board has a case of has a book: its latest, when one is made yet
        # (the download waits for the worker otherwise).
        "has_book": has_published_case,
        "book": latest_book(meeting) if has_published_case else None,
    }
