"""The public edition of the meeting book (møtebok): the board's book made again by the
same code (meetings.book_pdf) from what the public may read of the same papers.

- The cases are under their public titles. Each sheet's proposal and decision are as
  case_texts renders them with the meeting's markings: a part withheld is the line
  «Unntatt offentlighet, offl. § …». A case withheld whole is its number, public title
  and the line. A case with a public title has no «Saken gjelder» sentence (its title
  holds what is withheld, so the sentence on it may too), and a withheld decision has no
  votes and remarks.
- The documents are the public editions of the versions the board's book holds (their
  stored HTML, as the board's book holds the versions'), never the board's. A version
  published without one (publicaccess.editions.make_missing could not make it) is left
  out.
- A withheld attachment is listed only as the line, without its name, and its pages
  are not drawn in. The case document's own PDF, which publishing attaches to the case
  under its full title, is neither listed nor drawn in: the case document is in the
  book as its public edition.

It is made with each board book, in its transaction (meetings.book_tasks.BOOK_MADE),
and what it shows beyond the board's papers (the markings, the public titles, the
documents' public editions) is part of the book's fingerprint (FINGERPRINT_INPUTS).
So a new version of the book is made whenever the board's papers or the public
edition's inputs change, each with its public edition, though a change of marking
leaves the board's book the same as the one before. A marking saved or deleted queues
the book, as a change to a case does."""

import logging
from dataclasses import replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from meetings import book, book_tasks
from meetings.book import BookCase, BookDocument, BookPapers, case_document_pdfs
from meetings.book_pdf import book_html, book_pdf
from meetings.models import MeetingBook
from publicaccess.editions import plain_text
from publicaccess.marking import (
    meeting_markings,
    withheld,
    withheld_attachments,
    withheld_items,
)
from publicaccess.models import PublicEdition, Withholding
from reports.models import Case
from reports.publishing import sha256
from reports.rendering import case_texts, print_edition
from ror_portal.withholding import Withheld, missing_passages_message, withheld_line, withheld_text

logger = logging.getLogger(__name__)


def book_markings(papers: BookPapers) -> list[Withholding]:
    """The markings of the book's cases: a draft case's are not the public's business,
    not even that it has some."""
    cases = {item.case.pk for item in papers.cases}
    return [m for m in meeting_markings(papers.meeting) if m.case_id in cases]


def public_papers(papers: BookPapers, markings: list[Withholding]) -> BookPapers:
    """The papers as the public edition shows them; ValidationError where a passage
    marked as withheld is no longer in its text (as for the other public editions)."""
    hidden = withheld(markings)
    not_given = withheld_attachments(markings)
    editions = documents_public_editions(papers)
    cases = [_public_case(item, hidden, not_given, editions) for item in papers.cases]
    passages = [
        f"{item.case.number}: {passage}"
        for item in cases
        for passage in item.texts.missing_passages
    ]
    if passages:
        raise ValidationError(missing_passages_message(passages))
    return replace(papers, cases=cases)


def _public_case(
    item: BookCase,
    hidden: Withheld,
    not_given: set[int],
    editions: dict[tuple[str, int], PublicEdition],
) -> BookCase:
    case = item.case
    key = f"case:{case.pk}"
    texts = case_texts(case, hidden)
    whole = hidden.basis(key)
    if whole is not None:
        return BookCase(
            case=case,
            title=case.title_for(public=True),
            subject="",
            texts=texts,
            remarks="",
            documents=[],
            attachments=[],
            pdf_attachments=[],
            withheld_line=withheld_line(whole),
        )
    own_pdfs = case_document_pdfs(case, item.attachment_sha256)
    attachments = [a for a in item.attachments if a.pk not in own_pdfs]
    lines = {
        a.pk: withheld_text(hidden.basis(f"attachment:{a.pk}") or "")
        for a in attachments
        if a.pk in not_given
    }
    documents = [
        BookDocument(edition, edition.title)
        for edition in (editions.get(_key(d.version)) for d in item.documents)
        if edition is not None
    ]
    return BookCase(
        case=case,
        title=case.title_for(public=True),
        subject="" if case.public_title else item.subject,
        texts=texts,
        remarks="" if hidden.basis(f"{key}:decision") else item.remarks,
        documents=documents,
        attachments=attachments,
        pdf_attachments=[a for a in item.pdf_attachments if a.pk not in not_given],
        attachment_sha256=item.attachment_sha256,
        withheld_attachments=lines,
    )


