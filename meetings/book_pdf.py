"""The meeting book's PDF: one WeasyPrint document (PDF/A-2a, tagged) of the front
page with the agenda, each case's sheet and its frozen documents; then the pages of
the cases' PDF attachments drawn into the pages kept for them.

WeasyPrint cannot lay out a PDF, so the book's HTML keeps one empty page for each page
of each PDF attachment, with an id: WeasyPrint numbers it, gives it the book's header
and counts it in the agenda's page numbers, and writes the id as a named destination,
which says on which page of the PDF it landed. pypdf then draws the attachment's page,
scaled, into that page's content area."""

import io
import logging
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from meetings.book import BookCase, BookPapers
from reports.frozen import stored_html
from reports.models import Attachment
from reports.rendering import PHONE_DRAWING
from ror_portal.formatting import format_date

logger = logging.getLogger(__name__)

MM = 72 / 25.4  # PDF points in a millimetre
# A4 and the content area report-print.css's @page margins leave (top, right, bottom, left).
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
MARGINS = (22 * MM, 18 * MM, 20 * MM, 20 * MM)

# The attributes that name or point at an id, in our own templates' output.
_ID_ATTRIBUTE = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|headers)="([^"]*)"')
_ID_LINK = re.compile(r'href="#([^"]*)"')


@dataclass
class AttachmentPages:
    title: str
    ids: list[str]  # one placeholder page each


@dataclass
class SheetAndPapers:
    """A case as the book's HTML shows it."""

    item: BookCase
    anchor: str
    documents: list[SafeString]
    attachments: list[AttachmentPages]


def book_title(papers: BookPapers) -> str:
    meeting = papers.meeting
    return _("Meeting book – %(body)s %(date)s") % {
        "body": meeting.body,
        "date": format_date(meeting.date),
    }


def book_pdf(papers: BookPapers, *, edition: str = "") -> tuple[bytes, int]:
    """The book's PDF and its number of pages; ``edition`` what its footers say it is
    (the public edition's), none for the board's."""
    readable = ((a, readable_pdf(a)) for item in papers.cases for a in item.pdf_attachments)
    attachments = {attachment.pk: pages for attachment, pages in readable if pages is not None}
    pages = {pk: len(reader.pages) for pk, reader in attachments.items()}
    html = book_html(papers, pages, edition=edition)
    # WeasyPrint is loaded only by the process that makes a PDF (see reports.pdf).
    from reports.pdf_writer import write_pdf

    pdf = write_pdf(html)
    if not attachments:
        return pdf, len(PdfReader(io.BytesIO(pdf)).pages)
    return _with_attachment_pages(pdf, attachments)


def book_html(papers: BookPapers, attachment_pages: dict[int, int], *, edition: str = "") -> str:
    """The book's print HTML; ``attachment_pages`` the number of pages of each PDF
    attachment, by its primary key."""
    cases = [
        SheetAndPapers(
            item=item,
            anchor=f"sak-{item.case.slug}",
            documents=[
                _own_ids(stored_html(document.version), f"d{position}-{index}-")
                for index, document in enumerate(item.documents)
            ],
            attachments=[
                AttachmentPages(
                    attachment.title,
                    [
                        placeholder_id(attachment.pk, page)
                        for page in range(attachment_pages[attachment.pk])
                    ],
                )
                for attachment in item.pdf_attachments
                if attachment.pk in attachment_pages
            ],
        )
        for position, item in enumerate(papers.cases)
    ]
    return render_to_string(
        "meetings/book_print.html",
        {
            "title": book_title(papers),
            "meeting": papers.meeting,
            "members": papers.members,
            "cases": cases,
            "edition": edition,
        },
    )


def placeholder_id(attachment_pk: int, page: int) -> str:
    return f"vedlegg-{attachment_pk}-side-{page + 1}"


def _own_ids(html: str, prefix: str) -> SafeString:
    """A frozen document's HTML with its ids (and what points at them) prefixed: two
    documents in one book have the same ids ("case-title", a report's section anchors),
    and a contents' page number must find its own document's heading. Without the
    phones' drawing of each chart, which paper never shows."""

    def prefixed(match: re.Match) -> str:
        names = " ".join(prefix + name for name in match.group(2).split())
        return f'{match.group(1)}="{names}"'

    html = _ID_ATTRIBUTE.sub(prefixed, PHONE_DRAWING.sub("", html))
    html = _ID_LINK.sub(lambda match: f'href="#{prefix}{match.group(1)}"', html)
    return mark_safe(html)  # noqa: S308 - a version's stored HTML, sanitised when published


def readable_pdf(attachment: Attachment) -> PdfWriter | None:
    """The attachment's pages, in a writer of their own: pypdf turns a rotated page's
    content only on a writer's page. None for a PDF pypdf cannot read: an upload is
    checked by qpdf (reports.pdf_safety), but one pypdf still refuses is left on the
    sheet's list of attachments rather than stopping the book."""
    with attachment.file.open("rb") as stream:
        data = stream.read()
    try:
        return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except PdfReadError:
        logger.warning("The meeting book leaves out the pages of %s: unreadable", attachment.file)
        return None


def _with_attachment_pages(pdf: bytes, attachments: dict[int, PdfWriter]) -> tuple[bytes, int]:
    """WeasyPrint's PDF with the attachments' pages drawn in, as an incremental update:
    WeasyPrint's file stays as it is (its objects in compressed object streams, which
    pypdf does not write: rewritten whole, the demo's book grew from 0.2 to 1 MB) and
    the pages drawn on, with what they use, are added after it."""
    book = PdfReader(io.BytesIO(pdf))
    places = {
        name: book.get_destination_page_number(destination)
        for name, destination in book.named_destinations.items()
    }
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    for pk, reader in attachments.items():
        for index, page in enumerate(reader.pages):
            target = writer.pages[places[placeholder_id(pk, index)]]
            _draw_into_content_area(target, page)
            target.compress_content_streams()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(writer.pages)


def _draw_into_content_area(target: PageObject, page: PageObject) -> None:
    """The attachment's page, scaled to fit the content area (never enlarged), at the
    area's top, centred."""
    page.transfer_rotation_to_content()
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    top, right, bottom, left = MARGINS
    area_width, area_height = PAGE_WIDTH - left - right, PAGE_HEIGHT - top - bottom
    scale = min(area_width / width, area_height / height, 1.0)
    x = left + (area_width - width * scale) / 2
    y = PAGE_HEIGHT - top - height * scale
    placed = (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale)
        .translate(x, y)
    )
    target.merge_transformed_page(page, placed)
