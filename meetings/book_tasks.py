"""The meeting book made by the worker: a new version whenever what it holds changed.

A change to a meeting's cases, their attachments or its published versions queues
the task once its transaction has committed (connected in MeetingsConfig.ready). The
task compares the fingerprint of the papers with the latest book's: the same, and it
does nothing, so a change that touches nothing the book shows makes no version.

What is made with each book from the same papers (its public edition,
publicaccess.book_edition) is made by BOOK_MADE's functions once the book is stored,
in its transaction: a book and what is made with it are stored together or not at all.

Off in the tests (``MEETING_BOOK_IN_BACKGROUND``): tasks run where they are queued
there, and every save of a case would run WeasyPrint."""

from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task

from jobs.queueing import enqueue_after_commit
from meetings.book import BookPapers, book_papers, latest_book
from meetings.book_pdf import book_pdf
from meetings.models import MeetingBook
from reports.models import (
    Attachment,
    BoardMeeting,
    Case,
    CaseDocumentVersion,
    MonthlyReport,
    ReportVersion,
)
from reports.publishing import sha256

# Called with each new book and the papers it was made from, in its transaction.
BOOK_MADE: list[Callable[[MeetingBook, BookPapers], None]] = []


@task()
def make_meeting_book(meeting_pk: int) -> int | None:
    """Make the next version of the meeting's book if its papers changed since the
    latest; the number of the book that is up to date (None: the meeting has no
    published case, or no longer exists)."""
    with transaction.atomic():
        # Two workers making the same meeting's book wait for each other, and the
        # second finds the first's book up to date.
        meeting = BoardMeeting.objects.select_for_update().filter(pk=meeting_pk).first()
        if meeting is None:
            return None
        papers = book_papers(meeting)
        if not papers.cases:
            return None
        latest = latest_book(meeting)
        contents = papers.contents
        if latest is not None and latest.contents == contents:
            return latest.number
        pdf, pages = book_pdf(papers)
        book = MeetingBook(
            meeting=meeting,
            number=(latest.number if latest else 0) + 1,
            contents=contents,
            pages=pages,
            pdf_sha256=sha256(pdf),
        )
        _store(book, pdf, papers)
        return book.number


def _store(book: MeetingBook, pdf: bytes, papers: BookPapers) -> None:
    """Save the book with its file, and what is made with it (BOOK_MADE), all or
    nothing: on a failure the file is deleted (the transaction rolls the rows back)."""
    try:
        book.pdf.save(f"motebok-{book.meeting.slug}.pdf", ContentFile(pdf), save=False)
        book.save()
        for made_with_it in BOOK_MADE:
            made_with_it(book, papers)
    except Exception:
        if book.pdf.name:
            book.pdf.storage.delete(book.pdf.name)
        raise


def queue_meeting_book(meeting_pk: int) -> None:
    """Queue the making of the meeting's book once this transaction has committed,
    once: not again while one waits for the worker (jobs.queueing)."""
    enqueue_after_commit(make_meeting_book, meeting_pk)


def _meeting_of(instance) -> int | None:
    if isinstance(instance, BoardMeeting):
        return instance.pk
    if isinstance(instance, Case):
        return instance.meeting_id
    if isinstance(instance, Attachment | CaseDocumentVersion):
        return Case.objects.filter(pk=instance.case_id).values_list("meeting_id", flat=True).first()
    if isinstance(instance, ReportVersion):
        reports = MonthlyReport.objects.filter(pk=instance.report_id)
        return reports.values_list("meeting_id", flat=True).first()
    return None


def book_changed(sender, instance=None, raw: bool = False, **kwargs) -> None:
    """A change to what a meeting's book shows: the worker makes the book anew. Not
    while a fixture is loaded, nor where turned off (the tests)."""
    if raw or not settings.MEETING_BOOK_IN_BACKGROUND:
        return
    meeting_pk = _meeting_of(instance)
    if meeting_pk is not None:
        queue_meeting_book(meeting_pk)


WATCHED = (BoardMeeting, Case, Attachment, ReportVersion, CaseDocumentVersion)


def connect() -> None:
    """Listen to what a book shows (called once, from MeetingsConfig.ready)."""
    for model in WATCHED:
        uid = f"meeting_book:{model._meta.label_lower}"
        post_save.connect(book_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(book_changed, sender=model, dispatch_uid=f"{uid}:delete")