def _key(version) -> tuple[str, int]:
    return (version._meta.label_lower, version.pk)


def documents_public_editions(papers: BookPapers) -> dict[tuple[str, int], PublicEdition]:
    """The public edition of each version in the book, by the version's model and key."""
    versions = [d.version for item in papers.cases for d in item.documents]
    editions: dict[tuple[str, int], PublicEdition] = {}
    for model in {type(v) for v in versions}:
        found = PublicEdition.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[v.pk for v in versions if type(v) is model],
        )
        editions.update({(model._meta.label_lower, e.object_id): e for e in found})
    return editions


def public_inputs(papers: BookPapers) -> dict:
    """What the public edition shows beyond the board's papers, for the book's
    fingerprint (meetings.book.FINGERPRINT_INPUTS)."""
    markings = book_markings(papers)
    hidden = withheld(markings)
    editions = documents_public_editions(papers)
    return {
        "withheld": {"parts": dict(hidden.parts), "passages": dict(hidden.passages)},
        "listed": [item.as_json() for item in withheld_items(markings)],
        "public_titles": [item.case.public_title for item in papers.cases],
        "editions": [
            [e.pk, e.html_sha256] if (e := editions.get(_key(d.version))) else None
            for item in papers.cases
            for d in item.documents
        ],
    }


def book_edition_title(papers: BookPapers) -> str:
    """«Møtebok 2024/M1»."""
    return _("Meeting book %(number)s") % {"number": papers.meeting.number}


def make_public_book(made: MeetingBook, papers: BookPapers) -> PublicEdition | None:
    """Store the public edition of the book just made from ``papers``. Not made where a
    marked passage is gone from its text: the board's book is stored all the same, and
    marking the changed text again (or changing it) makes the next book with its public
    edition."""
    markings = book_markings(papers)
    try:
        public = public_papers(papers, markings)
    except ValidationError as refused:
        logger.warning("No public edition of %s: %s", made, " ".join(refused.messages))
        return None
    edition_line = print_edition(made, public=True)
    pdf, _pages = book_pdf(public, edition=edition_line)
    edition = PublicEdition(
        kind=PublicEdition.Kind.MEETING_BOOK,
        meeting=made.meeting,
        content_type=ContentType.objects.get_for_model(MeetingBook),
        object_id=made.pk,
        slug=made.meeting.slug,
        number=made.number,
        title=book_edition_title(papers),
        pdf_sha256=sha256(pdf),
        withheld=[item.as_json() for item in withheld_items(markings)],
        text=book_text(book_html(public, {}, edition=edition_line)),
        published_at=made.made_at,
    )
    try:
        edition.pdf.save(f"offentlig-motebok-{made.meeting.slug}.pdf", ContentFile(pdf), False)
        edition.save()
    except Exception:
        if edition.pdf.name:
            edition.pdf.storage.delete(edition.pdf.name)
        raise
    return edition


def book_text(html: str) -> str:
    """The book's text for the search: its sheets' and documents' (an attachment's pages
    are the attachment's own). A tag parts words, as it parts the lines of a page: a
    cell's text from the next one's."""
    return plain_text(html)


def _marking_changed(sender, instance: Withholding, raw: bool = False, **kwargs) -> None:
    """A case's marking changes its meeting's public book: the worker makes the book
    anew (a section's changes its report's next version, which queues the book then).
    Not while a fixture is loaded, nor where turned off (the tests)."""
    if raw or not settings.MEETING_BOOK_IN_BACKGROUND or not instance.case_id:
        return
    meeting = Case.objects.filter(pk=instance.case_id).values_list("meeting_id", flat=True)
    if meeting_pk := meeting.first():
        book_tasks.queue_meeting_book(meeting_pk)


def connect_book() -> None:
    """Make the public edition with each meeting book (called once, from
    PublicAccessConfig.ready)."""
    if public_inputs not in book.FINGERPRINT_INPUTS:
        book.FINGERPRINT_INPUTS.append(public_inputs)
    if make_public_book not in book_tasks.BOOK_MADE:
        book_tasks.BOOK_MADE.append(make_public_book)
    uid = "publicaccess.public_book"
    post_save.connect(_marking_changed, sender=Withholding, dispatch_uid=uid)
    post_delete.connect(_marking_changed, sender=Withholding, dispatch_uid=f"{uid}:delete")
