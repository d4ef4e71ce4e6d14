"""The meeting book's download: the latest book while it is the meeting as it is;
otherwise the worker makes the next one and the reader waits on a page that reloads."""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from meetings.book import book_papers, latest_book
from meetings.book_tasks import queue_meeting_book
from reports import selectors
from reports.views import pdf_response, refuses_changed_files
from ror_portal.access import role_required
from ror_portal.roles import READERS

# Seconds between the waiting page's reloads, and how many before it stops: a worker
# makes the demo's book in about 4 s, so two minutes without one means it is not coming.
RELOAD_AFTER = 5
RELOADS = 24


@role_required(READERS)
@refuses_changed_files
def meeting_book(request, meeting):
    found = selectors.meeting_with_cases(request.user, meeting)
    papers = book_papers(found)
    if not papers.cases:
        raise Http404  # a book of nothing the board may see
    book = latest_book(found)
    if book is not None and book.contents == papers.contents:
        return pdf_response(book, f"motebok-{found.slug}.pdf")
    # Never made in the request: WeasyPrint takes seconds. A reload of the waiting page
    # queues it only if none waits for the worker (jobs.queueing).
    reloads = _reloads(request)
    if reloads < RELOADS:
        queue_meeting_book(found.pk)
    response = render(
        request,
        "meetings/book_waiting.html",
        {
            "meeting": found,
            "reload_after": RELOAD_AFTER,
            "next_reload": reloads + 1 if reloads < RELOADS else None,
        },
        # Given up: the worker is down or the book fails (logged by the task).
        status=200 if reloads < RELOADS else 503,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _reloads(request) -> int:
    """How many times the waiting page has reloaded itself (its own ``?venter=N``)."""
    value = request.GET.get("venter", "")
    return min(int(value), RELOADS) if value.isdigit() else 0
