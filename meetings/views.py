from django.shortcuts import render

from meetings.page import meeting_papers
from reports import selectors
from reports.rendering import case_texts
from ror_portal.access import role_required
from ror_portal.roles import READERS


@role_required(READERS)
def meeting(request, meeting):
    """A meeting's page: its time and place, papers (the book, the notice, the minutes),
    its agenda with each case the reader may see, and who sits on the board."""
    found = selectors.meeting_with_cases(request.user, meeting)
    reports = selectors.published_reports().filter(meeting=found)
    cases = [(case, case_texts(case)) for case in found.cases.all()]
    return render(
        request,
        "meetings/meeting.html",
        {"meeting": found, "cases": cases, "reports": reports, **meeting_papers(found)},
    )
