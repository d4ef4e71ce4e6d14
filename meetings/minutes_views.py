"""The published minutes for the board: the latest version's PDF/A, as it was frozen."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.minutes import latest_minutes
from reports import selectors
from reports.views import pdf_response, refuses_changed_files
from ror_portal.access import role_required
from ror_portal.roles import READERS


@role_required(READERS)
@refuses_changed_files
def minutes_pdf(request, meeting):
    """Minutes not published are a draft: 404 for everyone here (administrators preview
    them in the admin)."""
    found = get_object_or_404(
        selectors.visible_meetings(request.user), number=meeting.replace("-", "/", 1)
    )
    version = latest_minutes(found)
    if version is None:
        raise Http404
    return pdf_response(version, f"protokoll-{found.slug}.pdf")
